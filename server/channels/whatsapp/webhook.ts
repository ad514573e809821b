// The channel's webhook as Meta calls it (developers.facebook.com/docs/graph-api/webhooks/
// getting-started): GET answers the subscription check with hub.challenge when hub.verify_token
// is the channel's; POST takes a batch of changes only when X-Hub-Signature-256 is the app
// secret's HMAC-SHA256 of the body's raw bytes, and answers 200 once every message is committed.
// Meta retries what is not answered 200, so a retry finds what was stored by its wamid.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DeskError } from '../../desk/errors';
import type { ChannelRecord } from '../../desk/mappers';
import { sameSecret } from '../../desk/secrets';
import { DataError } from '../../store/store';
import type { ChannelHost } from '../adapter';
import { BodyTooLarge, readBody, sendJson } from '../http-json';
import { MediaUnavailable, takeChange } from './inbound';
import { WebhookBody, type MessagesValue } from './payload';
import { WhatsAppCredentials, WhatsAppSettings } from './settings';

/** Meta batches up to a thousand changes; a body this large is not one of its webhooks. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;
export const SIGNATURE_HEADER = 'x-hub-signature-256';

/** `sha256=<hex>` as Meta signs: keyed by the app secret, over the bytes exactly as sent. */
export function metaSignature(raw: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

function signedBy(raw: Buffer, header: string | string[] | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(metaSignature(raw, appSecret).slice(7), 'hex');
  return timingSafeEqual(Buffer.from(header.slice(7), 'hex'), expected);
}

interface Parsed {
  settings: WhatsAppSettings;
  credentials: WhatsAppCredentials;
}

function configOf(channel: ChannelRecord): Parsed {
  return {
    settings: WhatsAppSettings.parse(channel.settings),
    credentials: WhatsAppCredentials.parse(channel.credentials),
  };
}

export function verifyHandler(host: ChannelHost) {
  return async (req: IncomingMessage, res: ServerResponse, params: { channelId?: string }): Promise<void> => {
    const channel = host.channel(params.channelId ?? '');
    if (!channel) return sendJson(res, 404, { error: `channel ${params.channelId} does not exist` });
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const challenge = query.get('hub.challenge') ?? '';
    const token = query.get('hub.verify_token') ?? '';
    if (
      query.get('hub.mode') !== 'subscribe' ||
      !token ||
      !sameSecret(token, configOf(channel).credentials.verifyToken) ||
      !/^[\w-]{1,256}$/.test(challenge)
    ) {
      return sendJson(res, 403, { error: 'verification refused: hub.verify_token is not this channel’s verifyToken' });
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    res.end(challenge);
  };
}

export function notificationHandler(host: ChannelHost) {
  return async (req: IncomingMessage, res: ServerResponse, params: { channelId?: string }): Promise<void> => {
    const channel = host.channel(params.channelId ?? '');
    if (!channel) return sendJson(res, 404, { error: `channel ${params.channelId} does not exist` });
    const own = configOf(channel);
    let raw: Buffer;
    try {
      raw = await readBody(req, WEBHOOK_MAX_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.setHeader('connection', 'close');
      return sendJson(res, 413, { error: `body is larger than ${WEBHOOK_MAX_BYTES} bytes` });
    }
    if (!signedBy(raw, req.headers[SIGNATURE_HEADER], own.credentials.appSecret)) {
      return sendJson(res, 401, {
        error: 'X-Hub-Signature-256 does not match: check the channel’s appSecret against the Meta app’s secret',
      });
    }
    if (!isUtf8(raw)) return sendJson(res, 400, { error: 'body is not valid UTF-8' });
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'body is not valid JSON' });
    }
    const parsed = WebhookBody.safeParse(json);
    if (!parsed.success) {
      const fields = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return sendJson(res, 400, { error: `not a WhatsApp Business webhook the desk can store — ${fields.join('; ')}` });
    }
    try {
      for (const entry of parsed.data.entry) {
        for (const change of entry.changes) {
          if (change.field !== 'messages') continue;
          const value = change.value as MessagesValue;
          const target = channelFor(host, channel, own, value.metadata.phone_number_id);
          if (!target) {
            host.log.warn(
              { channel: channel.id, phoneNumberId: value.metadata.phone_number_id },
              'WhatsApp change for a number no channel has',
            );
            continue;
          }
          await takeChange(host, target.channel, graphOf(target.config), value);
        }
      }
    } catch (error) {
      if (error instanceof MediaUnavailable) return sendJson(res, 503, { error: error.message });
      if (error instanceof DeskError && error.code === 'TOO_MANY_REQUESTS')
        return sendJson(res, 429, { error: error.message });
      if (error instanceof DeskError && error.code === 'SERVICE_UNAVAILABLE')
        return sendJson(res, 503, { error: error.message });
      if (error instanceof DataError)
        return sendJson(res, 400, { error: `the store cannot hold this message: ${error.message}` });
      throw error;
    }
    sendJson(res, 200, { ok: true });
  };
}

/**
 * The channel of the number a change is for. Meta calls one URL per app for all its numbers, so a
 * change may belong to a sibling channel; it is taken for it only when that channel has the same
 * app secret, the one this body was signed with.
 */
function channelFor(host: ChannelHost, channel: ChannelRecord, own: Parsed, phoneNumberId: string) {
  if (own.settings.phoneNumberId === phoneNumberId) return { channel, config: own };
  for (const sibling of host.channels()) {
    const config = configOf(sibling);
    if (config.settings.phoneNumberId === phoneNumberId && config.credentials.appSecret === own.credentials.appSecret)
      return { channel: sibling, config };
  }
  return undefined;
}

export function graphOf({ settings, credentials }: Parsed) {
  return { apiUrl: settings.apiUrl, phoneNumberId: settings.phoneNumberId, accessToken: credentials.accessToken };
}
