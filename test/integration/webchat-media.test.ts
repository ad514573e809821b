// Issue 15 on the server, on both stores: bot messages keep their notice kind (migration 011) in
// the store, the operator's transcript and the widget's wire; the pre-chat form's answers (a
// `profile` frame) become the customer's name, a typed e-mail kept apart from the verified one,
// and a dated consent; the `prechat` setting and the frame refuse garbage; uploads answer CORS
// for the channel's origins; acks and the echo to other tabs carry the files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebchatServerFrame } from '../../shared/webchat-schemas';
import { visitorToken } from '../../server/channels/webchat/visitor-sockets';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebchatVisitor } from '../helpers/webchat-visitor';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SHOP = 'https://shop.example';
const PRECHAT = {
  name: 'required',
  email: 'optional',
  consent: { text: 'I agree to the processing of my data', url: 'https://shop.example/privacy' },
} as const;

const isError = (f: WebchatServerFrame) => f.type === 'error';

describe.each(['sqlite', 'postgres'] as const)('web chat notices and pre-chat on %s', { timeout: 30_000 }, (store) => {
  let t: TestServer;
  let olga: OperatorSession;
  let secret: string;
  const visitors: WebchatVisitor[] = [];

  beforeAll(async () => {
    t = await startTestServer({ store });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 50 });
    ({ secret } = await t.admin.admin.createChannel.mutate({
      id: 'form',
      name: 'Form',
      queueId: 'general',
      adapter: 'webchat',
      settings: { prechat: PRECHAT, allowedOrigins: [SHOP] },
    }));
    await t.admin.admin.createChannel.mutate({ id: 'plain', name: 'Plain', queueId: 'general', adapter: 'webchat' });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    await olga.close();
    await t.close();
  });

  async function visitor(channel = 'form', token?: string) {
    const v = await WebchatVisitor.open(t.server.wsUrl, channel);
    visitors.push(v);
    const welcome = await v.hello(token ? { visitorToken: token } : {});
    if (welcome.type !== 'welcome') throw new Error(`no welcome: ${JSON.stringify(welcome)}`);
    return { v, welcome };
  }

  /** The refusal a profile frame gets (an accepted one gets no answer: its details go with the next message). */
  async function refusal(v: WebchatVisitor, frame: unknown): Promise<string> {
    const from = v.frames.length;
    v.sendRaw(frame);
    const answer = await v.waitFor((f) => v.frames.indexOf(f) >= from && f.type === 'error');
    return answer.type === 'error' ? `${answer.id}: ${answer.error}` : '';
  }

  it('stores which notice a bot message is, and shows it to the operator, the widget and a later replay', async () => {
    const { v, welcome } = await visitor('plain');
    const ack = await v.say('n-1', 'hello there');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    const pushed = await v.waitFor(
      (f) => f.type === 'message' && f.message.notice === 'operatorJoined' && f.message.text.includes('Olga'),
    );
    expect(pushed.type === 'message' && pushed.message.author.type).toBe('bot');
    const page = await olga.api.operator.messages.query({ conversationId });
    expect(page.map((m) => [m.author.type, m.notice])).toEqual([
      ['customer', undefined],
      ['bot', 'greeting'],
      ['bot', 'operatorJoined'],
    ]);
    await olga.api.operator.send.mutate({ conversationId, clientId: 'notice-reply-1', text: 'Hi!' });
    await olga.api.operator.resolve.mutate({ conversationId });
    // A replay reads them from the store.
    const replay = await visitor('plain', welcome.visitorToken);
    expect(replay.welcome.history.map((m) => m.notice ?? m.author.type)).toEqual([
      'customer',
      'greeting',
      'operatorJoined',
      'operator',
      'closed',
      'askRating',
    ]);
    const { store: db } = t.server.desk.ctx;
    const rows = await db.all(db.q.messagesOfConversation, { conversation_id: conversationId, limit: 50 });
    expect(rows.filter((r) => r.author_type === 'bot').map((r) => r.notice)).toEqual(
      expect.arrayContaining(['greeting', 'operatorJoined', 'closed', 'askRating']),
    );
    expect(rows.filter((r) => r.author_type !== 'bot').every((r) => r.notice === null)).toBe(true);
  });

  it('sends the form in the welcome only for a channel that has one', async () => {
    expect((await visitor('form')).welcome.prechat).toEqual(PRECHAT);
    expect((await visitor('plain')).welcome.prechat).toBeUndefined();
  });

  it('keeps the typed e-mail apart from the verified one, with the consent and its time', async () => {
    const before = Date.now();
    const { v } = await visitor();
    v.sendRaw({ type: 'profile', name: 'Anna', email: 'anna@example.com', consent: true });
    const ack = await v.say('f-1', 'first');
    expect(ack.type).toBe('ack');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    const { customer } = await olga.api.operator.customer.query({ conversationId });
    expect(customer).toMatchObject({ name: 'Anna', email: null, givenEmail: 'anna@example.com' });
    expect(customer.consent).toEqual({ at: expect.any(Number), text: PRECHAT.consent.text });
    expect(customer.consent!.at).toBeGreaterThanOrEqual(before);

    // A site's own word for its user is the verified address; the typed one stays apart.
    const site = await WebchatVisitor.open(t.server.wsUrl, 'form');
    visitors.push(site);
    site.sendRaw({ type: 'hello', visitorToken: visitorToken('user-7', secret), email: 'boss@shop.example' });
    await site.waitFor((f) => f.type === 'welcome');
    site.sendRaw({ type: 'profile', name: 'Boss', email: 'typed@else.example', consent: true });
    const siteAck = await site.say('s-1', 'from the shop account');
    const card = await olga.api.operator.customer.query({
      conversationId: siteAck.type === 'ack' ? siteAck.conversationId : '',
    });
    expect(card.customer).toMatchObject({ name: 'Boss', email: 'boss@shop.example', givenEmail: 'typed@else.example' });
  });

  it('refuses profile garbage by name and stores none of it', async () => {
    const early = await WebchatVisitor.open(t.server.wsUrl, 'form');
    visitors.push(early);
    early.sendRaw({ type: 'profile', name: 'Too early', consent: true });
    expect(await early.waitFor(isError)).toMatchObject({ id: 'profile', error: 'say hello first' });

    const { v } = await visitor();
    const refusals = [
      [{ type: 'profile', name: 5, consent: true }, /name/],
      [{ type: 'profile', name: 'x'.repeat(201), consent: true }, /name/],
      [{ type: 'profile', name: 'A\u0000B', consent: true }, /name/],
      [{ type: 'profile', name: '   ', consent: true }, /name/],
      [{ type: 'profile', name: 'Ann', email: 'not-an-address', consent: true }, /email/],
      [{ type: 'profile', name: 'Ann', email: `${'a'.repeat(250)}@x.example`, consent: true }, /email/],
      [{ type: 'profile', name: 'Ann', consent: false }, /consent/],
      [{ type: 'profile', name: 'Ann', consent: 'yes' }, /consent/],
      [{ type: 'profile', name: 'Ann', consent: true, role: 'admin' }, /role|unrecognized/i],
      [{ type: 'profile', email: 'ann@example.com', consent: true }, /needs name/],
      [{ type: 'profile', name: 'Ann' }, /needs consent/],
    ] as const;
    for (const [frame, reason] of refusals) {
      const answer = await refusal(v, frame);
      expect(answer, JSON.stringify(frame)).toMatch(/^profile: /);
      expect(answer, JSON.stringify(frame)).toMatch(reason);
    }
    const ack = await v.say('g-last', 'after the garbage');
    const { customer } = await olga.api.operator.customer.query({
      conversationId: ack.type === 'ack' ? ack.conversationId : '',
    });
    expect(customer).toMatchObject({ name: null, givenEmail: null, consent: null });

    const plain = await visitor('plain');
    expect(await refusal(plain.v, { type: 'profile', name: 'Ann' })).toBe(
      'profile: this channel has no pre-chat form: send messages without a profile',
    );
  });

  it('takes the prechat setting as JSON text (admin channel set --setting) and refuses bad values by name', async () => {
    await t.admin.admin.updateChannel.mutate({
      id: 'plain',
      settings: { prechat: '{"name":"optional","consent":{"text":"Yes, please"}}' },
    });
    expect((await visitor('plain')).welcome.prechat).toEqual({
      name: 'optional',
      email: 'off',
      consent: { text: 'Yes, please' },
    });
    const bad = [
      [{ name: 'maybe' }, /prechat\.name/],
      [{ email: 5 }, /prechat\.email/],
      [{ consent: { text: '' } }, /prechat\.consent\.text/],
      [{ consent: { text: 'ok', url: 'javascript:alert(1)' } }, /prechat\.consent\.url.*http/],
      [{ consent: { text: 'A\u0000' } }, /prechat\.consent\.text/],
      [{ name: 'required', extra: true }, /extra|unrecognized/i],
      ['{not json', /prechat/],
    ] as const;
    for (const [prechat, reason] of bad) {
      await expect(
        t.admin.admin.updateChannel.mutate({ id: 'plain', settings: { prechat } }),
        JSON.stringify(prechat),
      ).rejects.toThrow(reason);
    }
    // Nothing changed.
    expect((await visitor('plain')).welcome.prechat).toMatchObject({ name: 'optional' });
    // The rating buttons' words are the channel's to change too (keys with digits).
    await t.admin.admin.updateChannel.mutate({
      id: 'plain',
      settings: { widgetTexts: { en: { rate5: '5 — superb' } } },
    });
    expect((await visitor('plain')).welcome.texts).toEqual({ en: { rate5: '5 — superb' } });
  });

  it('answers the upload preflight for the channel’s origins and gives the files to the ack and the other tabs', async () => {
    const { v, welcome } = await visitor();
    const url = `${t.server.url}/channels/webchat/form/files?name=dot.png`;
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const stranger = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

    const upload = await fetch(url, {
      method: 'POST',
      headers: { origin: SHOP, authorization: `Bearer ${welcome.visitorToken}` },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    expect(upload.headers.get('access-control-allow-origin')).toBe(SHOP);
    const { ref } = (await upload.json()) as { ref: string };

    const otherTab = (await visitor('form', welcome.visitorToken)).v;
    v.sendRaw({ type: 'profile', name: 'Ann', consent: true });
    v.sendRaw({ type: 'message', id: 'file-1', text: '', attachments: [ref] });
    const ack = await v.waitFor((f) => f.type === 'ack' && f.id === 'file-1');
    expect(ack.type === 'ack' && ack.attachments).toEqual([
      expect.objectContaining({ name: 'dot.png', type: 'image/png', url: expect.stringContaining('/files/') }),
    ]);
    const echo = await otherTab.waitFor((f) => f.type === 'message' && f.message.author.type === 'customer');
    expect(echo.type === 'message' && echo.message.attachments).toEqual([
      expect.objectContaining({ name: 'dot.png', url: expect.stringContaining('/files/') }),
    ]);
    const image = await fetch(ack.type === 'ack' ? ack.attachments![0].url : '');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
  });
});
