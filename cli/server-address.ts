// The server's address as client commands take it (--url, TEXTDESK_URL), in both schemes. Apart
// from cli/api-client.ts (which re-exports it) so that a command can check its flags before, or
// without, loading the tRPC client and ws: the console draws its first frame before it needs them.

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
