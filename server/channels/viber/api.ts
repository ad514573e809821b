// Calling Viber's REST Bot API (developers.viber.com/docs/api/rest-bot-api/): POST
// {apiUrl}/{method} with JSON and the X-Viber-Auth-Token header; the answer's `status` is 0 for
// success, else a code (a list in the docs' "Error Codes").
import { tokenSafe } from './events';
import type { ViberCredentials, ViberSettings } from './settings';

export interface ViberAccount {
  settings: ViberSettings;
  credentials: ViberCredentials;
}

export type ViberAnswer =
  { ok: true; body: Record<string, unknown> } | { ok: false; transient: boolean; error: string };

/**
 * Worth retrying: 10 webhook not set (until `admin channel test` sets it), 12 too many requests.
 * Every other code is this message's for good: 5 receiver not registered, 6 not subscribed
 * (they unsubscribed), 7 the account blocked, 2 the token is wrong…
 */
const TRANSIENT_STATUSES = new Set([10, 12]);

export async function callViber(
  account: ViberAccount,
  method: string,
  body: Record<string, unknown>,
  signal: AbortSignal,
): Promise<ViberAnswer> {
  let response: Response;
  try {
    response = await fetch(`${account.settings.apiUrl.replace(/\/+$/, '')}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-viber-auth-token': account.credentials.authToken },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, transient: true, error: `Viber unreachable (${method}): ${code ?? (error as Error).message}` };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const transient = response.status >= 500 || response.status === 429;
    return { ok: false, transient, error: `Viber answered HTTP ${response.status} (${method})` };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(tokenSafe(text)) as Record<string, unknown>;
  } catch {
    return { ok: false, transient: true, error: `Viber answered something that is not JSON (${method})` };
  }
  const status = Number(json.status);
  if (status === 0) return { ok: true, body: json };
  const error = `Viber status ${status} (${method}): ${String(json.status_message ?? '').slice(0, 200)}`;
  return { ok: false, transient: TRANSIENT_STATUSES.has(status), error };
}
