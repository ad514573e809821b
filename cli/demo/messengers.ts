// The messenger providers of the demo, on loopback: one small HTTP server answering the few
// methods the Telegram, WhatsApp, VK and Viber adapters call (Telegram's /bot<token>/<method>
// under /, WhatsApp's Graph API under /whatsapp, VK's under /vk/method, Viber's under /viber),
// and an SMSC for the SMS channel (an SMPP 3.4 server from the `smpp` package). What the desk
// sends is noted in the demo's directory (sent-messengers.log), so nothing leaves the machine.
// Stand-ins, not fakes for tests: they accept what comes and answer as the provider would on
// success; the tests' strict fakes are in test/providers/.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import smpp, { type DecodedShortMessage, type PDU, type Session } from 'smpp';

export const DEMO_TELEGRAM_TOKEN = '7000000001:demo-shop-bot-token';
export const DEMO_WHATSAPP = {
  phoneNumberId: '100000000000001',
  display: '+7 900 000-00-01',
  wabaId: '200000000000002',
};
export const DEMO_VK_GROUP = 170_000_001;
export const DEMO_SMSC = { systemId: 'textdesk', password: 'demo-sms' };
/** The SMS channel's sender name. */
export const DEMO_SMS_SENDER = 'DemoShop';

const MAX_BODY = 1 << 20;

export class DemoMessengerProviders {
  private readonly http = http.createServer((req, res) => this.answer(req, res));
  private readonly smsc = smpp.createServer({}, (session) => this.session(session));
  private readonly bound = new Set<Session>();
  private nextId = 1000;
  /** What VK's users.get answers for the demo's VK customers, by their id. */
  readonly vkNames = new Map<number, [string, string]>();
  url = '';
  smppPort = 0;

  constructor(private readonly logFile: string) {}

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => this.smsc.listen(0, '127.0.0.1', () => resolve()));
    this.smppPort = (this.smsc.address() as AddressInfo).port;
  }

  /** A customer's SMS (UCS-2, one part) to the bound desk; false when the desk has not bound yet. */
  sendSms(from: string, text: string): boolean {
    const [session] = this.bound;
    if (!session) return false;
    return session.deliver_sm({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: from,
      destination_addr: DEMO_SMS_SENDER,
      data_coding: 8,
      short_message: Buffer.from(text, 'utf16le').swap16(),
    });
  }

  async close(): Promise<void> {
    for (const session of this.smsc.sessions) session.destroy();
    this.http.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => this.http.close(() => resolve())),
      new Promise<void>((resolve) => this.smsc.close(() => resolve())),
    ]);
  }

  private note(kind: string, to: string, text: string): void {
    fs.appendFile(this.logFile, `${new Date().toISOString()} ${kind} to ${to}: ${text}\n`, () => undefined);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) return void req.destroy();
      chunks.push(chunk);
    });
    req.on('end', () => {
      const json = (status: number, value: unknown) =>
        void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const path = new URL(req.url ?? '/', 'http://demo').pathname;
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        if (path.startsWith('/bot')) return this.telegram(path, body, req.headers['content-type'], json);
        if (path.startsWith('/whatsapp/')) return this.whatsapp(path, body, json);
        if (path.startsWith('/vk/method/')) return this.vk(path.slice('/vk/method/'.length), body, json);
        if (path.startsWith('/viber/')) return this.viber(path.slice('/viber/'.length), body, json);
      } catch {
        return json(400, { error: 'unreadable request' });
      }
      json(404, { error: 'not a method of the demo providers' });
    });
  }

  private telegram(path: string, body: string, type: string | undefined, json: (s: number, v: unknown) => void) {
    const method = /^\/bot[^/]+\/(\w+)$/.exec(path)?.[1];
    const params = (type?.includes('json') && body ? JSON.parse(body) : {}) as Record<string, unknown>;
    switch (method ?? '') {
      case 'getMe':
        return json(200, {
          ok: true,
          result: { id: 7000000001, is_bot: true, first_name: 'Demo Shop', username: 'demo_shop_bot' },
        });
      case 'setWebhook':
      case 'deleteWebhook':
        return json(200, { ok: true, result: true });
      case 'getWebhookInfo':
        return json(200, { ok: true, result: { url: '', pending_update_count: 0 } });
      case 'sendMessage': {
        this.note('TG', String(params.chat_id), String(params.text));
        const chat = { id: Number(params.chat_id), type: 'private' };
        return json(200, { ok: true, result: { message_id: this.nextId++, date: seconds(), chat, text: params.text } });
      }
      default:
        return json(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private whatsapp(path: string, body: string, json: (s: number, v: unknown) => void) {
    if (!path.endsWith('/messages')) return json(200, { id: DEMO_WHATSAPP.phoneNumberId, verified_name: 'Demo Shop' });
    const message = JSON.parse(body) as { to?: string; type?: string; text?: { body?: string }; status?: string };
    if (message.status === 'read') return json(200, { success: true });
    this.note('WA', String(message.to), message.text?.body ?? `(${message.type})`);
    const wamid = `wamid.demo${this.nextId++}`;
    json(200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: message.to, wa_id: message.to }],
      messages: [{ id: wamid }],
    });
  }

  private vk(method: string, body: string, json: (s: number, v: unknown) => void) {
    const params = new URLSearchParams(body);
    if (method === 'users.get') {
      const ids = (params.get('user_ids') ?? '').split(',').map(Number);
      const users = ids.map((id) => {
        const [first_name, last_name] = this.vkNames.get(id) ?? ['Гость', ''];
        return { id, first_name, last_name };
      });
      return json(200, { response: users });
    }
    if (method === 'messages.send') {
      this.note('VK', String(params.get('peer_id') ?? params.get('user_id')), params.get('message') ?? '');
      return json(200, { response: this.nextId++ });
    }
    json(200, { error: { error_code: 3, error_msg: 'Unknown method passed', request_params: [] } });
  }

  private viber(method: string, body: string, json: (s: number, v: unknown) => void) {
    if (method === 'send_message') {
      const message = JSON.parse(body) as { receiver?: string; type?: string; text?: string };
      this.note('VB', String(message.receiver), message.text ?? `(${message.type})`);
      return json(200, { status: 0, status_message: 'ok', message_token: String(this.nextId++) });
    }
    json(200, { status: 0, status_message: 'ok' });
  }

  private session(session: Session): void {
    session.on('error', () => undefined);
    session.on('close', () => this.bound.delete(session));
    session.on('bind_transceiver', (pdu: PDU) => {
      const ok = pdu.system_id === DEMO_SMSC.systemId && pdu.password === DEMO_SMSC.password;
      session.send(pdu.response(ok ? { system_id: 'demo-smsc' } : { command_status: smpp.errors.ESME_RINVPASWD }));
      if (ok) this.bound.add(session);
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      this.bound.delete(session);
      session.send(pdu.response(), () => session.close());
    });
    session.on('submit_sm', (pdu: PDU) => {
      if (!this.bound.has(session))
        return void session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
      const sm = pdu.short_message as DecodedShortMessage | Buffer;
      const text = !Buffer.isBuffer(sm) && typeof sm.message === 'string' ? sm.message : '(binary)';
      const part = !Buffer.isBuffer(sm) && sm.udh?.length ? ' (part)' : '';
      this.note('SMS', String(pdu.destination_addr), `${text}${part}`);
      session.send(pdu.response({ message_id: String(this.nextId++) }));
    });
  }
}

const seconds = () => Math.floor(Date.now() / 1000);
