// The generic channel's outbound contract: the JSON body POSTed to the channel's webhook and
// its signature (hex HMAC-SHA256 of the raw body, keyed by the channel secret).
import { createHmac } from 'node:crypto';
import type { Attachment, WebhookPayload, WebhookProbe } from '../../../shared/schemas';
import type { OutboundDelivery } from '../delivery';

export const SIGNATURE_HEADER = 'x-textdesk-signature';

/** Signs a download link for one file; the link is made at each attempt, so a retry carries a fresh one. */
export type LinkSigner = (file: Attachment) => { url: string; expiresAt: number };

export function webhookBody(channelId: string, delivery: OutboundDelivery, sign: LinkSigner): string {
  const { attachments, ...message } = delivery.message;
  const payload: WebhookPayload = {
    event: 'message.created',
    channelId,
    conversationId: delivery.conversationId,
    contact: delivery.contact,
    message: {
      ...message,
      ...(attachments?.length && {
        attachments: attachments.map((file) => {
          const link = sign(file);
          return { ...file, url: link.url, expiresAt: new Date(link.expiresAt).toISOString() };
        }),
      }),
    },
  };
  return JSON.stringify(payload);
}

export function probeBody(channelId: string, at: Date): string {
  const probe: WebhookProbe = { event: 'channel.probe', channelId, at: at.toISOString() };
  return JSON.stringify(probe);
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a signed body; the receiver's status, or why it could not be reached. */
export async function postSigned(
  url: string,
  body: string,
  secret: string,
  signal: AbortSignal,
): Promise<{ status: number } | { unreachable: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature(body, secret) },
      body,
      signal,
    });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    // fetch says only "fetch failed"; the reason an admin can act on (ECONNREFUSED, ENOTFOUND) is its cause.
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return { unreachable: code ? `${(error as Error).message} (${code})` : (error as Error).message };
  }
}
