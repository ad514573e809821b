// Issue 13 §1: the console's screen corrupted itself under live traffic. Ink 6.8's incremental
// renderer moved up one row too few for a frame ending in a newline, so every frame after the
// first landed a row lower and scrolled the screen: two status lines, two composer headers, stale
// "sending…" copies of replies. Here the real binary runs in tmux at 80×24, 100×30, 120×35 and
// 200×50 and back, resized while customers keep writing, and after each step the screen holds
// exactly one frame; the raw output is followed row by row to show no frame wrote past the
// bottom row (test/helpers/tmux-row-tracker.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { startConsole, startConsoleDesk, tmuxOrSkip, type ConsoleDesk } from '../helpers/console-desk';
import type { TestServer } from '../helpers/server';
import { RowTracker } from '../helpers/tmux-row-tracker';
import type { TmuxTerminal } from '../helpers/tmux-terminal';
import type { WebhookReceiver } from '../helpers/webhook-receiver';

const SIZES: Array<[columns: number, rows: number]> = [
  [80, 24],
  [100, 30],
  [120, 35],
  [200, 50],
  [80, 24],
  [120, 40],
];
const STATUS = '● online';
const HELP_HINT = 'Esc closes';
const COMPOSER_BAR = /^── (Reply → |Note → |No dialog )/;

const runs = tmuxOrSkip('test/e2e/console-frames.e2e.test.ts');
let desk: ConsoleDesk;
let t: TestServer;
let hook: WebhookReceiver;
let secret: string;
let terminal: TmuxTerminal;
let traffic: Promise<void> | undefined;
let trafficOn = true;
let posted = 0;

/** Customers keep writing, one message after another across three dialogs, until stopped. */
async function customersKeepWriting(): Promise<void> {
  while (trafficOn) {
    const n = posted++;
    const result = await postCustomerMessage(t.server.url, 'site', secret, {
      id: `live-${n}`,
      contact: { id: `c-${n % 3}`, name: ['Nikita', 'Olga', 'Sam'][n % 3] },
      text: `message ${n} from a customer`,
    });
    if (result.status !== 202) throw new Error(`posting failed: ${result.status} ${JSON.stringify(result.body)}`);
    // Paced like busy customers, not a flood: frames follow one another without piling up.
    await new Promise((resolve) => setTimeout(resolve, 120));
  }
}

/** What must hold of every screen: one frame, top to bottom, and nothing left of another. */
function expectOneFrame(screen: string, rows: number, draft: string, earlierDrafts: string[], help = false): void {
  const lines = screen.replace(/\n$/, '').split('\n');
  const times = (test: (line: string) => boolean) => expect(lines.filter(test).length, screen);
  expect(lines, screen).toHaveLength(rows);
  expect(lines[0], screen).toContain(STATUS);
  times((l) => l.includes(STATUS)).toBe(1);
  times((l) => COMPOSER_BAR.test(l)).toBe(1);
  // The help overlay takes the hotlist's and transcript's place, and leaves nothing of them.
  times((l) => l.startsWith('Dialogs')).toBe(help ? 0 : 1);
  times((l) => l.includes(HELP_HINT)).toBe(help ? 1 : 0);
  expect(screen).not.toContain('connecting…');
  // The frame is a row shorter than the terminal: its last line is the composer's, under the bar.
  expect(lines[rows - 1].trim(), screen).toBe('');
  expect(lines[rows - 2], screen).toContain(draft);
  expect(COMPOSER_BAR.test(lines[rows - 3]), screen).toBe(true);
  // Sent replies show once each, in the transcript, and none is still "sending…".
  for (const earlier of earlierDrafts) times((l) => l.includes(earlier)).toBeLessThanOrEqual(1);
  expect(screen).not.toContain('sending…');
}

beforeAll(async () => {
  if (!runs) return;
  desk = await startConsoleDesk('en');
  ({ t, hook, secret } = desk);
  const [columns, rows] = SIZES[0];
  terminal = startConsole(desk, { columns, rows, lang: 'en' });
}, 60_000);

afterAll(async () => {
  trafficOn = false;
  await traffic?.catch(() => undefined);
  terminal?.close();
  await desk?.close();
});

