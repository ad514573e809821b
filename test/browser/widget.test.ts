// The site's chat widget in a real Chromium (playwright-core on Debian's /usr/bin/chromium): a
// shop's page on another origin embeds it with one script tag; the operator answers over the real
// tRPC client. One browser for the file; screenshots go to the OS temp dir for a person to look at.
import net from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactDir, chromiumOrSkip } from '../helpers/chromium';
import { visitorToken } from '../../server/channels/webchat/visitor-sockets';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import type { TestServer } from '../helpers/server';
import { csp, openWidget, shopPage, startWidgetDesk, widget, type WidgetDesk } from '../helpers/widget-page';

const run = chromiumOrSkip('test/browser/widget.test.ts');

let desk: WidgetDesk;
let t: TestServer;
let olga: OperatorSession;
let browser: Browser;
let site: WidgetDesk['site'];
let stranger: WidgetDesk['site'];
let secret: string;
const shots = artefactDir('widget');

async function conversationOf(text: string): Promise<string> {
  const event = await olga.waitFor(isMessage(text));
  return event.type === 'message.created' ? event.message.conversationId : '';
}

beforeAll(async () => {
  if (!run) return;
  desk = await startWidgetDesk({
    pages: (url) => [
      { path: '/', html: shopPage(url, { styled: true }) },
      { path: '/csp', html: shopPage(url, { lang: 'en' }), headers: { 'content-security-policy': csp(url) } },
    ],
    stranger: true,
    settings: { widgetTexts: { ru: { title: 'Чайная лавка: поддержка' } } },
  });
  ({ t, olga, browser, site, secret } = desk);
  stranger = desk.stranger!;
}, 60_000);

afterAll(async () => {
  if (!run) return;
  await desk?.close();
});

