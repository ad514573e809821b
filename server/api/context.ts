// Builds the tRPC context from a WebSocket connection or an HTTP request, with the client's
// address for the login throttle. A console's WebSocket is also its presence: the operator
// counts as connected while it is open and its session lasts.
import type { IncomingMessage } from 'node:http';
import type { CreateWSSContextFnOptions } from '@trpc/server/adapters/ws';
import { WebSocket } from 'ws';
import type { Desk } from '../desk/desk';
import type { StatsService } from '../desk/stats-service';
import type { SpellChecker } from '../spelling/spell-checker';
import { throttleAddress } from '../domain/login-throttle';
import type { ApiContext } from './trpc';

export function wsContextFactory(desk: Desk, stats: StatsService, spelling: SpellChecker) {
  return async ({ req, res, info }: CreateWSSContextFnOptions): Promise<ApiContext> => {
    const token = typeof info.connectionParams?.token === 'string' ? info.connectionParams.token : null;
    const actor = token ? await desk.sessions.authenticate(token) : null;
    if (actor && token && res.readyState === WebSocket.OPEN) holdPresence(desk, res, actor.id, token);
    return { desk, stats, spelling, actor, token, socket: res, address: sourceAddress(req) };
  };
}

export function httpContextFactory(desk: Desk, stats: StatsService, spelling: SpellChecker) {
  return async ({ req }: { req: IncomingMessage }): Promise<ApiContext> => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    const actor = token ? await desk.sessions.authenticate(token) : null;
    return { desk, stats, spelling, actor, token, socket: null, address: sourceAddress(req) };
  };
}

/**
 * The peer of the TCP connection. X-Forwarded-For is not read: anyone can write it, and a
 * throttle keyed by it would be a throttle the guesser chooses.
 */
function sourceAddress(req: IncomingMessage): string {
  return throttleAddress(req.socket.remoteAddress);
}

/**
 * Counts the operator as connected until the socket closes or the session ends (logout, a
 * password change, a deletion), whichever comes first: a socket left open with a dead token
 * must not keep dialogs coming to an operator who cannot answer them.
 */
function holdPresence(desk: Desk, socket: WebSocket, operatorId: string, token: string): void {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    stopWatching();
    socket.off('close', release);
    void desk.presence.disconnected(operatorId).catch(() => undefined);
  };
  const stopWatching = desk.sessions.watch(operatorId, () => {
    if (!desk.sessions.peek(token)) release();
  });
  socket.once('close', release);
  void desk.presence.connected(operatorId).catch(() => undefined);
}
