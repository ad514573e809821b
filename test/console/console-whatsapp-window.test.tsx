// The WhatsApp window in the console (issue 16), on the real server with the loopback Cloud API:
// the composer's line counts down the 24 hours since the customer's last message; once they are
// over it says so, free text is refused with the server's reason, and "/" offers the channel's
// approved templates instead of canned replies, asking for each parameter before sending.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { startWhatsAppDesk, type WhatsAppDesk } from '../helpers/whatsapp-desk';
import { logInConsole, untilServerFrame, type LoggedInConsole } from './console-on-server';
import type { Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

const HOUR = 3_600_000;
const clock = new ManualClock(Date.UTC(2026, 10, 30, 9));
const EARLY = { waId: '79005550001', name: 'Борис' };
const LATER = { waId: '79005550002', name: 'Вера' };

let wa: WhatsAppDesk;
let ui: LoggedInConsole;
let app: Rendered;

beforeAll(async () => {
  wa = await startWhatsAppDesk({}, clock);
  // Борис wrote 24 h 48 min ago, Вера 20 h 48 min ago: his window has closed, hers has 3 h 12 min left.
  expect((await wa.fake.customerText(EARLY, 'Мне так и не ответили')).status).toBe(200);
  clock.advance(4 * HOUR);
  expect((await wa.fake.customerText(LATER, 'Когда доставка?')).status).toBe(200);
  clock.advance(20 * HOUR + 48 * 60_000);
  ui = await logInConsole(wa.t.server.wsUrl, 'olga', 'olga-password', 'ru', 110);
  app = ui.app;
});

afterAll(async () => {
  await ui?.close();
  await wa?.close();
});

const until = (predicate: (frame: string) => boolean) => untilServerFrame(app, predicate);

/** Opens the other dialog until the one whose customer wrote `text` is shown. */
async function openDialogWith(text: string): Promise<void> {
  for (let i = 0; i < 2 && !app.lastFrame().includes(text); i++) await press(app, KEYS.ctrl('n'));
  await until((frame) => frame.includes(text));
}

test('the composer line shows the window left, and its close', async () => {
  await openDialogWith('Когда доставка?');
  await until((frame) => frame.includes('── окно WhatsApp: 3 ч 12 мин'));
  await openDialogWith('Мне так и не ответили');
  await until((frame) => frame.includes('── окно WhatsApp закрыто: только шаблоны (/template)'));
});

test('free text past the window is refused with the server’s reason, and stored nowhere', async () => {
  await openDialogWith('Мне так и не ответили');
  for (const char of 'Извините') await press(app, char);
  await press(app, KEYS.enter);
  await until((frame) => frame.includes('[✗ не отправлено: the 24-hour whatsapp reply window closed at 2026-'));
  const { conversations } = await wa.olga.api.operator.snapshot.query();
  for (const { id } of conversations) {
    const transcript = await wa.olga.api.operator.messages.query({ conversationId: id });
    expect(transcript.some((m) => m.text === 'Извините')).toBe(false);
  }
});

test('"/" past the window offers only the channel’s templates and asks for each parameter', async () => {
  await openDialogWith('Мне так и не ответили');
  await press(app, '/');
  await until((frame) => frame.includes('Отправить одобренный шаблон канала'));
  expect(app.lastFrame()).toContain('order_ready · Здравствуйте, {{1}}! Ваш заказ {{2}} готов к выдаче.');
  await press(app, KEYS.enter);
  await until((frame) => frame.includes('Параметры шаблона') && frame.includes('Параметр {{2}}'));
  for (const char of 'Борис') await press(app, char);
  await press(app, KEYS.tab);
  for (const char of '№77') await press(app, char);
  await press(app, KEYS.enter);
  await until((frame) => frame.includes('> Вы ✓: Здравствуйте, Борис! Ваш заказ №77 готов к выдаче.'));
  const sent = wa.fake.sent.find((m) => m.type === 'template' && m.to === EARLY.waId)!;
  expect(sent.body.template).toMatchObject({ name: 'order_ready', language: { code: 'ru' } });
});
