// A Telegram Bot API server on loopback, in the API's documented format (core.telegram.org/bots/api,
// "Making requests", getUpdates, setWebhook, getFile, sendMessage/sendPhoto/sendDocument; Bot
// FAQ on limits). It follows the Bot API as of 9.x (2025); every method and field used here
// dates from Bot API 6.1 or earlier (secret_token came with 6.1, June 2022), so older servers
// answer the same. Requests: `/bot<token>/<method>` with JSON or multipart/form-data; answers
// `{ok:true, result}` or `{ok:false, error_code, description, parameters?:{retry_after}}` with
// the HTTP status equal to error_code. Files: GET `/file/bot<token>/<file_path>`.
//
// It can post updates to the registered webhook with the secret header, as Telegram does, hold
// them for getUpdates (with long polling and offset confirmation), record what the bot sent,
// answer 429 with retry_after, answer 5xx, and go down (connection refused) and come back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentByBot {
  method: string;
  chatId: string;
  messageId: number;
  text?: string;
  caption?: string;
  file?: { field: string; name: string; type: string; bytes: Buffer };
  /** When the fake took it (Date.now()). */
  at: number;
}

interface Failure {
  status: number;
  description: string;
  retryAfter?: number;
}

export class FakeBotApi {
  readonly token: string;
  readonly sent: SentByBot[] = [];
  /** Every request by method name, answered or refused. */
  readonly calls: Array<{ method: string; params: Record<string, unknown> }> = [];
  webhook: { url: string; secret_token?: string; allowed_updates?: string[] } | null = null;
  /** Chats the bot can write to; a message to any other gets 400 "chat not found". */
  readonly knownChats = new Set<string>();
  /** Chats whose user blocked the bot: 403. */
  readonly blockedChats = new Set<string>();
  /** Refusals for the next send* calls, in order. */
  readonly failNextSends: Failure[] = [];
  url = '';
  /** getUpdates calls held open, waiting for an update. */
  openPolls = 0;
  private port = 0;
  private nextMessageId = 500;
  private nextUpdateId = 700_000_000;
  private readonly queued: Array<Record<string, unknown> & { update_id: number }> = [];
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();
  private readonly pollers = new Set<() => void>();
  private waiters: Array<() => void> = [];
  private server: http.Server | null = null;

  constructor(token = '123456789:AAE-test_token-abcdefghijklmnopqrstu') {
    this.token = token;
  }

  async start(): Promise<string> {
    await this.listen(0);
    this.url = `http://127.0.0.1:${this.port}`;
    return this.url;
  }

  /** Stops listening: calls get connection refused until `up()`. */
  async down(): Promise<void> {
    const server = this.server!;
    this.server = null;
    for (const wake of this.pollers) wake();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    if (this.server) await this.down();
  }

  /** A file the bot can fetch by getFile; returns its file_id. */
  addFile(bytes: Buffer, path: string): string {
    const fileId = `AgACAgIAAxkBAAI${this.files.size + 1}${'x'.repeat(20)}`;
    this.files.set(fileId, { path, bytes });
    return fileId;
  }

  /** A new update id, in Telegram's rising sequence. */
  updateId(): number {
    return this.nextUpdateId++;
  }

  /** Holds an update for getUpdates. */
  queue(update: Record<string, unknown> & { update_id: number }): void {
    this.queued.push(update);
    for (const wake of this.pollers) wake();
  }

  /** Updates still held: not yet confirmed by a getUpdates offset past them. */
  get unconfirmed(): number[] {
    return this.queued.map((u) => u.update_id);
  }

