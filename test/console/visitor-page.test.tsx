// Issue 15: the console shows which page a web chat visitor is on (the URL their widget sent in
// its hello), under the dialog's header, cut to the pane's width and made inert for the terminal.
import { afterEach, expect, test } from 'vitest';
import { visitorPageLine } from '../../cli/console/visitor-page';
import { start, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, message, untilFrame } from './fake-desk';

afterEach(unmountAll);

function deskWith(page?: { url: string; title: string }): FakeDesk {
  const desk = new FakeDesk();
  desk.conversations = [conversation('shop', { customerName: 'Анна', ...(page && { visitorPage: page }) })];
  desk.transcripts.set('shop', [
    message('shop', 'Есть ли чайник в наличии?', { author: { type: 'customer', id: null, name: 'Анна' } }),
  ]);
  return desk;
}

test('the page line names the visitor’s page and its title under the header', async () => {
  const { app } = await start(deskWith({ url: 'https://shop.example/cart', title: 'Корзина' }), { lang: 'ru' });
  const frame = await untilFrame(app, (f) => f.includes('Есть ли чайник'));
  const lines = frame.split('\n');
  const header = lines.findIndex((line) => line.includes('#1 Анна'));
  expect(lines[header + 1]).toContain('Страница: https://shop.example/cart — Корзина');
  // The transcript starts below it, not over it.
  expect(lines.slice(header + 2).join('\n')).toContain('< Анна: Есть ли чайник в наличии?');
});

test('a dialog without a page keeps its one-line header', async () => {
  const { app } = await start(deskWith(), { lang: 'en' });
  const frame = await untilFrame(app, (f) => f.includes('Есть ли чайник'));
  expect(frame).not.toContain('Page:');
});

test('the page a visitor moves to replaces the old one live (conversation.updated)', async () => {
  const desk = deskWith({ url: 'https://shop.example/', title: 'Главная' });
  const { app } = await start(desk, { lang: 'en' });
  await untilFrame(app, (f) => f.includes('Page: https://shop.example/ — Главная'));
  desk.emit({
    type: 'conversation.updated',
    conversation: conversation('shop', {
      customerName: 'Анна',
      visitorPage: { url: 'https://shop.example/tea/puer', title: 'Пуэр' },
    }),
  });
  const frame = await untilFrame(app, (f) => f.includes('Page: https://shop.example/tea/puer — Пуэр'));
  expect(frame).not.toContain('Главная');
});

test('a long URL keeps its site and its end, and fits the width', () => {
  const url = `https://shop.example/catalog/${'very-long-segment/'.repeat(20)}cart?step=2`;
  const line = visitorPageLine({ url, title: 'Оформление заказа' }, 60, 'en');
  expect(line.length).toBeLessThanOrEqual(60);
  expect(line).toMatch(/^Page: https:\/\/shop\.example\/\S*…\S*\/cart\?step=2 — Оформление/);
});

test('escape sequences and bidi controls in a title are shown inert', () => {
  const line = visitorPageLine(
    { url: 'https://shop.example/', title: '\u001b]0;owned\u0007 Sale \u202Egnp.exe' },
    120,
    'en',
  );
  expect(line).toBe('Page: https://shop.example/ — ^[]0;owned^G Sale <RLO>gnp.exe');
  expect(line).not.toMatch(/[\u0000-\u001f\u202e]/);
});
