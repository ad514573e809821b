// The widget's files, the bot's notices, the rating buttons and the pre-chat form, in a real
// Chromium on a shop's page (another origin, the README's CSP), against the real server; the
// operator is the real tRPC client. Screenshots at desktop and phone widths go to the artefact dir.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope, Message } from '../../shared/schemas';
import { artefactDir, chromiumOrSkip } from '../helpers/chromium';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import type { TestServer } from '../helpers/server';
import { csp, openWidget, shopPage, startWidgetDesk, widget, type WidgetDesk } from '../helpers/widget-page';

const run = chromiumOrSkip('test/browser/widget-media.test.ts');
const MAX_FILE = 64 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let desk: WidgetDesk;
let t: TestServer;
let olga: OperatorSession;
let browser: Browser;
let site: WidgetDesk['site'];
const shots = artefactDir('widget-media');

/** A customer's message with this text, as the operator's feed got it. */
async function received(text: string): Promise<Message> {
  const event = await olga.waitFor(isMessage(text));
  return (event as Extract<DeskEventEnvelope, { type: 'message.created' }>).message;
}

// Page scripts are strings: the tests are type-checked without the DOM's types.
/** A PNG drawn in the page (a "screenshot" of a receipt), as bytes. */
async function drawnPng(page: Page, label: string): Promise<Buffer> {
  const base64 = await page.evaluate<string>(`(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 360;
    canvas.height = 220;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff8e6';
    g.fillRect(0, 0, 360, 220);
    g.fillStyle = '#23392b';
    g.fillRect(0, 0, 360, 44);
    g.fillStyle = '#fff';
    g.font = 'bold 20px sans-serif';
    g.fillText('Чек № 1042', 16, 29);
    g.fillStyle = '#333';
    g.font = '16px sans-serif';
    g.fillText(${JSON.stringify(label)}, 16, 90);
    g.fillText('Итого: 1 440 ₽', 16, 130);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  })()`);
  return Buffer.from(base64, 'base64');
}

/** Builds a PNG File in the page and hands it to the widget as a browser would: pasted, or dropped on the panel. */
async function giveImage(page: Page, how: 'paste' | 'drop', name: string): Promise<void> {
  await page.evaluate(`(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 200;
    canvas.height = 120;
    const g = canvas.getContext('2d');
    g.fillStyle = ${JSON.stringify(how === 'paste' ? '#1f6feb' : '#e5484d')};
    g.fillRect(0, 0, 200, 120);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], ${JSON.stringify(name)}, { type: 'image/png' }));
    const root = document.querySelector('#textdesk-widget').shadowRoot;
    const init = { bubbles: true, cancelable: true, composed: true };
    if (${JSON.stringify(how)} === 'paste') {
      root.querySelector('textarea').dispatchEvent(new ClipboardEvent('paste', { ...init, clipboardData: data }));
    } else {
      root.querySelector('.panel').dispatchEvent(new DragEvent('dragenter', { ...init, dataTransfer: data }));
      window.dropZoneShown = !root.querySelector('.drop').hidden;
      root.querySelector('.log').dispatchEvent(new DragEvent('drop', { ...init, dataTransfer: data }));
    }
  })()`);
}

/** What the tests read of a button in the page (the DOM's types are not loaded). */
interface Button {
  disabled: boolean;
  getAttribute(name: string): string | null;
}

/** An <img>'s natural width once loaded (0 while it is not, or if it is broken). */
const loadedWidth = (img: ReturnType<typeof widget>) =>
  img.evaluate((el) => {
    const image = el as unknown as { complete: boolean; naturalWidth: number };
    return image.complete ? image.naturalWidth : 0;
  });

/** A new visitor on the shop's page (with its CSP) at that size, the panel open and online. */
async function visitor(width = 1280, height = 800, page = '/'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height } });
  // What the page's CSP blocked: uploads (connect-src) and previews (img-src) must not be.
  await context.addInitScript(`window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`);
  return { context, page: await openWidget(context, site.url(page)) };
}

/** CSP violations other than the shop's own inline <style> (which the README's CSP blocks by design). */
async function violations(page: Page): Promise<string[]> {
  const all = await page.evaluate<string[]>('window.cspViolations');
  return all.filter((v) => !v.startsWith('style-src-elem inline'));
}

async function send(page: Page, text: string): Promise<void> {
  await widget(page, 'textarea').fill(text);
  await widget(page, 'textarea').press('Enter');
}

