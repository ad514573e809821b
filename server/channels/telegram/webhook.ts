// POST /channels/telegram/{channelId}/webhook: Telegram's updates, each checked by the
// `X-Telegram-Bot-Api-Secret-Token` header setWebhook was given (no HMAC in this API: the header
// is the proof). 200 only once the update is committed (or is one the desk leaves alone), so an
// update lost to a crash before the commit is sent again. A passing failure (the store, a file
// that could not be fetched) is a 5xx for Telegram to retry; an update the desk refuses for good
// is a 400 naming why.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameSecret } from '../../desk/secrets';
import { DeskError } from '../../desk/errors';
import type { ChannelHost } from '../adapter';
import { BodyTooLarge, readJson, sendJson, UnreadableBody } from '../http-json';
import { refusedForGood, type TelegramIntake } from './intake';
import { webhookSecret } from './settings';
import { parseUpdate } from './updates';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** An update is a message of at most 4096 characters and its metadata: well under this. */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

export function telegramWebhookHandler(host: ChannelHost, intake: TelegramIntake) {
  return async (req: IncomingMessage, res: ServerResponse, params: { channelId?: string }): Promise<void> => {
    const channel = host.channel(params.channelId ?? '');
    if (!channel) return sendJson(res, 404, { error: `channel ${params.channelId} does not exist` });
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, webhookSecret(channel.secret))) {
      res.setHeader('connection', 'close');
      return sendJson(res, 401, { error: `${SECRET_HEADER} does not match the one setWebhook was given` });
    }
    let json: unknown;
    try {
      json = await readJson(req, WEBHOOK_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { error: `body is larger than ${WEBHOOK_BODY_LIMIT} bytes` });
      }
      if (error instanceof UnreadableBody) return sendJson(res, error.status, { error: error.message });
      throw error;
    }
    const update = parseUpdate(json);
    if (!update) return sendJson(res, 400, { error: 'not a Telegram update: update_id is missing or not an integer' });
    try {
      await intake.take(channel, update);
    } catch (error) {
      if (error instanceof DeskError && error.code === 'TOO_MANY_REQUESTS')
        return sendJson(res, 429, { error: error.message }, { 'retry-after': '1' });
      if (refusedForGood(error)) {
        host.log.warn({ err: error, channel: channel.id, update: update.updateId }, 'a Telegram update was refused');
        return sendJson(res, 400, { error: `the update was not stored: ${(error as Error).message}` });
      }
      host.log.warn(
        { err: error, channel: channel.id, update: update.updateId },
        'a Telegram update failed; Telegram will resend it',
      );
      return sendJson(res, 503, { error: 'the update was not stored, retry' }, { 'retry-after': '5' });
    }
    sendJson(res, 200, { ok: true });
  };
}
