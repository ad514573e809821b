// Meta's WhatsApp Cloud API on loopback, as documented for Graph API v21.0
// (developers.facebook.com/docs/whatsapp/cloud-api: reference/messages, reference/media,
// webhooks/payload-examples, support/error-codes; fixtures in ./whatsapp-fixtures.ts):
// - POST /v21.0/{phone-number-id}/messages with `Authorization: Bearer` answers
//   `{messaging_product, contacts, messages:[{id:"wamid…"}]}`; a bad token gets Graph's 401 code 190;
// - free-form messages (anything but a template) to a customer who has not written within 24
//   hours by this fake's own clock fail as Meta fails them: accepted, then a `failed` status
//   webhook with 131047 (`windowRefusal: 'status'`), or refused at once (`'error'`), as some
//   accounts see it;
// - POST /v21.0/{phone-number-id}/media (multipart) stores a file, GET /v21.0/{media-id} gives its
//   URL, GET that URL with the token gives its bytes;
// - GET /v21.0/{phone-number-id} answers the number's details (the adapter's probe).
// It posts customers' messages and statuses to the desk's webhook signed as Meta signs them:
// X-Hub-Signature-256 = sha256=hex HMAC-SHA256(the raw body, the app secret), the body written
// with \u escapes as Meta writes it.
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fixtures from './whatsapp-fixtures';

export const GRAPH_VERSION = 'v21.0';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SentWhatsApp {
  wamid: string;
  to: string;
  type: string;
  /** The request's JSON as the fake received it. */
  body: Record<string, unknown> & { text?: { body: string }; template?: { name: string; components?: unknown[] } };
}

interface StoredMedia {
  bytes: Buffer;
  mimeType: string;
  filename: string;
}

export interface FakeOptions {
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  /** The fake's clock for the 24-hour window: the desk's injected clock in a test that moves time. */
  now?: () => number;
}

