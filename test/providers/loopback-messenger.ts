// A messenger provider on loopback, in the shape most bot APIs share: POST /send with
// `Authorization: Bearer <token>` and `{chat, text}` answers 200 `{ok:true, message_id}`; a
// wrong token gets 401, a chat it does not know 400 (both for good); it can be told to answer
// 503 for a while; GET /me answers who the token belongs to.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  token: string;
  chat: string;
  text: string;
  messageId: string;
}

export class LoopbackMessenger {
  readonly sent: SentMessage[] = [];
  /** Every POST /send, answered or refused. */
  attempts = 0;
  /** Tokens it accepts. */
  readonly tokens = new Set<string>();
  /** Chats that exist; a message to another one is refused with 400. */
  readonly unknownChats = new Set<string>();
  /** Answers 503 to the next this many sends. */
  unavailableFor = 0;
  url = '';
  /** The id the next message sent gets. */
  nextId = 1000;
  private waiters: Array<() => void> = [];
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => this.answer(req, body, res));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async waitForAttempts(count: number): Promise<void> {
    while (this.attempts < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (req.method === 'GET' && req.url === '/me') {
      return this.tokens.has(token) ? json(200, { ok: true, name: 'loopback bot' }) : json(401, { ok: false });
    }
    if (req.method !== 'POST' || req.url !== '/send') return json(404, { ok: false });
    this.attempts++;
    for (const wake of this.waiters.splice(0)) wake();
    if (this.unavailableFor > 0) {
      this.unavailableFor--;
      return json(503, { ok: false, description: 'try later' });
    }
    if (!this.tokens.has(token)) return json(401, { ok: false, description: 'unauthorized' });
    const { chat, text } = JSON.parse(body) as { chat: string; text: string };
    if (this.unknownChats.has(chat)) return json(400, { ok: false, description: 'chat not found' });
    const messageId = String(this.nextId++);
    this.sent.push({ token, chat, text, messageId });
    return json(200, { ok: true, message_id: messageId });
  }
}