describe.runIf(run)('the web chat widget in Chromium', () => {
  it('is served with caching headers and an ETag, answers 304 to a matching If-None-Match, and is small', async () => {
    const first = await fetch(`${t.server.url}/widget.js`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const code = Buffer.from(await first.arrayBuffer());
    const again = await fetch(`${t.server.url}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const gzipped = gzipSync(code, { level: 9 }).length;
    process.stdout.write(`widget.js: ${code.length} bytes, ${(gzipped / 1024).toFixed(1)} KB gzipped\n`);
    expect(gzipped).toBeLessThan(30 * 1024);
  });

  it('carries a Russian message to the operator and her answer back, and a reload shows the same history', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openWidget(context, site.url('/'));
    expect(await widget(page, '.panel').getAttribute('role')).toBe('dialog');
    // The channel's own wording (widgetTexts) in the page's language; the rest are the defaults.
    expect(await widget(page, 'h2').textContent()).toBe('Чайная лавка: поддержка');
    expect(await widget(page, 'textarea').getAttribute('placeholder')).toBe('Напишите сообщение…');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('textdesk-widget');
    await widget(page, 'textarea').fill('Здравствуйте! Есть ли чайник «Утро» в наличии?');
    await widget(page, 'textarea').press('Enter');
    const conversationId = await conversationOf('Здравствуйте! Есть ли чайник «Утро» в наличии?');
    await olga.waitFor(isAssigned(conversationId));
    await expect.poll(() => widget(page, '.msg.mine [data-delivery]').last().textContent()).toBe('Отправлено');
    await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'widget-reply-1',
      text: 'Да, есть. Доставим завтра — подробности на https://shop.example/delivery.',
    });
    const answer = widget(page, '.msg.operator').last();
    await expect.poll(() => answer.textContent()).toContain('Да, есть. Доставим завтра');
    expect(await answer.locator('.who').textContent()).toBe('Ольга');
    const link = answer.locator('a');
    expect(await link.getAttribute('href')).toBe('https://shop.example/delivery');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await page.screenshot({ path: path.join(shots, 'desktop.png') });

    await page.reload();
    const texts = () => widget(page, '.bubble').allTextContents();
    await expect.poll(texts).toContain('Здравствуйте! Есть ли чайник «Утро» в наличии?');
    const before = await texts();
    expect(before.filter((x) => x === 'Здравствуйте! Есть ли чайник «Утро» в наличии?')).toHaveLength(1);
    expect(before.at(-1)).toContain('Да, есть.');

    // Panel closed: a new answer counts on the launcher.
    await olga.api.operator.send.mutate({ conversationId, clientId: 'widget-reply-2', text: 'Ещё вопросы?' });
    await expect.poll(() => widget(page, '.badge').textContent()).toBe('1');
    expect(await widget(page, '.launcher').getAttribute('aria-label')).toContain('непрочитанных: 1');
    await page.screenshot({ path: path.join(shots, 'desktop-unread.png') });
    await widget(page, '.launcher').click();
    expect(await widget(page, '.badge').isHidden()).toBe(true);
    // Shift+Enter is a new line, the input grows with it, and Enter sends both lines as one message.
    const input = widget(page, 'textarea');
    const oneLine = (await input.boundingBox())!.height;
    await input.pressSequentially('Строка один');
    await input.press('Shift+Enter');
    await input.pressSequentially('строка два');
    expect((await input.boundingBox())!.height).toBeGreaterThan(oneLine);
    await input.press('Enter');
    await olga.waitFor(isMessage('Строка один\nстрока два'));
    // Escape closes the panel and gives focus back to the launcher.
    await page.keyboard.press('Escape');
    expect(await widget(page, '.panel').isHidden()).toBe(true);
    await context.close();
  });

  it('continues a logged-in user’s conversation from the token the site minted, passed by Textdesk.identify', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The shop's backend mints the token with the channel secret; the page passes it on.
    await page.goto(site.url('/'));
    await page.evaluate(
      `Textdesk.identify({ token: ${JSON.stringify(visitorToken('user-42', secret))}, name: 'Анна', email: 'anna@example.com' })`,
    );
    await widget(page, '.launcher').click();
    await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('online');
    await widget(page, 'textarea').fill('Где мой заказ 1042?');
    await widget(page, 'textarea').press('Enter');
    const conversationId = await conversationOf('Где мой заказ 1042?');
    const { store } = t.server.desk.ctx;
    const conversation = await store.get(store.q.conversationById, { id: conversationId });
    const customer = await store.get(store.q.customerById, { id: conversation!.customer_id });
    expect(customer).toMatchObject({ name: 'Анна', email: 'anna@example.com' });
    const contact = await store.get(store.q.contactByExternal, { channel_id: 'site', external_id: 'user-42' });
    expect(contact?.customer_id).toBe(conversation!.customer_id);
    await context.close();
  });

  it('marks a message the desk refused as not sent, with its reason and a Retry that sends it again', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context, site.url('/'));
    // A NUL breaks the desk's text rule: refused, and nothing stored.
    await widget(page, 'textarea').fill('bad \u0000 byte');
    await widget(page, 'textarea').press('Enter');
    const delivery = widget(page, '.msg.mine [data-delivery]').last();
    await expect.poll(() => delivery.textContent()).toBe('Не отправлено');
    expect(await delivery.getAttribute('title')).toMatch(/^invalid frame: text .*NUL/);
    await widget(page, '.retry').click();
    await expect.poll(() => widget(page, '.retry').count()).toBe(1);
    expect(await delivery.textContent()).toBe('Не отправлено');
    // The widget goes on: the next message is taken.
    await widget(page, 'textarea').fill('good text');
    await widget(page, 'textarea').press('Enter');
    const good = widget(page, '.msg.mine').filter({ hasText: 'good text' }).locator('[data-delivery]');
    await expect.poll(() => good.textContent()).toBe('Отправлено');
    // Unsent messages stay below the stored ones, where the visitor last saw them.
    expect(await delivery.textContent()).toBe('Не отправлено');
    await context.close();
  });

  it('shows a message sent in one tab live in the visitor’s other tab', async () => {
    const context = await browser.newContext();
    const first = await openWidget(context, site.url('/'));
    const second = await openWidget(context, site.url('/'));
    await widget(first, 'textarea').fill('из первой вкладки');
    await widget(first, 'textarea').press('Enter');
    await expect.poll(() => widget(second, '.msg.mine .bubble').allTextContents()).toContain('из первой вкладки');
    expect(
      (await widget(first, '.msg.mine .bubble').allTextContents()).filter((x) => x === 'из первой вкладки'),
    ).toHaveLength(1);
    await context.close();
  });

  it('renders hostile operator text as text: no element, no script, no dialog, bidi overrides visible', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context, site.url('/'));
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await widget(page, 'textarea').fill('hostile test');
    await widget(page, 'textarea').press('Enter');
    const conversationId = await conversationOf('hostile test');
    await olga.waitFor(isAssigned(conversationId));
    const hostile = [
      '<img src=x onerror="alert(1);window.pwned=1">',
      '<a href="javascript:alert(2)">click</a> javascript:alert(3)',
      'Итого: \u202Egnp.exe\u202C and https://shop.example/"><script>alert(4)</script>',
    ];
    for (const [i, text] of hostile.entries())
      await olga.api.operator.send.mutate({ conversationId, clientId: `hostile-${i}`, text });
    const bubbles = widget(page, '.msg.operator .bubble');
    await expect.poll(() => bubbles.count()).toBe(3);
    expect(await bubbles.nth(0).textContent()).toBe(hostile[0]);
    expect(await bubbles.nth(1).textContent()).toBe(hostile[1]);
    expect(await bubbles.nth(2).textContent()).toBe(
      'Итого: [U+202E]gnp.exe[U+202C] and https://shop.example/"><script>alert(4)</script>',
    );
    expect(await widget(page, '.log img, .log script').count()).toBe(0);
    const hrefs = await Promise.all((await widget(page, '.log a').all()).map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['https://shop.example/']);
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    await context.close();
  });

  it('sends a message typed while the server was down exactly once after it is back', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context, site.url('/'));
    await widget(page, 'textarea').fill('before the outage');
    await widget(page, 'textarea').press('Enter');
    const conversationId = await conversationOf('before the outage');
    await olga.close();
    const port = t.server.port;
    await t.restart(async () => {
      await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('reconnecting');
      await widget(page, 'textarea').fill('typed while offline');
      await widget(page, 'textarea').press('Enter');
      expect(await widget(page, '.msg.mine [data-delivery]').last().textContent()).toBe('Отправляется…');
    });
    expect(t.server.port).toBe(port);
    olga = desk.olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    await expect
      .poll(() => widget(page, '.msg.mine [data-delivery]').last().textContent(), { timeout: 20_000 })
      .toBe('Отправлено');
    const { store } = t.server.desk.ctx;
    const stored = await store.all(store.q.messagesOfConversation, { conversation_id: conversationId, limit: 50 });
    expect(stored.filter((m) => m.text === 'typed while offline')).toHaveLength(1);
    expect(await widget(page, '.bubble').allTextContents()).toEqual(
      expect.arrayContaining(['before the outage', 'typed while offline']),
    );
    await context.close();
  });

  it('is refused on a site that is not in the channel’s allowedOrigins', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(stranger.url('/'));
    await widget(page, '.launcher').click();
    await page.waitForTimeout(1500);
    expect(await widget(page, '.status').getAttribute('data-state')).not.toBe('online');
    await context.close();
    const refused = await upgradeStatus(stranger.origin);
    expect(refused).toMatch(
      /^HTTP\/1\.1 403 Forbidden[\s\S]*is not allowed on this channel: add it to its allowedOrigins/,
    );
    expect(await upgradeStatus(site.origin)).toMatch(/^HTTP\/1\.1 101/);
  });

  it('works on a page with the CSP the README documents, with no violation', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    // Browser-side code as text: the tests are type-checked without the DOM's types.
    await page.addInitScript(`window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`);
    await page.goto(site.url('/csp'));
    await widget(page, '.launcher').click();
    await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('online');
    expect(await widget(page, '.status').textContent()).toBe('Online');
    expect(await widget(page, 'h2').textContent()).toBe('Chat with us');
    await widget(page, 'textarea').fill('Hello from a strict page');
    await widget(page, 'textarea').press('Enter');
    await conversationOf('Hello from a strict page');
    await expect.poll(() => widget(page, '.msg.mine [data-delivery]').last().textContent()).toBe('Sent');
    // The adopted stylesheet applied under style-src 'self': the send button has its size.
    expect(await widget(page, '.send').boundingBox()).toMatchObject({ width: 40, height: 40 });
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'phone.png') });
    await context.close();
  });
});

/** The status line and body of a WebSocket upgrade to the channel with that Origin. */
function upgradeStatus(origin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(t.server.port, '127.0.0.1', () =>
      socket.write(
        `GET /channels/webchat/site HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\n\r\n`,
      ),
    );
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n\r\n') && (answer.startsWith('HTTP/1.1 101') || answer.includes('allowedOrigins'))) {
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(answer));
  });
}
