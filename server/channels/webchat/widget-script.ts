// GET /widget.js: the site's chat widget (widget/), one script for every web chat channel (the
// tag's data-channel names the channel). From the bundle `npm install` built beside the server's
// own (cli/build.mjs); a server run from its sources builds it in memory on first request, so an
// edited widget is never served stale. Cached by browsers for a few minutes and revalidated by
// ETag; the URL has no version in it, so a longer max-age would keep an old widget on sites.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { HttpRoute } from '../adapter';

interface WidgetScript {
  plain: Buffer;
  gzipped: Buffer;
  etag: string;
}

let loading: Promise<WidgetScript> | null = null;

async function loadScript(): Promise<WidgetScript> {
  // In the bundle this module is a chunk in node_modules/.cache/textdesk, beside widget.js.
  const built = fileURLToPath(new URL('./widget.js', import.meta.url));
  const code = fs.existsSync(built)
    ? fs.readFileSync(built)
    : Buffer.from(await (await import('../../../widget/build.mjs')).buildWidget());
  return {
    plain: code,
    gzipped: gzipSync(code, { level: 9 }),
    etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`,
  };
}

/** The widget's code, built or read once per process. */
export function widgetScript(): Promise<WidgetScript> {
  loading ??= loadScript().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export const widgetRoute: HttpRoute = {
  method: 'GET',
  path: '/widget.js',
  async handle(req: IncomingMessage, res: ServerResponse) {
    const script = await widgetScript();
    const headers = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300, must-revalidate',
      etag: script.etag,
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
      // Sites that isolate themselves (Cross-Origin-Embedder-Policy) may still load it.
      'cross-origin-resource-policy': 'cross-origin',
    };
    if (matches(req.headers['if-none-match'], script.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? script.gzipped : script.plain;
    res.writeHead(200, {
      ...headers,
      'content-length': body.length,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
  },
};
