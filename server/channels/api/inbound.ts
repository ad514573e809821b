// The generic channel every integration builds on:
// POST /channels/api/{channelId}/messages with `Authorization: Bearer {secret}` and a JSON
// message, its files as base64 (`attachments: [{name, data}]`); 202 only once the message is
// committed. Any error stores nothing (files checked and refused are never written). Text follows the
// desk's text rule (shared/text-rules.ts): what breaks it is a 400 naming the field.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../../../shared/limits';
import { ApiInboundMessage } from '../../../shared/schemas';
import { AttachmentRefused } from '../../attachments/attachments';
import { sameSecret } from '../../desk/secrets';
import { DeskError } from '../../desk/errors';
import { DataError } from '../../store/store';
import type { ChannelHost } from '../adapter';
import { BodyTooLarge, readJson, sendJson, UnreadableBody } from '../http-json';

export function apiInboundHandler(host: ChannelHost) {
  return async (req: IncomingMessage, res: ServerResponse, params: { channelId?: string }): Promise<void> => {
    const channel = host.channel(params.channelId ?? '');
    if (!channel) {
      return sendJson(res, 404, { error: `channel ${params.channelId} does not exist` });
    }
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given || !sameSecret(given, channel.secret)) {
      return sendJson(res, 401, {
        error: 'channel secret does not match: send Authorization: Bearer <channel secret>',
      });
    }
    // Files come as base64 in the JSON (4 bytes for every 3), so the body may hold a message's
    // worth of them besides the text; the limits per file and per message are checked after.
    const bodyLimit = LIMITS.httpBody + Math.ceil(host.files.limits.maxMessageBytes / 3) * 4;
    let json: unknown;
    try {
      json = await readJson(req, bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, {
          error: `body is larger than ${bodyLimit} bytes (files may be ${host.files.limits.maxMessageBytes} bytes per message before base64)`,
        });
      }
      if (error instanceof UnreadableBody) return sendJson(res, error.status, { error: error.message });
      throw error;
    }
    const parsed = ApiInboundMessage.safeParse(json);
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '(body)', i.message]));
      return sendJson(res, 400, { error: `invalid message: ${Object.keys(fields).join(', ')}`, fields });
    }
    try {
      const { id, attachments: sent, ...rest } = parsed.data;
      const attachments = sent?.length
        ? await host.files.intake(sent.map((file) => ({ name: file.name, bytes: Buffer.from(file.data, 'base64') })))
        : undefined;
      const result = await host.receive(channel, { externalId: id, ...rest, attachments });
      if (!result.duplicate) host.accepted(channel);
      return sendJson(res, 202, result);
    } catch (error) {
      if (error instanceof AttachmentRefused) {
        const status = error.reason === 'size' ? 413 : error.reason === 'type' ? 415 : 400;
        return sendJson(res, status, { error: `the message was not stored: ${error.message}` });
      }
      if (error instanceof DeskError && error.code === 'TOO_MANY_REQUESTS') {
        return sendJson(res, 429, { error: error.message }, { 'retry-after': '1' });
      }
      // Disk space is low (server/disk-guard.ts): nothing was stored, and space must be freed first.
      if (error instanceof DeskError && error.code === 'SERVICE_UNAVAILABLE') {
        return sendJson(res, 503, { error: error.message }, { 'retry-after': '30' });
      }
      // A value the text rule let through but the store cannot hold: the sender's to fix, not a retry.
      if (error instanceof DataError) {
        return sendJson(res, 400, { error: `the store cannot hold this message: ${error.message}` });
      }
      throw error;
    }
  };
}