describe.skipIf(!runs)('the console in a terminal under live traffic', () => {
  test('each screen is one frame, at every size and after every resize; no frame writes past the bottom row', async () => {
    const [columns, rows] = SIZES[0];
    const tracker = new RowTracker(columns, rows);
    let fed = 0;
    const steps: string[] = [];
    /** Follows the output up to byte `to` (all of it so far by default). */
    const follow = (step = '', to = terminal.writtenLength()) => {
      tracker.feed(terminal.written(fed, to));
      fed = to;
      if (step) steps.push(`${step} at ${tracker.position}`);
    };

    // A screen that never comes right is explained by the rows the output went past, if any.
    const waitFor = async (predicate: (screen: string) => boolean, what: string, deadlineMs?: number) => {
      try {
        return await terminal.waitFor(predicate, what, deadlineMs);
      } catch (error) {
        follow();
        throw new Error(
          `${(error as Error).message}\nwrites past the bottom row: ${JSON.stringify(tracker.violations)}`,
          { cause: error },
        );
      }
    };

    await waitFor((s) => s.includes(STATUS), 'the console to connect', 30_000);
    traffic = customersKeepWriting();
    await waitFor((s) => /── Reply → #1/.test(s), 'a dialog to be selected');

    const sent: string[] = [];
    let size: [number, number] = [columns, rows];
    for (const [step, [nextColumns, nextRows]] of SIZES.entries()) {
      if (step > 0) {
        follow(`resize to ${nextColumns}×${nextRows}`);
        terminal.resize(nextColumns, nextRows);
        // Until the console has drawn for the new size, output meant for the old one may still
        // arrive: it is held to the larger of the two.
        tracker.resize(nextColumns, nextRows, Math.max(size[1], nextRows));
        size = [nextColumns, nextRows];
      }
      const draft = `draft-${step}-at-${nextColumns}x${nextRows}`;
      const atSize = (s: string) => s.replace(/\n$/, '').split('\n').length === nextRows;
      await waitFor((s) => atSize(s) && s.includes(STATUS), `the frame at ${nextColumns}×${nextRows}`);
      terminal.sendKeys([draft], true);
      let screen = await waitFor(
        (s) => atSize(s) && s.split('\n')[nextRows - 2]?.includes(draft) === true,
        `the draft "${draft}" in the composer at ${nextColumns}×${nextRows}`,
      );
      // What tmux pipes out lags what it shows. The frame with the whole draft was drawn after
      // the console had its new size: from there on the output is held to that size exactly.
      await waitFor(() => terminal.written(fed).includes(draft), `the draft "${draft}" in the output`);
      const pending = terminal.written(fed);
      follow(
        `resized to ${nextColumns}×${nextRows}`,
        fed + Buffer.byteLength(pending.slice(0, pending.indexOf(draft))),
      );
      tracker.resize(nextColumns, nextRows);
      follow(`drawn at ${nextColumns}×${nextRows}`);
      expectOneFrame(screen, nextRows, draft, sent);
      expect(screen.split('\n').filter((l) => l.includes(draft))).toHaveLength(1);

      terminal.sendKeys(['Enter']);
      const posts = posted;
      screen = await waitFor(
        (s) =>
          atSize(s) &&
          // ✓ after the author: the webhook took it (the message's delivery, told live).
          s.includes(`You ✓: ${draft}`) &&
          !s.includes('sending…') &&
          posted > posts + 1 &&
          s.includes(STATUS),
        `the reply "${draft}" sent, with more customer messages after it`,
      );
      follow(`sent at ${nextColumns}×${nextRows}`);
      expectOneFrame(screen, nextRows, '', sent);
      expect(
        screen.split('\n').filter((l) => l.includes(draft)),
        screen,
      ).toHaveLength(1);
      sent.push(draft);

      // An overlay opens over the body and closes again, in the same frame height.
      terminal.sendKeys(['?'], true);
      screen = await waitFor((s) => atSize(s) && s.includes(HELP_HINT), `the help at ${nextColumns}×${nextRows}`);
      expectOneFrame(screen, nextRows, '', sent, true);
      terminal.sendKeys(['Escape']);
      screen = await waitFor(
        (s) => atSize(s) && !s.includes(HELP_HINT) && s.includes('Dialogs'),
        `the help closed at ${nextColumns}×${nextRows}`,
      );
      expectOneFrame(screen, nextRows, '', sent);
      await waitFor(() => terminal.written(fed).includes('Dialogs'), 'the frame without the help in the output');
      follow(`help opened and closed at ${nextColumns}×${nextRows}`);
      expect(tracker.violations, `${JSON.stringify(tracker.violations, null, 1)}\n${steps.join('\n')}`).toEqual([]);
    }
    expect(hook.deliveries.filter((d) => d.payload.message.author.type === 'operator')).toHaveLength(SIZES.length);
  }, 120_000);
});