beforeAll(async () => {
  if (!run) return;
  desk = await startWidgetDesk({
    server: { attachmentMaxBytes: MAX_FILE },
    pages: (url) => [
      ...[
        { path: '/', html: shopPage(url, { styled: true }) },
        { path: '/queue', html: shopPage(url, { styled: true, channel: 'wholesale' }) },
        { path: '/form', html: shopPage(url, { styled: true, channel: 'form' }) },
      ].map((p) => ({ ...p, headers: { 'content-security-policy': csp(url) } })),
      // The README's CSP keeps the shop's own inline styles out: the screenshots use a page without it.
      { path: '/look', html: shopPage(url, { styled: true }) },
    ],
    async more(t, site) {
      // Nobody has the skill: a conversation there waits, and the visitor hears their place.
      await t.admin.admin.createQueue.mutate({ id: 'wholesale', name: 'Wholesale', skills: ['wholesale'] });
      const channel = (id: string, queueId: string, settings: Record<string, unknown> = {}) =>
        t.admin.admin.createChannel.mutate({
          id,
          name: id,
          queueId,
          adapter: 'webchat',
          lang: 'ru',
          settings: { allowedOrigins: [site.origin], ...settings },
        });
      await channel('wholesale', 'wholesale');
      await channel('form', 'general', {
        prechat: {
          name: 'required',
          email: 'optional',
          consent: { text: 'Согласен на обработку персональных данных', url: 'https://shop.example/privacy' },
        },
      });
    },
  });
  ({ t, olga, browser, site } = desk);
}, 60_000);

afterAll(async () => {
  if (!run) return;
  await desk?.close();
});

