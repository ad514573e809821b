// tRPC clients for the CLI: HTTP for one-shot scripts (admin, report), WebSocket for live tools
// (console, dashboard, load). The CLI reaches the server only through these, at one address
// given in either scheme (the server answers HTTP and WebSocket on the same port).
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from '@trpc/client';
import { WebSocket } from 'ws';
import type { AppRouter } from '../shared/api-types';

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Where client commands look for the server when neither --url nor TEXTDESK_URL says. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:4000';

/** One server address in both schemes: HTTP for logins and scripts, WebSocket for live feeds. */
export interface ServerAddress {
  http: string;
  ws: string;
}

const SCHEMES: Record<string, { http: string; ws: string }> = {
  'http:': { http: 'http:', ws: 'ws:' },
  'ws:': { http: 'http:', ws: 'ws:' },
  'https:': { http: 'https:', ws: 'wss:' },
  'wss:': { http: 'https:', ws: 'wss:' },
};

/**
 * Reads a server URL given as http(s):// or ws(s)://HOST:PORT and derives the other scheme (TLS
 * stays TLS). Anything else throws a message saying what is accepted.
 */
export function serverAddress(text: string): ServerAddress {
  const accepted = 'give http://HOST:PORT (https://, ws:// and wss:// work too)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the server URL "${text}" is not a URL: ${accepted}`);
  }
  const schemes = SCHEMES[url.protocol];
  if (!schemes) {
    const missing = !text.includes('://');
    throw new Error(
      missing
        ? `the server URL "${text}" has no scheme: did you mean http://${text}?`
        : `the server URL "${text}" uses ${url.protocol.replace(/:$/, '')}://, which textdesk does not speak: ${accepted}`,
    );
  }
  const origin = (protocol: string) => `${protocol}//${url.host}`;
  return { http: origin(schemes.http), ws: origin(schemes.ws) };
}

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
