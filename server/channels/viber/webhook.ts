// POST /channels/viber/{channelId}/webhook: Viber's callbacks. The signature
// (X-Viber-Content-Signature: hex HMAC-SHA256 of the raw body, keyed by the bot's token) is
// checked on the bytes as they came, before anything is parsed; a callback without a valid one
// is refused with 401 and nothing stored. Viber retries until it gets 200, which it gets only
// once what the callback brought is committed.
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { sameSecret } from '../../desk/secrets';
import type { ChannelHost } from '../adapter';
import { BodyTooLarge, readBody, sendJson } from '../http-json';
import { refusalOf } from '../provider-answers';
import { ViberEvent, ViberMessageEvent, ViberReportEvent, tokenSafe } from './events';
import { takeViberMessage } from './inbound';
import { partKey } from './send';
import { ViberCredentials, ViberSettings } from './settings';

/** Viber's callbacks are at most 30 KB of JSON; room to spare, and no more. */
export const VIBER_BODY_LIMIT = 64 * 1024;
export const SIGNATURE_HEADER = 'x-viber-content-signature';

export function viberSignature(body: Buffer | string, authToken: string): string {
  return createHmac('sha256', authToken).update(body).digest('hex');
}

export function viberWebhookHandler(host: ChannelHost) {
  return async (req: IncomingMessage, res: ServerResponse, params: { channelId?: string }): Promise<void> => {
    const channel = host.channel(params.channelId ?? '');
    if (!channel) return sendJson(res, 404, { error: `channel ${params.channelId} does not exist` });
    const settings = ViberSettings.parse(channel.settings);
    const { authToken } = ViberCredentials.parse(channel.credentials);
    let raw: Buffer;
    try {
      raw = await readBody(req, VIBER_BODY_LIMIT);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.setHeader('connection', 'close');
      return sendJson(res, 413, { error: `body is larger than ${VIBER_BODY_LIMIT} bytes` });
    }
    const given = req.headers[SIGNATURE_HEADER];
    if (typeof given !== 'string' || !sameSecret(given.toLowerCase(), viberSignature(raw, authToken)))
      return sendJson(res, 401, { error: `${SIGNATURE_HEADER} does not match the body signed with the bot's token` });
    if (!isUtf8(raw)) return sendJson(res, 400, { error: 'body is not valid UTF-8' });
    let json: unknown;
    try {
      json = JSON.parse(tokenSafe(raw.toString('utf8')));
    } catch {
      return sendJson(res, 400, { error: 'body is not valid JSON' });
    }
    const envelope = ViberEvent.safeParse(json);
    if (!envelope.success) return sendJson(res, 400, { error: 'not a Viber callback: {event, …} expected' });
    try {
      switch (envelope.data.event) {
        case 'conversation_started':
          // The customer opened the chat and has written nothing: no conversation yet. Viber
          // shows the welcome given in this answer's body (it is the only way to greet first).
          return sendJson(
            res,
            200,
            settings.welcomeText
              ? { sender: { name: settings.senderName }, type: 'text', text: settings.welcomeText }
              : {},
          );
        case 'message': {
          const event = ViberMessageEvent.safeParse(json);
          if (!event.success) return badEvent(res, 'message', event.error.issues);
          await takeViberMessage(host, channel, event.data);
          return sendJson(res, 200, {});
        }
        case 'delivered':
        case 'seen':
        case 'failed': {
          const event = ViberReportEvent.safeParse(json);
          if (!event.success) return badEvent(res, envelope.data.event, event.error.issues);
          const { message_token: token, event: status, desc } = event.data;
          // A file sent after the text of the same message: the text's token speaks for it.
          if ((await host.state.get(channel.id, partKey(token))) === null)
            await host.deliveryReport(channel, {
              providerId: token,
              status: status === 'seen' ? 'read' : status,
              ...(desc && { error: desc.slice(0, 500) }),
            });
          return sendJson(res, 200, {});
        }
        default:
          // webhook (set_webhook's check), subscribed, unsubscribed (later sends fail with status 6),
          // and events of newer API versions: answered, nothing to store.
          return sendJson(res, 200, {});
      }
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return sendJson(res, refusal.status, { error: refusal.text }, refusal.headers);
    }
  };
}

function badEvent(res: ServerResponse, event: string, issues: Array<{ path: PropertyKey[] }>): void {
  sendJson(res, 400, { error: `${event} callback does not fit: ${issues.map((i) => i.path.join('.')).join(', ')}` });
}
