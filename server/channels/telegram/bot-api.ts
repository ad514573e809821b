// Calls to the Telegram Bot API (core.telegram.org/bots/api, "Making requests"): POST
// `{apiUrl}/bot{token}/{method}` with JSON or multipart/form-data, answered with
// `{ok: true, result}` or `{ok: false, error_code, description, parameters?: {retry_after}}`;
// files are fetched from `{apiUrl}/file/bot{token}/{file_path}`.

export type BotApiAnswer<T> =
  | { ok: true; result: T }
  /** The API refused: `status` is its error_code (the HTTP status), `retryAfterMs` a 429's wait. */
  | { ok: false; status: number; description: string; retryAfterMs?: number }
  /** No answer at all: connection refused or reset, a timeout, a body that is not the API's JSON. */
  | { ok: false; status: null; description: string };

export class BotApi {
  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(
    method: string,
    params: Record<string, unknown> | FormData,
    signal: AbortSignal,
  ): Promise<BotApiAnswer<T>> {
    const body = params instanceof FormData ? params : JSON.stringify(params);
    const headers: Record<string, string> = params instanceof FormData ? {} : { 'content-type': 'application/json' };
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}/bot${this.token}/${method}`, { method: 'POST', headers, body, signal });
    } catch (error) {
      return { ok: false, status: null, description: unreachable(error) };
    }
    let answer: {
      ok?: boolean;
      result?: T;
      error_code?: number;
      description?: string;
      parameters?: { retry_after?: number };
    };
    try {
      answer = (await response.json()) as typeof answer;
    } catch (error) {
      // A proxy's HTML error page, or a connection cut mid-body.
      if (response.status >= 500 || !response.ok)
        return {
          ok: false,
          status: response.status,
          description: `answered ${response.status} without the API's JSON`,
        };
      return { ok: false, status: null, description: `unreadable answer: ${(error as Error).message}` };
    }
    if (answer.ok === true && response.ok) return { ok: true, result: answer.result as T };
    const retryAfter = answer.parameters?.retry_after;
    return {
      ok: false,
      status: answer.error_code ?? response.status,
      description: String(answer.description ?? `answered ${response.status}`).slice(0, 500),
      ...(typeof retryAfter === 'number' && retryAfter >= 0 && { retryAfterMs: Math.min(retryAfter, 3600) * 1000 }),
    };
  }

  /**
   * A file's bytes by its getFile path, refused past `maxBytes` (before reading it, when the
   * server says its length, and while reading, when it does not).
   */
  async download(filePath: string, maxBytes: number, signal: AbortSignal): Promise<Buffer | { refused: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}/file/bot${this.token}/${filePath}`, { signal });
    } catch (error) {
      throw new Error(`file download failed: ${unreachable(error)}`, { cause: error });
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`file download answered ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.cancel();
      return { refused: `larger than ${maxBytes} bytes` };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > maxBytes) return { refused: `larger than ${maxBytes} bytes` };
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
}

/** fetch says only "fetch failed"; the reason an admin can act on (ECONNREFUSED) is its cause. */
export function unreachable(error: unknown): string {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  const message = (error as Error).message;
  return code ? `${message} (${code})` : message;
}
