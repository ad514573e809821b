// Issue 13 §7 in a real terminal: the real binary's console at 80×24 in tmux, on a server that
// loads its dictionaries on the first check (so the console first hears "not ready" and asks
// again). A misspelt word is underlined on screen (tmux capture-pane -e shows the attribute)
// and counted in the composer's header; Alt+S and Enter put the suggestion in its place and
// send nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { startConsole, startConsoleDesk, tmuxOrSkip, type ConsoleDesk } from '../helpers/console-desk';
import type { TmuxTerminal } from '../helpers/tmux-terminal';

const COLUMNS = 80;
const ROWS = 24;

const runs = tmuxOrSkip('test/e2e/console-spelling.e2e.test.ts');
let desk: ConsoleDesk;
let terminal: TmuxTerminal;

/** The frame is one row shorter than the terminal: the composer is its last row, its header above. */
const row = (screen: string, index: number) => screen.replace(/\n$/, '').split('\n')[index] ?? '';
const composerRow = (screen: string) => row(screen, ROWS - 2);
const headerRow = (screen: string) => row(screen, ROWS - 3);
/** The composer's row with each cell's attributes: is `word` drawn underlined (SGR 4, e.g. ESC[0;4m)? */
const underlinedOnScreen = (word: string) =>
  new RegExp(`\\x1b\\[(?:[0-9;]*;)?4(?:;[0-9;]*)?m(?:\\x1b\\[[0-9;]*m)*${word}`).test(
    composerRow(terminal.screen({ styles: true })),
  );
const operatorDeliveries = () => desk.hook.deliveries.filter((d) => d.payload.message.author.type === 'operator');

beforeAll(async () => {
  if (!runs) return;
  desk = await startConsoleDesk('ru');
  await postCustomerMessage(desk.t.server.url, 'site', desk.secret, {
    id: 'spell-1',
    contact: { id: 'c-pyotr', name: 'Пётр' },
    text: 'Где мой заказ?',
  });
  terminal = startConsole(desk, { columns: COLUMNS, rows: ROWS, lang: 'ru' });
  await terminal.waitFor((s) => s.includes('< Пётр: Где мой заказ?'), 'the dialog');
}, 60_000);

afterAll(async () => {
  terminal?.close();
  await desk?.close();
});

describe.skipIf(!runs)('spelling help in a real terminal', () => {
  test('a misspelt word is underlined and counted; Alt+S, Enter puts the suggestion in its place, unsent', async () => {
    terminal.sendKeys(['Здраствуйте '], true);
    // The server loads its dictionaries on this first check: seconds, during which nothing is marked.
    await terminal.waitFor(
      (s) => headerRow(s).includes('1 ✗ орфография') && underlinedOnScreen('Здраствуйте'),
      'the word underlined and counted',
      40_000,
    );

    terminal.sendKeys(['Left', 'M-s']);
    await terminal.waitFor((s) => s.includes('› Здравствуйте') && s.includes('Добавить в мой словарь'), 'suggestions');
    terminal.sendKeys(['Enter']);
    const screen = await terminal.waitFor(
      (s) => composerRow(s).startsWith('Здравствуйте') && !s.includes('Добавить в мой словарь'),
      'the word replaced',
    );
    expect(headerRow(screen)).not.toContain('орфография');
    expect(underlinedOnScreen('Здравствуйте')).toBe(false);
    expect(screen).not.toMatch(/> Вы[ ✓…]*:/);
    expect(operatorDeliveries()).toHaveLength(0);
  }, 60_000);
});
