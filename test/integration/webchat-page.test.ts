// Issue 15: the widget's hello says which page the visitor is on. The page is kept with the
// visitor's conversation (conversations.visitor_page, on both stores), survives a restart, and
// reaches the operator's feed when it changes; a page that breaks the rules is refused with an
// error frame and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope, VisitorPage } from '../../shared/schemas';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebchatVisitor } from '../helpers/webchat-visitor';

const CART = { url: 'https://shop.example/cart', title: 'Корзина' };
const TEA = { url: 'https://shop.example/tea/puer?ref=main#reviews', title: 'Пуэр «Шу»' };

const pageUpdate = (conversationId: string, url: string) => (e: DeskEventEnvelope) =>
  e.type === 'conversation.updated' && e.conversation.id === conversationId && e.conversation.visitorPage?.url === url;

describe.each(['sqlite', 'postgres'] as const)('the visitor’s page on %s', (store) => {
  let t: TestServer;
  let olga: OperatorSession;
  const visitors: WebchatVisitor[] = [];

  const visitor = async () => {
    const v = await WebchatVisitor.open(t.server.wsUrl, 'site');
    visitors.push(v);
    return v;
  };
  /** Sends a hello with these fields and resolves with the welcome or error that answers it. */
  const hello = (v: WebchatVisitor, fields: Record<string, unknown>) => {
    const from = v.frames.length;
    v.sendRaw({ type: 'hello', ...fields });
    return v.waitFor((f) => v.frames.indexOf(f) >= from && (f.type === 'welcome' || f.type === 'error'));
  };
  const storedPage = async (conversationId: string): Promise<VisitorPage | null> => {
    const { store: s } = t.server.desk.ctx;
    const row = await s.get(s.q.conversationById, { id: conversationId });
    return row?.visitor_page ? (JSON.parse(row.visitor_page) as VisitorPage) : null;
  };

  beforeAll(async () => {
    t = await startTestServer({ store });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password', capacity: 5 });
    await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Shop', queueId: 'general', adapter: 'webchat' });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  }, 60_000);

  afterAll(async () => {
    for (const v of visitors) v.close();
    await olga?.close();
    await t?.close();
  });

  it('keeps the page of the hello with the conversation the first message opens, and tells the operator', async () => {
    const v = await visitor();
    expect((await hello(v, { page: CART })).type).toBe('welcome');
    const ack = await v.say('p-1', 'Не могу оформить заказ');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    const assigned = await olga.waitFor(isAssigned(conversationId));
    expect(assigned.type === 'conversation.assigned' && assigned.conversation.visitorPage).toEqual(CART);
    expect(await storedPage(conversationId)).toEqual(CART);
  });

  it('updates the conversation and the operator’s feed when a later hello brings another page', async () => {
    const v = await visitor();
    const welcome = await hello(v, { page: CART });
    const visitorToken = welcome.type === 'welcome' ? welcome.visitorToken : '';
    const ack = await v.say('p-2', 'Вопрос про пуэр');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    // The visitor goes to another page: its widget says hello again there.
    expect((await hello(v, { visitorToken, page: TEA })).type).toBe('welcome');
    const updated = await olga.waitFor(pageUpdate(conversationId, TEA.url));
    expect(updated.type === 'conversation.updated' && updated.conversation.visitorPage).toEqual(TEA);
    expect(await storedPage(conversationId)).toEqual(TEA);
    // Another tab opens on the checkout; then the first tab, still on the tea page, writes: each
    // message carries its tab's page, so the operator sees where the visitor wrote from.
    const other = await visitor();
    await hello(other, { visitorToken, page: { url: 'https://shop.example/checkout' } });
    await olga.waitFor(pageUpdate(conversationId, 'https://shop.example/checkout'));
    expect(await storedPage(conversationId)).toEqual({ url: 'https://shop.example/checkout', title: '' });
    const since = olga.events.length;
    await v.say('p-2b', 'А доставка?');
    const back = await olga.waitFor((e) => olga.events.indexOf(e) >= since && pageUpdate(conversationId, TEA.url)(e));
    expect(back.type === 'conversation.updated' && back.conversation.visitorPage).toEqual(TEA);
    expect(await storedPage(conversationId)).toEqual(TEA);
  });

  it('refuses a page that breaks the rules with an error frame, and changes nothing', async () => {
    const v = await visitor();
    const welcome = await hello(v, { page: CART });
    const visitorToken = welcome.type === 'welcome' ? welcome.visitorToken : '';
    const ack = await v.say('p-3', 'Здравствуйте');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    const eventsBefore = olga.events.length;
    const bad: Array<[unknown, RegExp]> = [
      [{ url: 'javascript:alert(1)', title: 'x' }, /page\.url must be an http:\/\/ or https:\/\/ URL/],
      [{ url: 'data:text/html,<script>alert(1)</script>' }, /page\.url must be an http/],
      [{ url: 'ftp://shop.example/cart' }, /page\.url must be an http/],
      [{ url: 'not a url' }, /page\.url must be an http/],
      [{ url: `https://shop.example/${'a'.repeat(2100)}` }, /page\.url/],
      [{ url: CART.url, title: 'т'.repeat(201) }, /page\.title/],
      [{ url: CART.url, title: 'Корзина\u0000' }, /page\.title must not contain NUL/],
      [{ url: `https://shop.example/\u0000` }, /page\.url must not contain NUL/],
      [{ url: 'https://shop.example/\uD800' }, /page\.url must not contain a lone UTF-16 surrogate/],
      [{ url: 42 }, /page\.url/],
      [{ title: 'no url' }, /page\.url/],
      ['https://shop.example/cart', /page/],
      [[CART], /page/],
    ];
    for (const [page, error] of bad) {
      const answer = await hello(v, { visitorToken, page });
      expect(answer.type).toBe('error');
      expect(answer.type === 'error' && answer.error).toMatch(/^invalid frame: /);
      expect(answer.type === 'error' && answer.error).toMatch(error);
    }
    // The socket still speaks for the visitor, on the page it had: the next message goes in as before.
    const next = await v.say('p-4', 'Ещё вопрос');
    expect(next).toMatchObject({ type: 'ack', conversationId });
    expect(await storedPage(conversationId)).toEqual(CART);
    expect(
      olga.events
        .slice(eventsBefore)
        .some((e) => e.type === 'conversation.updated' && e.conversation.visitorPage?.url !== CART.url),
    ).toBe(false);
  });

  it('keeps the page over a restart', async () => {
    const v = await visitor();
    await hello(v, { page: TEA });
    const ack = await v.say('p-5', 'Сколько стоит доставка?');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    v.close();
    await olga.close();
    await t.restart();
    expect(t.server.desk.book.get(conversationId)?.visitorPage).toEqual(TEA);
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    const { conversations } = await olga.api.operator.snapshot.query();
    expect(conversations.find((c) => c.id === conversationId)?.visitorPage).toEqual(TEA);
  });
});
