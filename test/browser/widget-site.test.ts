// The web chat widget on a shop's pages in a real Chromium (issue 15): the page it is on reaches
// the operator, a site's minted token in the script tag, a message typed offline that outlives a
// reload, the page's language and the channel's own words, the keyboard alone, and a site the
// channel refuses. The shop is on another origin; the operator answers over the real tRPC client.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorToken } from '../../server/channels/webchat/visitor-sockets';
import { chromiumOrSkip, type SitePage } from '../helpers/chromium';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import type { TestServer } from '../helpers/server';
import { openWidget, shopPage, startWidgetDesk, widget, type WidgetDesk } from '../helpers/widget-page';

const run = chromiumOrSkip('test/browser/widget-site.test.ts');

let desk: WidgetDesk;
let t: TestServer;
let olga: OperatorSession;
let browser: Browser;
let site: WidgetDesk['site'];
let stranger: WidgetDesk['site'];
let secret: string;
/** The shop's pages; the logged-in user's page is added once the channel secret is known. */
const pages: SitePage[] = [];

/** The shop page with more attributes on the widget's script tag. */
const withTag = (html: string, attrs: Record<string, string>) =>
  html.replace(
    'data-channel="site"',
    `data-channel="site" ${Object.entries(attrs)
      .map(([k, v]) => `${k}="${v}"`)
      .join(' ')}`,
  );

async function conversationOf(text: string): Promise<string> {
  const event = await olga.waitFor(isMessage(text));
  return event.type === 'message.created' ? event.message.conversationId : '';
}

async function send(page: Page, text: string): Promise<void> {
  await widget(page, 'textarea').fill(text);
  await widget(page, 'textarea').press('Enter');
}

