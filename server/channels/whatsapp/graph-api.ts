// The few Cloud API calls the adapter makes, over fetch with the channel's bearer token, and how
// their failures are judged: retry (unreachable, 429, 5xx, Meta's throttling codes) or give up
// (any other refusal, with Meta's own words). Error shape: `{error:{message, type, code,
// error_subcode, error_data:{details}, fbtrace_id}}` (developers.facebook.com/docs/graph-api/guides/error-handling).

export interface GraphChannel {
  apiUrl: string;
  phoneNumberId: string;
  accessToken: string;
}

export type GraphResult<T> =
  { ok: true; value: T } | { ok: false; transient: boolean; code: number | null; error: string };

/** Meta's answer for free-form text outside the customer-service window (also sent as a failed status). */
export const OUTSIDE_WINDOW = 131047;

/**
 * Codes that mean "not now" rather than "never": app and account rate limits (4, 80007, 130429),
 * the per-recipient pair rate (131056), and the "unknown" and "service" errors Meta calls temporary (1, 2).
 */
const THROTTLED = new Set([1, 2, 4, 80007, 130429, 131056]);

interface GraphError {
  message?: string;
  code?: number;
  error_data?: { details?: string };
}

/** A failure's words for the operator: 131047 says what to do next. */
export function describeFailure(code: number | null, message: string, details?: string): string {
  const said = [message, details].filter(Boolean).join(': ');
  if (code === OUTSIDE_WINDOW)
    return `outside the 24-hour window: the customer has not written for 24 hours, send an approved template (WhatsApp ${code}: ${said})`;
  return code === null ? said : `WhatsApp ${code}: ${said}`;
}

export async function graphCall<T>(
  channel: GraphChannel,
  path: string,
  init: { method: 'GET' | 'POST'; json?: unknown; form?: FormData },
  signal: AbortSignal,
): Promise<GraphResult<T>> {
  let response: Response;
  try {
    response = await fetch(`${channel.apiUrl}/${path}`, {
      method: init.method,
      headers: {
        authorization: `Bearer ${channel.accessToken}`,
        ...(init.json !== undefined && { 'content-type': 'application/json' }),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.form,
      signal,
    });
  } catch (error) {
    return { ok: false, transient: true, code: null, error: `Graph API unreachable: ${reason(error)}` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // A proxy's HTML error page, or a cut-off answer: worth another try only if the status says so.
    const transient = response.status === 429 || response.status >= 500 || response.ok;
    return {
      ok: false,
      transient,
      code: null,
      error: `Graph API answered ${response.status} without JSON: ${reason(error)}`,
    };
  }
  if (response.ok) return { ok: true, value: body as T };
  const graph = (body as { error?: GraphError } | null)?.error ?? {};
  const code = typeof graph.code === 'number' ? graph.code : null;
  const transient = response.status === 429 || response.status >= 500 || (code !== null && THROTTLED.has(code));
  const message = describeFailure(
    code,
    graph.message ?? `Graph API answered ${response.status}`,
    graph.error_data?.details,
  );
  return { ok: false, transient, code, error: message };
}

/** Bytes of a media URL the Graph API gave, at most `maxBytes` (the token goes with it, as Meta requires). */
export async function downloadMedia(
  url: string,
  accessToken: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<GraphResult<Buffer>> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` }, signal });
  } catch (error) {
    return { ok: false, transient: true, code: null, error: `media download unreachable: ${reason(error)}` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const transient = response.status === 429 || response.status >= 500;
    return { ok: false, transient, code: null, error: `media download answered ${response.status}` };
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return { ok: false, transient: false, code: null, error: `the file is larger than ${maxBytes} bytes` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes)
      return { ok: false, transient: false, code: null, error: `the file is larger than ${maxBytes} bytes` };
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { ok: true, value: Buffer.concat(chunks) };
}

/** fetch says only "fetch failed"; the reason an admin can act on (ECONNREFUSED) is its cause. */
function reason(error: unknown): string {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code ? `${(error as Error).message} (${code})` : (error as Error).message;
}
