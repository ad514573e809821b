// Issue 13 §2: Enter in the template picker sent the filled template to the customer at once, so
// the operator never reviewed it. Here the real binary runs in tmux against a real server with a
// channel webhook: Ctrl+T, a search and Enter sent in one `send-keys` (as fast as tmux can) put
// the template into the draft and send nothing; a second Enter sends it, exactly once. The same
// holds with the keys typed one at a time and the whole console redrawn while the picker is open
// (its clock does that every second), which is how the double send showed before the fix.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { startConsole, startConsoleDesk, tmuxOrSkip, type ConsoleDesk } from '../helpers/console-desk';
import type { TestServer } from '../helpers/server';
import type { TmuxTerminal } from '../helpers/tmux-terminal';
import type { WebhookReceiver } from '../helpers/webhook-receiver';

const COLUMNS = 100;
const ROWS = 30;

const runs = tmuxOrSkip('test/e2e/console-picker.e2e.test.ts');
let desk: ConsoleDesk;
let t: TestServer;
let hook: WebhookReceiver;
let terminal: TmuxTerminal;
let secret: string;

const operatorDeliveries = () => hook.deliveries.filter((d) => d.payload.message.author.type === 'operator');
/** The composer's row: the frame is one row shorter than the terminal, the composer its last. */
const composerRow = (screen: string) => screen.replace(/\n$/, '').split('\n')[ROWS - 2] ?? '';
const pickerOpen = (screen: string) => screen.includes('Enter inserts');

const sentWith = (text: string) => operatorDeliveries().filter((d) => d.payload.message.text === text).length;
const shownSent = (screen: string, text: string) =>
  // Whatever the delivery mark after the author (… in the outbox, ✓ taken by the webhook).
  screen.split('\n').filter((line) => line.replace(/> You [✓…]+:/, '> You:').includes(`> You: ${text}`)).length;

/** The draft holds `text`, the picker is closed, and no reply of ours was added anywhere. */
async function expectInDraftNotSent(text: string, sentBefore: number) {
  const screen = await terminal.waitFor(
    (s) => !pickerOpen(s) && composerRow(s).includes(text),
    `the template in the draft: ${text}`,
    10_000,
  );
  expect(shownSent(screen, text)).toBe(sentWith(text));
  expect(operatorDeliveries()).toHaveLength(sentBefore);
}

/** Enter in the composer sends the draft: it reaches the webhook once, and shows as sent. */
async function expectEnterSendsOnce(text: string, sentBefore: number) {
  const before = sentWith(text);
  terminal.sendKeys(['Enter']);
  await hook.waitFor(() => sentWith(text) > before);
  await terminal.waitFor(
    (s) => shownSent(s, text) === before + 1 && !s.includes('sending…') && !composerRow(s).includes(text),
    'the reply acknowledged',
  );
  expect(operatorDeliveries()).toHaveLength(sentBefore + 1);
  expect(sentWith(text)).toBe(before + 1);
}

beforeAll(async () => {
  if (!runs) return;
  desk = await startConsoleDesk('en');
  ({ t, hook, secret } = desk);
  await t.admin.admin.createTemplate.mutate({ name: 'Приветствие', text: 'Здравствуйте, {{customer.name}}!' });
  await t.admin.admin.createTemplate.mutate({ name: 'Greeting', text: 'Hello {{customer.name}}, this is Vera.' });
  const posted = await postCustomerMessage(t.server.url, 'site', secret, {
    id: 'picker-1',
    contact: { id: 'c-nikita', name: 'Nikita' },
    text: 'Where is my order?',
  });
  expect(posted.status).toBe(202);
  terminal = startConsole(desk, { columns: COLUMNS, rows: ROWS, lang: 'en' });
  await terminal.waitFor((s) => s.includes('● online') && s.includes('< Nikita: Where is my order?'), 'the dialog');
}, 60_000);

afterAll(async () => {
  terminal?.close();
  await desk?.close();
});

describe.skipIf(!runs)('Enter in the template picker in a real terminal', () => {
  test('Ctrl+T, a Cyrillic search and Enter in one send-keys: in the draft, not sent; Enter sends once', async () => {
    terminal.sendKeys(['C-t', 'прив', 'Enter']);
    await expectInDraftNotSent('Здравствуйте, Nikita!', 0);
    await expectEnterSendsOnce('Здравствуйте, Nikita!', 0);
  });

  test('Ctrl+T, a Latin search and Enter in one send-keys: in the draft, not sent; Enter sends once', async () => {
    terminal.sendKeys(['C-t', 'greet', 'Enter']);
    await expectInDraftNotSent('Hello Nikita, this is Vera.', 1);
    await expectEnterSendsOnce('Hello Nikita, this is Vera.', 1);
  });

  test('keys one at a time, Enter after the whole console has redrawn: in the draft, not sent', async () => {
    terminal.sendKeys(['C-t']);
    await terminal.waitFor(pickerOpen, 'the picker');
    terminal.sendKeys(['greet'], true);
    await terminal.waitFor((s) => s.includes('Search: greet'), 'the search');
    // A second customer writes: the console redraws (its load goes to 2/3) with the picker open,
    // as it does every second for its clock.
    await postCustomerMessage(t.server.url, 'site', secret, {
      id: 'picker-2',
      contact: { id: 'c-olga', name: 'Olga' },
      text: 'Hello?',
    });
    await terminal.waitFor((s) => s.includes('Vera · available · 2/3') && pickerOpen(s), 'the redraw');
    terminal.sendKeys(['Enter']);
    await expectInDraftNotSent('Hello Nikita, this is Vera.', 2);
    await expectEnterSendsOnce('Hello Nikita, this is Vera.', 2);
  });
});
