// GET /files/{hash}?name&expires&sig: what the signed links in outbound webhooks point at. The
// file goes out with the type detected when it was stored, as a download (raster images may be
// shown inline), never sniffed by the browser. A link altered in any part is 403, an expired
// one 410, each with a JSON error saying so.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../channels/http-json';
import type { Clock } from '../domain/clock';
import type { Store } from '../store/store';
import type { Attachments } from './attachments';
import { verifyDownload } from './download-url';
import { INLINE_TYPES } from './file-kind';

export function downloadHandler(files: Pick<Attachments, 'key' | 'read'>, store: Store, clock: Clock) {
  return async (req: IncomingMessage, res: ServerResponse, params: { hash?: string }): Promise<void> => {
    const hash = params.hash ?? '';
    const query = new URL(req.url ?? '/', 'http://textdesk').searchParams;
    const check = verifyDownload(files.key, hash, query, clock.now());
    if (!check.ok)
      return check.reason === 'expired'
        ? sendJson(res, 410, { error: 'this download link has expired: ask for the message again' })
        : sendJson(res, 403, { error: 'this download link is not valid: it was altered or not issued here' });
    const meta = await store.get(store.q.fileByHash, { hash });
    const bytes = meta ? await files.read(hash) : null;
    if (!meta || !bytes) return sendJson(res, 404, { error: 'the file is no longer stored' });
    const disposition = INLINE_TYPES.has(meta.type) ? 'inline' : 'attachment';
    res.writeHead(200, {
      'content-type': meta.type,
      'content-length': bytes.length,
      'content-disposition': `${disposition}; filename="${asciiName(check.link.name)}"; filename*=UTF-8''${encodeURIComponent(check.link.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=300',
    });
    res.end(bytes);
  };
}

/** The name for clients that read only `filename=`: ASCII, no quotes or backslashes. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
