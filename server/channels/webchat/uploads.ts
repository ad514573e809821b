// POST /channels/webchat/{channelId}/files?name=photo.jpg with `Authorization: Bearer {visitor
// token}` and the file's bytes as the body (any Content-Type: the type is detected from the
// bytes). Answers 201 with the file's ref, which a message frame then names in `attachments`.
// The ref is good for that visitor on that channel only, and for half the attachment grace.
// The widget posts from the site's page, another origin: the route answers the CORS preflight
// (OPTIONS) and allows the origins of the channel's allowedOrigins (all while the list is empty).
// A bearer token, not a cookie, authorises, so allowing an origin exposes no one else's session.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AttachmentRefused } from '../../attachments/attachments';
import { DeskError } from '../../desk/errors';
import { systemClock, type Clock } from '../../domain/clock';
import { RateLimiter } from '../../domain/rate-limit';
import { isStorable } from '../../../shared/text-rules';
import { LIMITS } from '../../../shared/limits';
import type { ChannelHost } from '../adapter';
import { BodyTooLarge, readBody, sendJson } from '../http-json';
import type { ChannelRecord } from '../../desk/mappers';
import { originAllowed } from './origins';
import { contactOf, visitorOwner } from './visitor-sockets';

/**
 * Files a visitor may upload: a burst of 10, then one every 6 seconds. A file costs disk until
 * housekeeping's grace is over, so a visitor scripting uploads must not fill it.
 */
const UPLOADS_PER_SEC = 1 / 6;
const UPLOAD_BURST = 10;

export function webchatUploadHandler(
  host: Pick<ChannelHost, 'channel' | 'files'>,
  allowedOrigins: (channel: ChannelRecord) => readonly string[] = () => [],
  clock: Clock = systemClock,
) {
  const uploads = new RateLimiter(clock, UPLOADS_PER_SEC, UPLOAD_BURST);
  return async (req: IncomingMessage, res: ServerResponse, params: { channelId?: string }): Promise<void> => {
    const channel = host.channel(params.channelId ?? '');
    if (!channel) return sendJson(res, 404, { error: `channel ${params.channelId} does not exist` });
    const origin = req.headers.origin;
    if (!originAllowed(allowedOrigins(channel), origin))
      return sendJson(res, 403, { error: `origin ${origin!.slice(0, 200)} is not allowed on this channel` });
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '600',
      });
      return void res.end();
    }
    const auth = req.headers.authorization ?? '';
    const contactId = auth.startsWith('Bearer ') ? contactOf(auth.slice(7), channel.secret) : null;
    if (!contactId)
      return sendJson(res, 401, {
        error: 'visitor token does not match this channel: send Authorization: Bearer <visitorToken from the welcome>',
      });
    if (!uploads.take(visitorOwner(channel.id, contactId)))
      return sendJson(
        res,
        429,
        { error: 'too many files from this visitor: wait a little and send again' },
        { 'retry-after': '6' },
      );
    const name = new URL(req.url ?? '/', 'http://textdesk').searchParams.get('name') ?? '';
    if (!name.trim() || name.length > LIMITS.fileName || !isStorable(name))
      return sendJson(res, 400, {
        error: `name the file in the query (?name=…): at most ${LIMITS.fileName} characters, no NUL`,
      });
    const limit = host.files.limits.maxFileBytes;
    let bytes: Buffer;
    try {
      bytes = await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { error: `file "${name}" is larger than ${limit} bytes, the most a file may be` });
      }
      throw error;
    }
    try {
      const file = await host.files.upload(visitorOwner(channel.id, contactId), { name, bytes });
      return sendJson(res, 201, file);
    } catch (error) {
      if (error instanceof AttachmentRefused)
        return sendJson(res, error.reason === 'size' ? 413 : 415, { error: error.message });
      if (error instanceof DeskError && error.code === 'SERVICE_UNAVAILABLE')
        return sendJson(res, 503, { error: error.message }, { 'retry-after': '30' });
      throw error;
    }
  };
}
