// Calling VK's API (dev.vk.com/en/api/api-requests): POST {apiUrl}/{method} with the parameters
// form-encoded, the access token and the version among them. VK answers 200 either way: the
// result is `{response}`, a refusal `{error:{error_code, error_msg}}`.
import type { VkCredentials, VkSettings } from './settings';

export type VkAnswer<T> = { ok: true; response: T } | { ok: false; transient: boolean; error: string; code?: number };

/**
 * Errors worth retrying (dev.vk.com/en/reference/errors): 1 unknown, 6 too many requests per
 * second, 9 flood control, 10 internal server error. Every other code (5 authorisation failed,
 * 7 no permission, 15 access denied, 901 the user has not allowed the community's messages…)
 * is the same on the next try.
 */
const TRANSIENT_CODES = new Set([1, 6, 9, 10]);

export interface VkAccount {
  settings: VkSettings;
  credentials: VkCredentials;
}

export async function callVk<T>(
  account: VkAccount,
  method: string,
  params: Record<string, string | number>,
  signal: AbortSignal,
): Promise<VkAnswer<T>> {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) form.set(name, String(value));
  form.set('access_token', account.credentials.accessToken);
  form.set('v', account.settings.apiVersion);
  return postForAnswer<T>(`${account.settings.apiUrl.replace(/\/+$/, '')}/${method}`, { body: form }, method, signal);
}

/** POSTs one file as multipart to an upload server VK named; its JSON answer. */
export async function uploadTo<T>(
  url: string,
  field: string,
  file: { name: string; type: string; bytes: Buffer },
  signal: AbortSignal,
): Promise<VkAnswer<T>> {
  const form = new FormData();
  form.set(field, new Blob([file.bytes], { type: file.type }), file.name);
  return postForAnswer<T>(url, { body: form }, 'upload', signal, true);
}

async function postForAnswer<T>(
  url: string,
  init: { body: URLSearchParams | FormData },
  what: string,
  signal: AbortSignal,
  bare = false,
): Promise<VkAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: init.body, signal });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, transient: true, error: `VK unreachable (${what}): ${code ?? (error as Error).message}` };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const transient = response.status >= 500 || response.status === 429;
    return { ok: false, transient, error: `VK answered HTTP ${response.status} (${what})` };
  }
  let json: { response?: T; error?: { error_code?: number; error_msg?: string } };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return { ok: false, transient: true, error: `VK answered something that is not JSON (${what})` };
  }
  if (json.error) {
    const code = Number(json.error.error_code);
    const error = `VK error ${code} (${what}): ${String(json.error.error_msg ?? '').slice(0, 200)}`;
    return { ok: false, transient: TRANSIENT_CODES.has(code), error, code };
  }
  // Upload servers answer their fields bare, not inside `response`.
  if (bare) return { ok: true, response: json as T };
  if (json.response === undefined) return { ok: false, transient: true, error: `VK answered no response (${what})` };
  return { ok: true, response: json.response };
}
