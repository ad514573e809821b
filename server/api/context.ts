// Builds the tRPC context from a WebSocket connection or an HTTP request. A console's WebSocket
// is also its presence: the operator counts as connected while it is open.
import type { IncomingMessage } from 'node:http';
import type { CreateWSSContextFnOptions } from '@trpc/server/adapters/ws';
import { WebSocket } from 'ws';
import type { Desk } from '../desk/desk';
import type { StatsService } from '../desk/stats-service';
import type { ApiContext } from './trpc';

export function wsContextFactory(desk: Desk, stats: StatsService) {
  return async ({ res, info }: CreateWSSContextFnOptions): Promise<ApiContext> => {
    const token = typeof info.connectionParams?.token === 'string' ? info.connectionParams.token : null;
    const actor = token ? await desk.sessions.authenticate(token) : null;
    if (actor && res.readyState === WebSocket.OPEN) {
      void desk.presence.connected(actor.id).catch(() => undefined);
      res.once('close', () => void desk.presence.disconnected(actor.id).catch(() => undefined));
    }
    return { desk, stats, actor, token, socket: res };
  };
}

export function httpContextFactory(desk: Desk, stats: StatsService) {
  return async ({ req }: { req: IncomingMessage }): Promise<ApiContext> => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    const actor = token ? await desk.sessions.authenticate(token) : null;
    return { desk, stats, actor, token, socket: null };
  };
}
