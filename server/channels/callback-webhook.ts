// The call-back webhook (issue 17 §5): `callback.requested` and `callback.closed` POSTed as signed
// JSON to one configured URL, for a telephony system (an Asterisk AMI bridge, a cloud PBX) to
// dial. Entries ride the durable outbox under a channel id no channel can have, so they are
// committed with the request and retried until the receiver answers 2xx (at least once: the
// receiver dedupes by `deliveryId`).
import type { Callback } from '../../shared/schemas';
import type { DeliveryOutcome } from './adapter';
import { postSigned } from './api/webhook';

/** The outbox's channel id for call-back webhooks: '@' is outside every channel id admins may use. */
export const CALLBACK_WEBHOOK_CHANNEL = '@callbacks';

export type CallbackWebhookEvent = 'callback.requested' | 'callback.closed';

export interface CallbackWebhookPayload {
  event: CallbackWebhookEvent;
  /** The same on every retry of one notification: the receiver's idempotency key. */
  deliveryId: string;
  /** ISO 8601: when the request was made or closed. */
  at: string;
  callback: Omit<Callback, 'requestedAt' | 'claimedAt' | 'closedAt'> & {
    requestedAt: string;
    claimedAt: string | null;
    closedAt: string | null;
  };
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export function callbackWebhookBody(event: CallbackWebhookEvent, callback: Callback, at: number): string {
  const payload: CallbackWebhookPayload = {
    event,
    deliveryId: callbackDeliveryId(event, callback.id),
    at: new Date(at).toISOString(),
    callback: {
      ...callback,
      requestedAt: iso(callback.requestedAt)!,
      claimedAt: iso(callback.claimedAt),
      closedAt: iso(callback.closedAt),
    },
  };
  return JSON.stringify(payload);
}

export function callbackDeliveryId(event: CallbackWebhookEvent, callbackId: string): string {
  return `${callbackId}:${event === 'callback.requested' ? 'requested' : 'closed'}`;
}

export interface CallbackWebhookTarget {
  url: string;
  secret: string;
}

/**
 * One attempt. Every failure is transient: a PBX bridge down for a deploy or refusing a rotated
 * secret is fixed by its owner, and the request must still reach it then. With no URL configured
 * (removed since the entry was written) the entry waits for one.
 */
export async function deliverCallbackWebhook(
  target: CallbackWebhookTarget | null,
  body: string,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  if (!target) return { status: 'transient', error: 'no callbackWebhookUrl configured' };
  const answer = await postSigned(target.url, body, target.secret, signal);
  if ('unreachable' in answer)
    return { status: 'transient', error: `call-back webhook unreachable: ${answer.unreachable}` };
  if (answer.status < 200 || answer.status >= 300)
    return { status: 'transient', error: `call-back webhook answered ${answer.status}` };
  return { status: 'sent', providerId: null };
}