  /** POSTs an update to the registered webhook as Telegram does; `secret` overrides the registered one. */
  async postUpdate(update: unknown, secret?: string | null): Promise<{ status: number; body: string }> {
    if (!this.webhook) throw new Error('no webhook registered');
    const token = secret === undefined ? this.webhook.secret_token : secret;
    const response = await fetch(this.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token !== null && token !== undefined && { 'x-telegram-bot-api-secret-token': token }),
      },
      body: JSON.stringify(update),
    });
    return { status: response.status, body: await response.text() };
  }

  /** Resolves once `predicate` holds for what was sent. */
  async waitForSent(predicate: (sent: SentByBot[]) => boolean): Promise<void> {
    while (!predicate(this.sent)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private async listen(port: number): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.answer(req, Buffer.concat(chunks), res).catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500).end(String(error));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private async answer(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const json = (status: number, value: unknown): void => {
      if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const refuse = (status: number, description: string, retryAfter?: number): void =>
      json(status, {
        ok: false,
        error_code: status,
        description,
        ...(retryAfter !== undefined && { parameters: { retry_after: retryAfter } }),
      });
    const url = new URL(req.url ?? '/', 'http://fake');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const found = [...this.files.values()].find((f) => f.path === file[2]);
      if (file[1] !== this.token || !found) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-length': found.bytes.length }).end(found.bytes);
    }
    const call = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!call) return refuse(404, 'Not Found');
    if (call[1] !== this.token) return refuse(401, 'Unauthorized');
    const method = call[2];
    const params = await this.params(req, body);
    this.calls.push({ method, params });
    switch (method) {
      case 'getMe':
        return json(200, {
          ok: true,
          result: { id: 123456789, is_bot: true, first_name: 'Shop', username: 'shop_bot' },
        });
      case 'setWebhook': {
        const secret = params.secret_token as string | undefined;
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
          return refuse(400, 'Bad Request: secret token contains unallowed characters');
        this.webhook = {
          url: String(params.url),
          secret_token: secret,
          allowed_updates: params.allowed_updates as string[] | undefined,
        };
        return json(200, { ok: true, result: true, description: 'Webhook was set' });
      }
      case 'deleteWebhook':
        this.webhook = null;
        return json(200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return json(200, { ok: true, result: { url: this.webhook?.url ?? '', pending_update_count: 0 } });
      case 'getUpdates':
        return this.getUpdates(params, res, json, refuse);
      case 'getFile': {
        const found = this.files.get(String(params.file_id));
        if (!found) return refuse(400, 'Bad Request: invalid file_id');
        return json(200, {
          ok: true,
          result: {
            file_id: params.file_id,
            file_unique_id: 'AQAD',
            file_size: found.bytes.length,
            file_path: found.path,
          },
        });
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return this.send(method, params, json, refuse);
      default:
        return refuse(404, 'Not Found: method not found');
    }
  }

  private send(
    method: string,
    params: Record<string, unknown>,
    json: (status: number, value: unknown) => void,
    refuse: (status: number, description: string, retryAfter?: number) => void,
  ): void {
    const failure = this.failNextSends.shift();
    for (const wake of this.waiters.splice(0)) wake();
    if (failure) return refuse(failure.status, failure.description, failure.retryAfter);
    const chatId = String(params.chat_id);
    if (this.blockedChats.has(chatId)) return refuse(403, 'Forbidden: bot was blocked by the user');
    if (!this.knownChats.has(chatId)) return refuse(400, 'Bad Request: chat not found');
    if (method === 'sendMessage') {
      const text = String(params.text ?? '');
      if (!text.trim()) return refuse(400, 'Bad Request: message text is empty');
      if (text.length > 4096) return refuse(400, 'Bad Request: message is too long');
    }
    const caption = params.caption === undefined ? undefined : String(params.caption);
    if (caption !== undefined && caption.length > 1024) return refuse(400, 'Bad Request: message caption is too long');
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    const file = params[field] as SentByBot['file'] | undefined;
    if (method !== 'sendMessage' && !file) return refuse(400, `Bad Request: there is no ${field} in the request`);
    const messageId = this.nextMessageId++;
    this.sent.push({
      method,
      chatId,
      messageId,
      ...(method === 'sendMessage' && { text: String(params.text) }),
      ...(caption !== undefined && { caption }),
      ...(file && { file }),
      at: Date.now(),
    });
    for (const wake of this.waiters.splice(0)) wake();
    json(200, {
      ok: true,
      result: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(chatId), type: 'private' },
      },
    });
  }

  /** Confirms what is below `offset`, then answers what is held, waiting up to `timeout` seconds for some. */
  private async getUpdates(
    params: Record<string, unknown>,
    res: http.ServerResponse,
    json: (status: number, value: unknown) => void,
    refuse: (status: number, description: string) => void,
  ): Promise<void> {
    if (this.webhook)
      return refuse(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    const offset = params.offset === undefined ? null : Number(params.offset);
    if (offset !== null) while (this.queued.length && this.queued[0].update_id < offset) this.queued.shift();
    const limit = Math.min(100, Number(params.limit ?? 100));
    const timeout = Number(params.timeout ?? 0);
    if (this.queued.length === 0 && timeout > 0) {
      this.openPolls++;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.pollers.delete(wake);
          res.off('close', wake);
          resolve();
        };
        const timer = setTimeout(wake, timeout * 1000);
        this.pollers.add(wake);
        // The bot gave up on the poll (it stopped): nothing is confirmed or answered.
        res.on('close', wake);
      });
      this.openPolls--;
    }
    json(200, { ok: true, result: this.queued.slice(0, limit) });
  }

  /** JSON or multipart/form-data (a file part becomes {field, name, type, bytes}). */
  private async params(req: http.IncomingMessage, body: Buffer): Promise<Record<string, unknown>> {
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(body, { headers: { 'content-type': type } }).formData();
      const params: Record<string, unknown> = {};
      for (const [field, value] of form.entries()) {
        params[field] =
          typeof value === 'string'
            ? value
            : { field, name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
      }
      return params;
    }
    if (body.length === 0) return Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams);
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  }
}