describe.runIf(run)('files, notices, rating and the pre-chat form in the widget', { timeout: 60_000 }, () => {
  it('sends an image chosen with the paperclip to the operator and shows it as a preview; her image comes back as one', async () => {
    const { context, page } = await visitor();
    const png = await drawnPng(page, 'Чайник «Утро» — 1 шт.');
    expect(await widget(page, '.clip').getAttribute('aria-label')).toBe('Прикрепить файл');
    await widget(page, 'input[type=file]').setInputFiles({ name: 'чек.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => widget(page, '.chip').getAttribute('data-state')).toBe('ready');
    await send(page, 'Вот чек, чайник пришёл с трещиной');

    const message = await received('Вот чек, чайник пришёл с трещиной');
    expect(message.attachments).toEqual([
      expect.objectContaining({ name: 'чек.png', type: 'image/png', size: png.length }),
    ]);
    expect(await widget(page, '.chip').count()).toBe(0);
    const own = widget(page, '.msg.mine .preview img').last();
    await expect.poll(() => loadedWidth(own)).toBe(360);
    expect(await own.getAttribute('alt')).toBe('чек.png');
    const link = widget(page, '.msg.mine a.preview').last();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${t.server.url}/files/`));

    // The operator's name above her message, and her file as a preview too.
    await olga.waitFor(isAssigned(message.conversationId));
    const upload = await olga.api.operator.upload.mutate({ name: 'замена.png', data: png.toString('base64') });
    await olga.api.operator.send.mutate({
      conversationId: message.conversationId,
      clientId: 'media-reply-1',
      text: 'Пришлём замену завтра',
      attachments: [upload.ref],
    });
    const answer = widget(page, '.msg.operator').last();
    await expect.poll(() => answer.locator('.who').textContent()).toBe('Ольга');
    await expect.poll(() => loadedWidth(answer.locator('.preview img'))).toBe(360);
    await context.close();
  });

  it('sends a file that is not an image and shows it as a link with its name and size', async () => {
    const { context, page } = await visitor();
    await widget(page, 'input[type=file]').setInputFiles({
      name: 'договор.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await expect.poll(() => widget(page, '.chip').getAttribute('data-state')).toBe('ready');
    await send(page, 'Договор во вложении');
    const message = await received('Договор во вложении');
    expect(message.attachments).toEqual([expect.objectContaining({ name: 'договор.pdf', type: 'application/pdf' })]);
    const link = widget(page, '.msg.mine a.file').last();
    await expect.poll(() => link.textContent()).toBe('договор.pdf · 1 КБ');
    expect(await link.getAttribute('href')).toMatch(/\/files\/[0-9a-f]{64}\?/);
    expect(await widget(page, '.msg.mine img').count()).toBe(0);
    await context.close();
  });

  it('uploads a screenshot pasted into the composer, and an image dropped on the panel', async () => {
    const { context, page } = await visitor();
    await giveImage(page, 'paste', 'screenshot.png');
    await expect.poll(() => widget(page, '.chip').getAttribute('data-state')).toBe('ready');
    await send(page, 'Скриншот ошибки оплаты');
    const pasted = await received('Скриншот ошибки оплаты');
    expect(pasted.attachments).toEqual([expect.objectContaining({ name: 'screenshot.png', type: 'image/png' })]);

    await giveImage(page, 'drop', 'фото.png');
    expect(await page.evaluate('window.dropZoneShown')).toBe(true);
    expect(await widget(page, '.drop').isHidden()).toBe(true);
    await expect.poll(() => widget(page, '.chip').getAttribute('data-state')).toBe('ready');
    await send(page, 'И фото упаковки');
    const dropped = await received('И фото упаковки');
    expect(dropped.attachments).toEqual([expect.objectContaining({ name: 'фото.png', type: 'image/png' })]);
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it('shows the server’s refusal of a file over the limit and sends nothing with it', async () => {
    const { context, page } = await visitor();
    await widget(page, 'input[type=file]').setInputFiles({
      name: 'огромный.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([PDF, Buffer.alloc(MAX_FILE + 1024, 32)]),
    });
    const chip = widget(page, '.chip');
    await expect.poll(() => chip.getAttribute('data-state')).toBe('failed');
    expect(await chip.locator('[role=alert]').textContent()).toBe(
      `file "огромный.pdf" is larger than ${MAX_FILE} bytes, the most a file may be`,
    );
    // Send with only the refused file does nothing; the next text goes alone.
    await widget(page, '.send').click();
    expect(await widget(page, '.msg.mine').count()).toBe(0);
    await send(page, 'Без файла тогда');
    const message = await received('Без файла тогда');
    expect(message.attachments).toBeUndefined();
    const before = olga.events.filter(
      (e) => e.type === 'message.created' && e.message.conversationId === message.conversationId,
    );
    expect(before[0]).toMatchObject({ message: { text: 'Без файла тогда' } });
    await context.close();
  });

  it('draws the queue position and “operator joined” as notices, not as chat bubbles', async () => {
    const { context, page } = await visitor(1280, 800, '/queue');
    await send(page, 'Нужен оптовый прайс');
    const position = widget(page, '.notice[data-notice="queuePosition"]');
    await expect.poll(() => position.textContent()).toBe('Ваш номер в очереди: 1.');
    expect(await widget(page, '.notice[data-notice="greeting"]').count()).toBe(1);
    expect(await widget(page, '.msg.bot').count()).toBe(0);
    expect(
      await position.evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { textAlign: string } }).getComputedStyle(el)
            .textAlign,
      ),
    ).toBe('center');
    await context.close();

    const other = await visitor();
    await send(other.page, 'Когда доставка?');
    const joined = widget(other.page, '.notice[data-notice="operatorJoined"]');
    await expect.poll(() => joined.textContent()).toBe('К диалогу подключился оператор Ольга.');
    expect(await joined.locator('.who').count()).toBe(0);
    await other.context.close();
  });

  it('asks for a rating with five buttons; 4, pressed from the keyboard, reaches the desk as the rating', async () => {
    const supervisor = await OperatorSession.connect(t.server, 'admin', 'admin-password-1', {
      subscribe: 'supervisor',
    });
    const { context, page } = await visitor(390, 844);
    await send(page, 'Спасибо, всё получил');
    const message = await received('Спасибо, всё получил');
    await olga.waitFor(isAssigned(message.conversationId));
    await olga.api.operator.resolve.mutate({ conversationId: message.conversationId });
    const group = widget(page, '.notice[data-notice="askRating"] [role=group]');
    await expect.poll(() => group.getAttribute('aria-label')).toBe('Оцените нашу помощь');
    const buttons = group.locator('button');
    expect(
      await buttons.evaluateAll((bs) => bs.map((b) => (b as unknown as Button).getAttribute('aria-label'))),
    ).toEqual(['1 — очень плохо', '2 — плохо', '3 — нормально', '4 — хорошо', '5 — отлично']);
    await page.screenshot({ path: path.join(shots, 'phone-rating.png') });
    await buttons.nth(3).focus();
    await page.keyboard.press('Enter');
    // The rating is the desk's figure: it goes to the supervisors' feed.
    const rated = await supervisor.waitFor(
      (e) => e.type === 'conversation.rated' && e.conversationId === message.conversationId,
    );
    expect(rated).toMatchObject({ score: 4 });
    await expect.poll(() => widget(page, '.notice[data-notice="thanksForRating"]').count()).toBe(1);
    const after = widget(page, '.notice[data-notice="askRating"] button');
    expect(
      await after.evaluateAll((bs) =>
        bs.map((b) => [(b as unknown as Button).disabled, (b as unknown as Button).getAttribute('aria-pressed')]),
      ),
    ).toEqual([
      [true, 'false'],
      [true, 'false'],
      [true, 'false'],
      [true, 'true'],
      [true, 'false'],
    ]);
    await supervisor.close();
    await context.close();
  });

  it('asks the pre-chat form first: required name and consent block it, and the answers reach the operator', async () => {
    const { context, page } = await visitor(1280, 800, '/form');
    const form = widget(page, 'form.prechat');
    await expect.poll(() => form.isVisible()).toBe(true);
    expect(await widget(page, 'textarea').isVisible()).toBe(false);
    await expect.poll(() => page.evaluate('document.activeElement?.shadowRoot?.activeElement?.id')).toBe('td-name');
    await page.screenshot({ path: path.join(shots, 'desktop-prechat.png') });

    await form.locator('button.start').click();
    expect(await form.locator('#td-name').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#td-name-error').textContent()).toBe('Заполните это поле');
    expect(await form.locator('#td-consent-error').textContent()).toBe('Отметьте, чтобы продолжить');
    expect(await form.locator('[role=alert]').textContent()).toBe('Исправьте отмеченные поля');
    await form.locator('#td-name').fill('Анна Петрова');
    await form.locator('#td-email').fill('anna@');
    await form.locator('button.start').click();
    expect(await form.locator('#td-email-error').textContent()).toBe('Введите адрес вида name@example.com');
    await form.locator('#td-email').fill('anna@example.com');
    await form.locator('button.start').click();
    // Still blocked: the consent is not ticked.
    expect(await form.isVisible()).toBe(true);
    expect(await form.locator('#td-consent').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('a').getAttribute('href')).toBe('https://shop.example/privacy');
    await form.locator('#td-consent').check();
    await form.locator('button.start').click();
    await expect.poll(() => form.isVisible()).toBe(false);
    await expect
      .poll(() => page.evaluate('document.activeElement?.shadowRoot?.activeElement?.tagName'))
      .toBe('TEXTAREA');

    await send(page, 'Хочу вернуть заказ');
    const message = await received('Хочу вернуть заказ');
    expect(message.author.name).toBe('Анна Петрова');
    const card = await olga.api.operator.customer.query({ conversationId: message.conversationId });
    expect(card.customer).toMatchObject({ name: 'Анна Петрова', email: null, givenEmail: 'anna@example.com' });
    expect(card.customer.consent).toEqual({
      at: expect.any(Number),
      text: 'Согласен на обработку персональных данных',
    });
    // A reload does not ask again.
    await page.reload();
    await widget(page, '.launcher').click();
    await expect.poll(() => widget(page, '.bubble').first().textContent()).toBe('Хочу вернуть заказ');
    expect(await form.isVisible()).toBe(false);
    await context.close();
  });

  it('looks like a shop’s chat at desktop and phone widths', async () => {
    for (const [name, width, height] of [
      ['desktop', 1280, 800],
      ['phone', 390, 844],
    ] as const) {
      const { context, page } = await visitor(width, height, '/look');
      const png = await drawnPng(page, 'Заварник 0,8 л — 1 шт.');
      await widget(page, 'input[type=file]').setInputFiles([
        { name: 'заварник.png', mimeType: 'image/png', buffer: png },
        { name: 'накладная.pdf', mimeType: 'application/pdf', buffer: PDF },
      ]);
      await expect.poll(() => widget(page, '.chip[data-state="ready"]').count()).toBe(2);
      await send(page, `Заварник пришёл без крышки (${name})`);
      const message = await received(`Заварник пришёл без крышки (${name})`);
      await olga.waitFor(isAssigned(message.conversationId));
      await olga.api.operator.send.mutate({
        conversationId: message.conversationId,
        clientId: `media-look-${name}`,
        text: 'Извините! Отправим крышку сегодня, трек-номер пришлю сюда.',
      });
      await expect.poll(() => widget(page, '.msg.operator').count()).toBe(1);
      await expect.poll(() => loadedWidth(widget(page, '.msg.mine .preview img'))).toBe(360);
      await page.screenshot({ path: path.join(shots, `${name}.png`) });
      await context.close();
    }
  });
});
