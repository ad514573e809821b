// POST /channels/api/outbound: a script starts a conversation (issue 16) — an order confirmation
// by SMS, a follow-up by e-mail. There is no separate admin API key: the bearer is an admin's
// session token, as auth.login issues it (`Authorization: Bearer <token>`), checked on every call
// like any tRPC call. The conversation goes to `operatorId` when they can take it, else it waits
// in the channel's queue; the first message is the admin's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../../shared/limits';
import { OutboundStartBody } from '../../shared/schemas';
import { BodyTooLarge, readJson, sendJson, UnreadableBody } from '../channels/http-json';
import type { Desk } from '../desk/desk';
import { DeskError, type DeskErrorCode } from '../desk/errors';
import { DataError } from '../store/store';

const STATUS: Record<DeskErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export function outboundStartHandler(desk: Desk) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    const actor = token ? await desk.sessions.authenticate(token) : null;
    if (!actor)
      return sendJson(res, 401, {
        error: 'log in first: send Authorization: Bearer <session token of an admin> (auth.login issues it)',
      });
    if (actor.role !== 'admin') return sendJson(res, 403, { error: 'admins only: log in as an admin' });
    let json: unknown;
    try {
      json = await readJson(req, LIMITS.httpBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { error: `body is larger than ${LIMITS.httpBody} bytes` });
      }
      if (error instanceof UnreadableBody) return sendJson(res, error.status, { error: error.message });
      throw error;
    }
    const parsed = OutboundStartBody.safeParse(json);
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '(body)', i.message]));
      return sendJson(res, 400, { error: `invalid start: ${Object.keys(fields).join(', ')}`, fields });
    }
    const { operatorId, ...input } = parsed.data;
    try {
      const started = await desk.starts.start(
        actor,
        input,
        operatorId === undefined ? { take: 'queue' } : { prefer: operatorId },
      );
      return sendJson(res, 201, {
        conversationId: started.conversation.id,
        messageId: started.message.id,
        contactId: started.conversation.contactId,
        status: started.conversation.status,
        operatorId: started.conversation.operatorId,
      });
    } catch (error) {
      if (error instanceof DeskError) {
        const headers = error.code === 'TOO_MANY_REQUESTS' ? { 'retry-after': '1' } : undefined;
        return sendJson(res, STATUS[error.code], { error: error.message }, headers);
      }
      if (error instanceof DataError)
        return sendJson(res, 400, { error: `the store cannot hold this: ${error.message}` });
      throw error;
    }
  };
}
