// Signed, expiring download links for attachments, as outbound webhooks carry them: whoever holds
// the link may fetch that one file until it expires, and a link altered in any part, or past its
// time, is refused. HMAC-SHA256 over the file's hash, its name and the expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DownloadLink {
  hash: string;
  name: string;
  /** Epoch milliseconds. */
  expires: number;
}

function signDownload(key: Buffer, link: DownloadLink): string {
  return createHmac('sha256', key).update(`${link.hash}\n${link.name}\n${link.expires}`).digest('base64url');
}

/** The query string of a link: `?name=…&expires=…&sig=…` to append to `/files/{hash}`. */
export function downloadQuery(key: Buffer, link: DownloadLink): string {
  const params = new URLSearchParams({ name: link.name, expires: String(link.expires), sig: signDownload(key, link) });
  return `?${params}`;
}

export type DownloadCheck = { ok: true; link: DownloadLink } | { ok: false; reason: 'forged' | 'expired' };

export function verifyDownload(key: Buffer, hash: string, query: URLSearchParams, now: number): DownloadCheck {
  const name = query.get('name');
  const expires = Number(query.get('expires'));
  const sig = query.get('sig');
  if (name === null || sig === null || !Number.isSafeInteger(expires)) return { ok: false, reason: 'forged' };
  const link = { hash, name, expires };
  const expected = Buffer.from(signDownload(key, link));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  // Checked after the signature: an expired link is only reported as such when it was genuine.
  if (now > expires) return { ok: false, reason: 'expired' };
  return { ok: true, link };
}
