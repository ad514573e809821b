// Which sites may open a channel's WebSocket: the `allowedOrigins` setting, checked against the
// browser's Origin header at the upgrade. An empty list allows every origin, as before the setting
// existed. A request without Origin is not a browser's (browsers always send it on a WebSocket),
// and a non-browser client could send any Origin anyway: the check keeps other sites' pages out,
// it is not authentication.
import { z } from 'zod';

/** `https://shop.example` or `http://localhost:8080`: scheme, host and port, nothing else. */
const origin = z
  .string()
  .trim()
  .max(255)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'an origin such as https://shop.example (scheme, host and port; no path)')
  .transform((value) => new URL(value).origin);

/** A list, or (from `--setting allowedOrigins=a,b`) the same as one comma- or space-separated text. */
export const AllowedOrigins = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
  z.array(origin).max(100),
);

export function originAllowed(allowed: readonly string[], requestOrigin: string | undefined): boolean {
  if (allowed.length === 0 || requestOrigin === undefined) return true;
  return allowed.includes(requestOrigin);
}