/** The element focused inside the widget's shadow root (the page sees only the host). */
const focusedInWidget = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.querySelector('#textdesk-widget')?.shadowRoot?.activeElement;
    return el ? el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') : null;
  })()`);

beforeAll(async () => {
  if (!run) return;
  desk = await startWidgetDesk({
    pages: (url) => {
      pages.push({ path: '/', html: shopPage(url) }, { path: '/en', html: shopPage(url, { lang: 'en' }) });
      return pages;
    },
    stranger: true,
    settings: {
      widgetTexts: { ru: { title: 'Чайная лавка: поддержка' }, en: { placeholder: 'Ask the tea shop…' } },
    },
  });
  ({ t, olga, browser, site, secret } = desk);
  stranger = desk.stranger!;
  // The shop's backend mints a logged-in user's token with the channel secret and writes it into the tag.
  pages.push({
    path: '/account',
    html: withTag(shopPage(t.server.url), {
      'data-visitor-token': visitorToken('user-77', secret),
      'data-name': 'Борис',
    }),
  });
}, 60_000);

afterAll(async () => {
  if (!run) return;
  await desk?.close();
});

describe.runIf(run)('the web chat widget on a shop’s pages', () => {
  it('tells the operator which page the visitor is on, and the page they move to', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context, site.url('/'));
    await send(page, 'Какой чай посоветуете?');
    const conversationId = await conversationOf('Какой чай посоветуете?');
    const assigned = await olga.waitFor(isAssigned(conversationId));
    expect(assigned.type === 'conversation.assigned' && assigned.conversation.visitorPage).toEqual({
      url: site.url('/'),
      title: 'Чайная лавка',
    });
    // Navigation within the page (a hash, history) says hello again with the new address.
    await page.evaluate(`location.hash = '#reviews'`);
    const moved = await olga.waitFor(
      (e) =>
        e.type === 'conversation.updated' &&
        e.conversation.id === conversationId &&
        e.conversation.visitorPage?.url === site.url('/#reviews'),
    );
    expect(moved.type === 'conversation.updated' && moved.conversation.visitorPage?.title).toBe('Чайная лавка');
    await context.close();
  });

  it('continues a logged-in user’s conversation from the token the site put in data-visitor-token', async () => {
    const token = visitorToken('user-77', secret);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url('/account'));
    await widget(page, '.launcher').click();
    await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('online');
    await send(page, 'Где мой заказ 2077?');
    const conversationId = await conversationOf('Где мой заказ 2077?');
    const { store } = t.server.desk.ctx;
    const conversation = await store.get(store.q.conversationById, { id: conversationId });
    expect(conversation?.contact_id).toBe('user-77');
    const contact = await store.get(store.q.contactByExternal, { channel_id: 'site', external_id: 'user-77' });
    expect(contact?.customer_id).toBe(conversation!.customer_id);
    expect(await store.get(store.q.customerById, { id: conversation!.customer_id })).toMatchObject({ name: 'Борис' });
    // The widget keeps the site's token, not one of its own.
    expect(await page.evaluate(`Object.entries(localStorage).find(([k]) => k.endsWith(':token'))?.[1]`)).toBe(token);
    await context.close();
  });

  it('keeps a message typed while the desk was down over a page reload, and sends it exactly once', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context, site.url('/'));
    await send(page, 'до обрыва');
    const conversationId = await conversationOf('до обрыва');
    await olga.close();
    await t.restart(async () => {
      await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('reconnecting');
      await send(page, 'набрано без связи');
      expect(await widget(page, '.msg.mine [data-delivery]').last().textContent()).toBe('Отправляется…');
      // The visitor leaves the page before the desk is back: the message waits in localStorage.
      const outbox = `Object.entries(localStorage).find(([k]) => k.endsWith(':outbox'))?.[1] ?? ''`;
      expect(await page.evaluate(outbox)).toContain('набрано без связи');
      await page.goto('about:blank');
    });
    olga = desk.olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    await page.goto(site.url('/'));
    const delivery = widget(page, '.msg.mine').filter({ hasText: 'набрано без связи' }).locator('[data-delivery]');
    await expect.poll(() => delivery.textContent(), { timeout: 20_000 }).toBe('Отправлено');
    const { store } = t.server.desk.ctx;
    const stored = await store.all(store.q.messagesOfConversation, { conversation_id: conversationId, limit: 50 });
    expect(stored.filter((m) => m.text === 'набрано без связи')).toHaveLength(1);
    // Another reload: shown once, from the history, and nothing left to send.
    await page.reload();
    const bubbles = () => widget(page, '.bubble').allTextContents();
    await expect.poll(bubbles).toContain('набрано без связи');
    expect((await bubbles()).filter((x) => x === 'набрано без связи')).toHaveLength(1);
    expect(await page.evaluate(`Object.keys(localStorage).some((k) => k.endsWith(':outbox'))`)).toBe(false);
    const again = await store.all(store.q.messagesOfConversation, { conversation_id: conversationId, limit: 50 });
    expect(again.filter((m) => m.text === 'набрано без связи')).toHaveLength(1);
    await context.close();
  });

  it('speaks the page’s language, and the channel’s own words win over the defaults', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    // lang="en" on the page wins over a Russian browser.
    const en = await openWidget(context, site.url('/en'));
    expect(await widget(en, 'h2').textContent()).toBe('Chat with us');
    expect(await widget(en, '.status').textContent()).toBe('Online');
    expect(await widget(en, 'textarea').getAttribute('placeholder')).toBe('Ask the tea shop…');
    expect(await widget(en, '.launcher').getAttribute('aria-label')).toBe('Close chat');
    const ru = await openWidget(context, site.url('/'));
    expect(await widget(ru, 'h2').textContent()).toBe('Чайная лавка: поддержка');
    expect(await widget(ru, '.status').textContent()).toBe('На связи');
    expect(await widget(ru, 'textarea').getAttribute('placeholder')).toBe('Напишите сообщение…');
    expect(await widget(ru, '.launcher').getAttribute('aria-label')).toBe('Закрыть чат');
    await context.close();
  });

  it('works by keyboard alone, and reads an operator’s message out through its live region', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url('/'));
    await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('online');
    await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe('button.launcher');
    expect(await widget(page, '.launcher').getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    expect(await widget(page, '.panel').isVisible()).toBe(true);
    expect(await widget(page, '.launcher').getAttribute('aria-expanded')).toBe('true');
    expect(await focusedInWidget(page)).toBe('textarea');
    await page.keyboard.type('Пишу только с клавиатуры');
    await page.keyboard.press('Enter');
    const conversationId = await conversationOf('Пишу только с клавиатуры');
    await olga.waitFor(isAssigned(conversationId));
    await olga.api.operator.send.mutate({ conversationId, clientId: 'kbd-reply-1', text: 'Вижу вас, отвечаю.' });
    const live = widget(page, 'div.sr[aria-live="polite"]');
    await expect.poll(() => live.textContent()).toBe('Ольга: Вижу вас, отвечаю.');
    expect(await live.getAttribute('role')).toBe('status');
    await page.keyboard.press('Escape');
    expect(await widget(page, '.panel').isHidden()).toBe(true);
    expect(await widget(page, '.launcher').getAttribute('aria-expanded')).toBe('false');
    expect(await focusedInWidget(page)).toBe('button.launcher');
    // Enter on the launcher opens it again, at the input.
    await page.keyboard.press('Enter');
    expect(await focusedInWidget(page)).toBe('textarea');
    await context.close();
  });

  it('stops its quick retries on a site the channel refuses, says the chat is unavailable, and tries once a minute', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    // Counts the sockets the widget opens (browser-side code as text: the tests have no DOM types).
    await page.addInitScript(`{
      const Native = window.WebSocket;
      window.socketsOpened = 0;
      window.WebSocket = class extends Native { constructor(...args) { super(...args); window.socketsOpened++; } };
    }`);
    await page.goto(stranger.url('/'));
    await widget(page, '.launcher').click();
    await expect
      .poll(async () => {
        await page.clock.runFor(2_000);
        return widget(page, '.status').getAttribute('data-state');
      })
      .toBe('unavailable');
    expect(await widget(page, '.status').textContent()).toBe('Чат сейчас недоступен');
    const attempts = Number(await page.evaluate('window.socketsOpened'));
    expect(attempts).toBe(4);
    // Within the minute nothing more goes out...
    await page.clock.runFor(50_000);
    expect(await page.evaluate('window.socketsOpened')).toBe(attempts);
    // ...then one try, refused like the others.
    await page.clock.runFor(11_000);
    await expect.poll(() => page.evaluate('window.socketsOpened')).toBe(attempts + 1);
    // What the visitor sends wants through at once: one try now, not at the next minute.
    await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('unavailable');
    await send(page, 'есть кто?');
    await expect.poll(() => page.evaluate('window.socketsOpened')).toBe(attempts + 2);
    await context.close();
  });
});
