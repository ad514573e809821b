// The real `textdesk console` binary in a real terminal (tmux, 100×30) against a real server: a
// customer message posted over HTTP appears on screen, a reply typed in Russian reaches the
// channel webhook exactly once, and a hostile string shows as inert text.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startConsole, startConsoleDesk, tmuxOrSkip, type ConsoleDesk } from '../helpers/console-desk';
import { postCustomerMessage } from '../helpers/customer';
import type { TmuxTerminal } from '../helpers/tmux-terminal';

const runs = tmuxOrSkip('test/e2e/console.e2e.test.ts');
let desk: ConsoleDesk;
let terminal: TmuxTerminal;

beforeAll(async () => {
  if (!runs) return;
  desk = await startConsoleDesk('ru', 'Вера');
  terminal = startConsole(desk, { columns: 100, rows: 30, lang: 'ru' });
}, 60_000);

afterAll(async () => {
  terminal?.close();
  await desk?.close();
});

describe.skipIf(!runs)('textdesk console in tmux', () => {
  test('a customer message appears; a Russian reply reaches the webhook exactly once', async () => {
    const { t, hook, secret } = desk;
    await terminal.waitFor((s) => s.includes('● на связи') && s.includes('Вера'), 'the console to connect', 30_000);
    const posted = await postCustomerMessage(t.server.url, 'site', secret, {
      id: 'e2e-1',
      contact: { id: 'c-e2e', name: 'Никита' },
      text: 'Здравствуйте! Где мой заказ 48213?',
    });
    expect(posted.status).toBe(202);
    await terminal.waitFor((s) => s.includes('< Никита: Здравствуйте! Где мой заказ 48213?'), 'the customer message');

    terminal.sendKeys(['Здравствуйте, проверяю заказ'], true);
    await terminal.waitFor((s) => s.includes('Здравствуйте, проверяю заказ') && !/> Вы[ ✓…]*:/.test(s), 'the draft');
    terminal.sendKeys(['Enter']);
    const delivery = await hook.waitFor((d) => d.payload.message.author.type === 'operator');
    expect(delivery.payload.message.text).toBe('Здравствуйте, проверяю заказ');
    expect(delivery.payload.conversationId).toBe(posted.body.conversationId);
    await terminal.waitFor(
      // ✓: the webhook took it (the message's delivery, told live).
      (s) => s.includes('> Вы ✓: Здравствуйте, проверяю заказ') && !s.includes('отправляется'),
      'the reply acknowledged',
    );
    expect(hook.deliveries.filter((d) => d.payload.message.author.type === 'operator')).toHaveLength(1);
  });

  test('a hostile customer string shows as inert text', async () => {
    const hostile = '\u001b]0;pwned\u0007\u001b[2J';
    await postCustomerMessage(desk.t.server.url, 'site', desk.secret, {
      id: 'e2e-2',
      contact: { id: 'c-e2e', name: 'Никита' },
      text: `evil ${hostile} end`,
    });
    const text = await terminal.waitFor((s) => s.includes('evil ^[]0;pwned^G^[[2J end'), 'the hostile string as text');
    // The screen was not cleared (the earlier lines are still there) and the title was not set.
    expect(text).toContain('Где мой заказ 48213?');
    expect(terminal.title()).not.toContain('pwned');
  });

  test('Ctrl+Q quits the console', async () => {
    terminal.sendKeys(['C-q']);
    expect(await terminal.exitStatus()).toBe(0);
  });
});
