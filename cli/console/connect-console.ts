// Logging the console in over HTTP and connecting its tRPC WebSocket client. Its own module, loaded
// on the first call (load-console.ts), so the tRPC client and ws load after the first frame.
import { httpApiClient, wsApiClient } from '../api-client';
import { ConnectionWatch, trpcConsoleClient, type ConsoleClient } from './console-client';

/** The HTTP base for a WebSocket URL: ws://host:port → http://host:port, wss → https. */
export function httpUrlFor(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/';
  return url.origin;
}

export async function connectConsole(wsUrl: string, login: string, password: string): Promise<ConsoleClient> {
  const { token } = await httpApiClient(httpUrlFor(wsUrl)).auth.login.mutate({ login, password });
  const watch = new ConnectionWatch();
  return trpcConsoleClient(wsApiClient(wsUrl, token, watch.hooks), watch);
}