export class WhatsAppCloudApi {
  readonly sent: SentWhatsApp[] = [];
  readonly media = new Map<string, StoredMedia>();
  /** When each customer last wrote, by wa_id: the window this fake keeps. */
  readonly lastInbound = new Map<string, number>();
  /** Every POST to /messages, answered or refused: its text body, or its type for others. */
  readonly attempts: string[] = [];
  /** Answers 503 (Graph's code 2, "service temporarily unavailable") to the next this many sends. */
  unavailableFor = 0;
  windowRefusal: 'status' | 'error' = 'status';
  /** The desk's webhook URL for this number's channel. */
  webhookUrl = '';
  url = '';
  private port = 0;
  private nextId = 1;
  private readonly now: () => number;
  private readonly numbers;
  private server: http.Server | null = null;
  /** Status webhooks posted after an answer, so a test can wait for them. */
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly opts: FakeOptions) {
    this.now = opts.now ?? Date.now;
    this.numbers = { phoneNumberId: opts.phoneNumberId, displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
  }

  /** Listens (again on the same port after stop(), so the channel's apiUrl stays right). */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.answer(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return `${this.url}/${GRAPH_VERSION}`;
  }

  /** Stops listening: sends then meet a refused connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await Promise.all(this.background);
    await this.stop();
  }

  /** Resolves once the status webhooks the fake posted on its own were answered. */
  async settled(): Promise<void> {
    await Promise.all(this.background);
  }

  sign(raw: string | Buffer): string {
    return `sha256=${createHmac('sha256', this.opts.appSecret).update(raw).digest('hex')}`;
  }

  /** POSTs a body to the desk's webhook; `signature` overrides the right one. */
  async post(
    raw: string | Buffer,
    signature: string | null = this.sign(raw),
  ): Promise<{ status: number; text: string }> {
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature !== null && { 'x-hub-signature-256': signature }) },
      body: raw,
    });
    return { status: response.status, text: await response.text() };
  }

  /** A customer's text, as Meta posts it; opens (or renews) their window. */
  async customerText(sender: fixtures.Sender, text: string, wamid = this.wamid()) {
    this.lastInbound.set(sender.waId, this.now());
    const raw = fixtures.metaJson(fixtures.textMessage(this.numbers, sender, wamid, text, this.now()));
    return { ...(await this.post(raw)), wamid, raw };
  }

  /** A customer's photo: stored here under a media id, then announced by a webhook. */
  async customerImage(sender: fixtures.Sender, bytes: Buffer, caption?: string, wamid = this.wamid()) {
    const id = String(900_000 + this.nextId++);
    this.media.set(id, { bytes, mimeType: 'image/jpeg', filename: `${id}.jpg` });
    this.lastInbound.set(sender.waId, this.now());
    const sha256 = createHash('sha256').update(bytes).digest('base64');
    const body = fixtures.imageMessage(
      this.numbers,
      sender,
      wamid,
      { id, mimeType: 'image/jpeg', sha256, caption },
      this.now(),
    );
    return { ...(await this.post(fixtures.metaJson(body))), wamid, mediaId: id };
  }

  /** A status of one of the desk's messages. */
  status(recipient: string, wamid: string, status: fixtures.StatusName, error?: typeof fixtures.REENGAGEMENT) {
    return this.post(
      fixtures.metaJson(fixtures.statusUpdate(this.numbers, recipient, wamid, status, this.now(), error)),
    );
  }

  windowOpen(waId: string): boolean {
    const last = this.lastInbound.get(waId);
    return last !== undefined && this.now() - last < DAY_MS;
  }

  private wamid(): string {
    return `wamid.${Buffer.from(`HBgLNzkwMDEyMzQ1NjcVAgASGBQz-${this.nextId++}`).toString('base64')}`;
  }

  private async answer(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const url = new URL(req.url ?? '/', this.url);
    const authorised = req.headers.authorization === `Bearer ${this.opts.accessToken}`;
    const download = /^\/download\/(\d+)$/.exec(url.pathname);
    if (download) {
      const media = this.media.get(download[1]);
      if (!authorised || !media) return json(404, fixtures.graphError(100, 'media not found'));
      res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length }).end(media.bytes);
      return;
    }
    const prefix = `/${GRAPH_VERSION}/`;
    if (!url.pathname.startsWith(prefix)) return json(404, fixtures.graphError(100, 'Unknown path components'));
    const path = url.pathname.slice(prefix.length);
    if (!authorised)
      return json(401, fixtures.graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
    const pn = this.opts.phoneNumberId;
    if (req.method === 'POST' && path === `${pn}/messages`) return this.send(body, json);
    if (req.method === 'POST' && path === `${pn}/media`) return this.upload(req, body, json);
    if (req.method === 'GET' && path === pn)
      return json(200, {
        verified_name: 'Shop',
        display_phone_number: '+1 555-078-3881',
        id: pn,
        quality_rating: 'GREEN',
      });
    const media = req.method === 'GET' ? this.media.get(path) : undefined;
    if (media)
      return json(200, {
        messaging_product: 'whatsapp',
        url: `${this.url}/download/${path}`,
        mime_type: media.mimeType,
        sha256: createHash('sha256').update(media.bytes).digest('hex'),
        file_size: String(media.bytes.length),
        id: path,
      });
    return json(
      404,
      fixtures.graphError(
        100,
        `Unsupported request - method type: ${req.method?.toLowerCase()}`,
        'GraphMethodException',
      ),
    );
  }

  private send(body: Buffer, json: (status: number, value: unknown) => void): void {
    const message = JSON.parse(body.toString('utf8')) as SentWhatsApp['body'] & { to?: string; type?: string };
    this.attempts.push(message.text?.body ?? String(message.type));
    if (this.unavailableFor > 0) {
      this.unavailableFor--;
      return json(503, fixtures.graphError(2, 'Service temporarily unavailable', 'OAuthException'));
    }
    if (message.messaging_product !== 'whatsapp' || typeof message.to !== 'string' || typeof message.type !== 'string')
      return json(400, fixtures.graphError(100, '(#100) Invalid parameter'));
    const freeForm = message.type !== 'template';
    if (freeForm && !this.windowOpen(message.to) && this.windowRefusal === 'error') {
      const { code, title, details } = fixtures.REENGAGEMENT;
      return json(400, fixtures.graphError(code, `(#${code}) ${title}`, 'OAuthException', details));
    }
    const wamid = this.wamid();
    this.sent.push({ wamid, to: message.to, type: message.type, body: message });
    json(200, fixtures.sendAnswer(message.to, wamid));
    if (freeForm && !this.windowOpen(message.to)) {
      // Meta takes the message, then reports it failed; a desk already stopped misses the report.
      const posted: Promise<unknown> = this.status(message.to, wamid, 'failed', fixtures.REENGAGEMENT)
        .catch((error: unknown) => error)
        .finally(() => this.background.delete(posted));
      this.background.add(posted);
    }
  }

  private async upload(req: http.IncomingMessage, body: Buffer, json: (status: number, value: unknown) => void) {
    const form = await new Response(body, {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
    const file = form.get('file');
    if (form.get('messaging_product') !== 'whatsapp' || !(file instanceof Blob))
      return json(400, fixtures.graphError(100, '(#100) The parameter messaging_product is required.'));
    const id = String(900_000 + this.nextId++);
    this.media.set(id, {
      bytes: Buffer.from(await file.arrayBuffer()),
      mimeType: String(form.get('type') ?? file.type),
      filename: file instanceof File ? file.name : 'file',
    });
    return json(200, { id });
  }
}
