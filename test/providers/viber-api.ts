// Viber's REST Bot API on loopback, as documented at developers.viber.com/docs/api/rest-bot-api/
// (API version 1 of the docs' callbacks; send_message, get_account_info, set_webhook and the
// "Error Codes" table). Calls are POSTs of JSON to /pa/{method} with X-Viber-Auth-Token, answered
// 200 with `status` 0 or an error code. message_token is a 64-bit integer in the JSON, as Viber
// sends it (past what a JavaScript number holds). Pictures and files are fetched from their
// `media` URL, as Viber does. Callbacks are signed as Viber signs them: X-Viber-Content-Signature
// = hex HMAC-SHA256 of the raw body, keyed by the bot's token. Payloads below are the docs'
// examples with our values.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ViberSent {
  receiver: string;
  type: string;
  text?: string;
  senderName: string;
  token: string;
  /** The bytes fetched from `media`, for pictures and files. */
  media?: Buffer;
  fileName?: string;
}

/** What the next send_message calls with this text (or type, for files) meet: an HTTP status, a status code, a dropped connection. */
export type ViberFailure = { http: number } | { status: number; message: string } | 'drop';

export const AUTH_TOKEN = '4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51e';

export class ViberApi {
  readonly sent: ViberSent[] = [];
  readonly attempts: Array<{ receiver: string; text?: string; type: string }> = [];
  /** Users who unsubscribed: sends to them answer status 6. */
  readonly unsubscribed = new Set<string>();
  readonly failSend = new Map<string, ViberFailure[]>();
  /** Files served at /media/{name}, for customers' pictures. */
  readonly media = new Map<string, Buffer>();
  webhook = '';
  url = '';
  /** 64-bit tokens, as Viber's: 5741311803571721087 and up. */
  private nextToken = 5_741_311_803_571_721_087n;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void this.answer(req, Buffer.concat(chunks).toString('utf8'), res));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.url}/pa`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
    // Written by hand so a token stays a 64-bit integer in the JSON.
    const reply = (fields: string): void =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end(`{${fields}}`);
    const status = (code: number, message: string) =>
      reply(`"status":${code},"status_message":${JSON.stringify(message)}`);
    if (req.method === 'GET' && req.url?.startsWith('/media/')) {
      const file = this.media.get(decodeURIComponent(req.url.slice('/media/'.length)));
      return void (file ? res.writeHead(200).end(file) : res.writeHead(404).end());
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/pa/')) return void res.writeHead(404).end();
    if (req.headers['x-viber-auth-token'] !== AUTH_TOKEN) return status(2, 'invalidAuthToken');
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return status(3, 'badData');
    }
    switch (req.url.slice('/pa/'.length)) {
      case 'send_message':
        return this.send(json, res, reply, status);
      case 'get_account_info':
        return reply(
          `"status":0,"status_message":"ok","id":"pa:75346594275468546724","name":"Магазин","uri":"shop","icon":"http://example.com","background":"http://example.com","category":"Shopping","subcategory":"Shopping","location":{"lon":0.1,"lat":0.2},"country":"RU","webhook":${JSON.stringify(this.webhook)},"event_types":["delivered","seen"],"subscribers_count":35,"members":[]`,
        );
      case 'set_webhook': {
        // Viber checks the URL at once with a signed `webhook` callback and wants 200.
        const url = String(json.url);
        const check = await postWebhook(
          url,
          `{"event":"webhook","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":${this.nextToken++}}`,
        ).catch(() => null);
        if (check?.status !== 200) return status(1, 'invalidUrl');
        this.webhook = url;
        return reply(`"status":0,"status_message":"ok","event_types":${JSON.stringify(json.event_types ?? [])}`);
      }
      default:
        return status(1, 'invalidUrl');
    }
  }

  private async send(
    json: Record<string, unknown>,
    res: http.ServerResponse,
    reply: (fields: string) => void,
    status: (code: number, message: string) => void,
  ): Promise<void> {
    const receiver = String(json.receiver);
    const type = String(json.type);
    const text = typeof json.text === 'string' ? json.text : undefined;
    this.attempts.push({ receiver, type, text });
    const failure = this.failSend.get(type === 'text' ? (text ?? '') : type)?.shift();
    if (failure === 'drop') return void res.socket?.destroy();
    if (failure && 'http' in failure) return void res.writeHead(failure.http).end('<html>Service Unavailable</html>');
    if (failure) return status(failure.status, failure.message);
    const senderName = (json.sender as { name?: string } | undefined)?.name;
    if (!senderName || senderName.length > 28) return status(3, 'badData');
    if (this.unsubscribed.has(receiver)) return status(6, 'receiverNotSubscribed');
    let media: Buffer | undefined;
    if (type === 'picture' || type === 'file') {
      const response = await fetch(String(json.media)).catch(() => null);
      if (!response?.ok) return status(3, 'badData');
      media = Buffer.from(await response.arrayBuffer());
    }
    const token = String(this.nextToken++);
    this.sent.push({ receiver, type, text, senderName, token, media, fileName: json.file_name as string | undefined });
    reply(`"status":0,"status_message":"ok","message_token":${token},"chat_hostname":"SN-CHAT-05_","billing_status":1`);
  }
}

export const USER_ID = '01234567890A=';

/** `message` (text), after the docs' example. */
export function messageCallback(token: string, text: string, extra: Record<string, unknown> = {}): string {
  const message = JSON.stringify({ type: 'text', text, tracking_data: 'tracking data', ...extra });
  return `{"event":"message","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":${token},"sender":{"id":"${USER_ID}","name":"Иван Смирнов","avatar":"http://avatar.example.com","country":"RU","language":"ru","api_version":1},"message":${message}}`;
}

/** `delivered`, `seen` or `failed`, after the docs' examples. */
export function reportCallback(event: 'delivered' | 'seen' | 'failed', token: string, desc?: string): string {
  const failure = desc ? `,"desc":${JSON.stringify(desc)}` : '';
  return `{"event":"${event}","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":${token},"user_id":"${USER_ID}"${failure}}`;
}

/** `conversation_started`, after the docs' example. */
export const conversationStartedCallback = (token: string) =>
  `{"event":"conversation_started","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":${token},"type":"open","context":"context information","user":{"id":"${USER_ID}","name":"Иван Смирнов","avatar":"http://avatar.example.com","country":"RU","language":"ru","api_version":1},"subscribed":false}`;

export const signViber = (body: string | Buffer, token = AUTH_TOKEN) =>
  createHmac('sha256', token).update(body).digest('hex');

/** POSTs a callback as Viber does: the raw body signed; `signature` overrides the header (null: none). */
export async function postWebhook(
  url: string,
  body: string | Buffer,
  signature: string | null = signViber(body),
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature !== null && { 'x-viber-content-signature': signature }),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}
