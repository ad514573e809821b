// tRPC clients for the CLI: HTTP for one-shot scripts (admin, report), WebSocket for live tools
// (console, dashboard, load). The CLI reaches the server only through these, at one address
// given in either scheme (the server answers HTTP and WebSocket on the same port).
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from '@trpc/client';
import { WebSocket } from 'ws';
import type { AppRouter } from '../shared/api-types';

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

// Reading --url lives apart, so a command can check it without loading the tRPC client and ws.
export { DEFAULT_SERVER_URL, serverAddress, type ServerAddress } from './server-address';

export function httpApiClient(baseUrl: string, token?: () => string | null): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl.replace(/\/$/, '')}/trpc`,
        headers: () => {
          const value = token?.();
          return value ? { authorization: `Bearer ${value}` } : {};
        },
      }),
    ],
  });
}

export interface LiveConnection {
  client: ApiClient;
  close(): Promise<void>;
}

export function wsApiClient(
  wsUrl: string,
  token: string,
  hooks: { onOpen?: () => void; onClose?: (cause?: { code?: number }) => void } = {},
): LiveConnection {
  const ws = createWSClient({
    url: wsUrl,
    // Node 20 has no global WebSocket.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => ({ token }),
    // Reconnect quickly at first, then back off to at most 5 s.
    retryDelayMs: (attempt) => Math.min(250 * 2 ** attempt, 5000),
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
    onOpen: hooks.onOpen,
    onClose: hooks.onClose,
  });
  return { client: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), close: () => ws.close() };
}

/** A one-line explanation of an API error for a person at a terminal. */
export function describeApiError(error: unknown, url: string): string {
  if (error instanceof TRPCClientError) {
    const zod = (error.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)?.zodError;
    const fields = zod?.fieldErrors ? Object.entries(zod.fieldErrors).map(([k, v]) => `${k}: ${v.join(', ')}`) : [];
    if (fields.length > 0) return `invalid input — ${fields.join('; ')}`;
    if (/fetch failed|ECONNREFUSED/.test(error.message))
      return `cannot reach the server at ${url}: is \`textdesk server\` running there? (--url or TEXTDESK_URL says where)`;
    return error.message;
  }
  return (error as Error).message ?? String(error);
}
