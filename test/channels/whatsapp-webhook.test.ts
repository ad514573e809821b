// The WhatsApp channel's webhook door (issue 16): Meta's GET verification, the X-Hub-Signature-256
// check on the raw bytes, redelivery stored once, and garbage refused with nothing stored.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_MAX_BYTES } from '../../server/channels/whatsapp/webhook';
import { metaJson, textMessage } from '../providers/whatsapp-fixtures';
import { OperatorSession } from '../helpers/operator-session';
import {
  CUSTOMER,
  PHONE_NUMBER_ID,
  startWhatsAppDesk,
  VERIFY_TOKEN,
  type WhatsAppDesk,
} from '../helpers/whatsapp-desk';

const NUMBERS = { phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '15550783881', wabaId: '102290129340398' };

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let wa: WhatsAppDesk;

  beforeEach(async () => {
    wa = await startWhatsAppDesk({ store, requestTimeoutMs: 3_000, headersTimeoutMs: 1_500 });
  });

  afterEach(async () => {
    await wa.close();
  });

  /** Every message stored for the customer, as Olga's transcript shows it (none: no conversation). */
  async function customerTexts(): Promise<string[]> {
    const { conversations } = await wa.olga.api.operator.snapshot.query();
    const texts: string[] = [];
    for (const c of conversations) {
      const transcript = await wa.olga.api.operator.messages.query({ conversationId: c.id });
      texts.push(...transcript.filter((m) => m.author.type === 'customer').map((m) => m.text));
    }
    return texts;
  }

  const verify = (query: string) => fetch(`${wa.webhookUrl}?${query}`);

  it('answers the subscription check with the challenge for the right verify token, 403 otherwise', async () => {
    const right = await verify(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await right.text()).toBe('1158201444');
    const wrong = await verify('hub.mode=subscribe&hub.verify_token=not-the-token&hub.challenge=1158201444');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
    expect((await verify(`hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
    expect((await verify(`hub.mode=subscribe&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${wa.t.server.url}/channels/whatsapp/nope/webhook?hub.mode=subscribe`)).status).toBe(404);
  });

  it('refuses a body whose signature is wrong, missing, or over re-serialised JSON, storing nothing', async () => {
    const raw = metaJson(textMessage(NUMBERS, CUSTOMER, 'wamid.sig-1', 'Здравствуйте / привет', Date.now()));
    // Meta writes Cyrillic as \u escapes and "/" as "\/": parsing and stringifying gives other bytes.
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(reserialised).not.toBe(raw);
    for (const signature of [
      wa.fake.sign(reserialised),
      null,
      'sha256=' + '0'.repeat(64),
      'sha1=abc',
      wa.fake.sign(raw).toUpperCase() + 'x',
    ]) {
      const answer = await wa.fake.post(raw, signature);
      expect(answer.status).toBe(401);
      expect(answer.text).toMatch(/X-Hub-Signature-256 does not match/);
    }
    expect(await customerTexts()).toEqual([]);
    // The same bytes, rightly signed, are taken: the check is on the raw body.
    expect((await wa.fake.post(raw)).status).toBe(200);
    expect(await customerTexts()).toEqual(['Здравствуйте / привет']);
  });

  it('stores a redelivered webhook once', async () => {
    const first = await wa.fake.customerText(CUSTOMER, 'Где мой заказ?', 'wamid.redelivered-1');
    expect(first.status).toBe(200);
    const again = await wa.fake.post(first.raw);
    expect(again.status).toBe(200);
    // Meta's batches repeat messages across deliveries too: one body with it twice.
    const twice = JSON.parse(first.raw) as ReturnType<typeof textMessage>;
    const change = twice.entry[0].changes[0];
    twice.entry[0].changes.push(change);
    expect((await wa.fake.post(metaJson(twice))).status).toBe(200);
    expect(await customerTexts()).toEqual(['Где мой заказ?']);
    const { conversations } = await wa.olga.api.operator.snapshot.query();
    const customer = await wa.olga.api.operator.customer.query({ conversationId: conversations[0].id });
    expect(customer.customer).toMatchObject({ name: 'Анна Петрова', phone: '+79001234567' });
  });

  it('refuses garbage with 4xx, stores nothing, and goes on taking messages', async () => {
    type Body = { object: string; entry: { changes: { value: { messages: Array<Record<string, unknown>> } }[] }[] };
    const valid = JSON.parse(metaJson(textMessage(NUMBERS, CUSTOMER, 'wamid.g', 'ok', Date.now()))) as Body;
    const withText = (text: unknown) => {
      const copy = structuredClone(valid);
      copy.entry[0].changes[0].value.messages[0].text = text;
      return JSON.stringify(copy);
    };
    const bodies: Array<[string, string | Buffer, number]> = [
      ['invalid JSON', '{"object": "whatsapp_business_account", "entry": [', 400],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 400],
      ['a NUL in the text', withText({ body: 'a\u0000b' }), 400],
      ['a number for the text', withText({ body: 42 }), 400],
      ['another object', JSON.stringify({ ...valid, object: 'page' }), 400],
      ['no entries', JSON.stringify({ object: 'whatsapp_business_account', entry: [] }), 400],
      ['an array', '[]', 400],
      ['a sender that is not a number', JSON.stringify(valid).replace(/"from":"\d+"/, '"from":"../../etc"'), 400],
    ];
    for (const [what, body, status] of bodies) {
      const answer = await wa.fake.post(body);
      expect(answer.status, what).toBe(status);
    }
    const oversize = Buffer.alloc(WEBHOOK_MAX_BYTES + 1, 0x20);
    expect((await wa.fake.post(oversize)).status).toBe(413);
    expect(await customerTexts()).toEqual([]);

    // A body that trickles in and never ends is cut off by the server's request timeout.
    const { hostname, port } = new URL(wa.t.server.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    const closed = new Promise<string>((resolve) => {
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', () => undefined);
      socket.once('close', () => resolve(text));
    });
    socket.write(
      `POST /channels/whatsapp/wa/webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"object":`,
    );
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /);

    await wa.t.restart();
    wa.fake.webhookUrl = `${wa.t.server.url}/channels/whatsapp/wa/webhook`;
    expect((await wa.fake.customerText(CUSTOMER, 'после перезапуска')).status).toBe(200);
    await wa.olga.close();
    wa.olga = await OperatorSession.connect(wa.t.server, 'olga', 'olga-password');
    expect(await customerTexts()).toEqual(['после перезапуска']);
  });
});
