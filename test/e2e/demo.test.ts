// `textdesk demo` as a newcomer runs it (`npm start`): the real binary in a real terminal (tmux,
// 100×30), where it lands in the operator console. What the demo must show: a simulated
// customer's message in the console's hotlist and transcript, and the simulated colleague
// answering the customers it is given; quitting the console stops it. The screen is read each
// time the console draws (test/helpers/tmux-terminal.ts). What the server did comes from a
// supervisor's event feed replayed from the demo's first event: the simulated people are random
// (names, texts, think time), so the test learns from the feed what they wrote, then looks for
// exactly that.
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_MESSENGER_CHANNELS } from '../../cli/demo/messenger-customers';
import { DEMO_COLLEAGUE, DEMO_MAIL_CHANNEL, DEMO_OPERATOR } from '../../cli/demo/seed';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { OperatorSession } from '../helpers/operator-session';
import { BINARY } from '../helpers/run-cli';
import { tmuxOrSkip } from '../helpers/console-desk';
import { TmuxTerminal } from '../helpers/tmux-terminal';

const PACKAGE_DIR = path.resolve(path.dirname(BINARY), '..');
const DEMO_ADMIN_PASSWORD = 'demo-admin-password';
/** Columns of the hotlist pane at 100 columns, its border included. */
const HOTLIST_COLUMNS = 33;

const runs = tmuxOrSkip('test/e2e/demo.test.ts');
let port: number;
let terminal: TmuxTerminal;
let supervisor: OperatorSession | undefined;
const operatorId: Record<'console' | 'colleague', string> = { console: '', colleague: '' };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Emoji take two columns and some carry variation selectors: compare text without them. */
const plain = (text: string) => text.replace(/[\p{Extended_Pictographic}\uFE0F]/gu, '').replace(/ +/g, ' ');

/** The hotlist's rows: from its title down to the bar above the composer, its columns only. */
function hotlistPane(screen: string): string {
  const lines = screen.split('\n');
  const title = lines.findIndex((line) => line.startsWith('Dialogs'));
  if (title < 0) return '';
  const bar = lines.findIndex((line, index) => index > title && line.startsWith('──'));
  return lines
    .slice(title + 1, bar < 0 ? undefined : bar)
    .map((line) => [...line].slice(0, HOTLIST_COLUMNS).join(''))
    .join('\n');
}

type Assigned = Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
type Posted = Extract<DeskEventEnvelope, { type: 'message.created' }>;
const assignedTo =
  (who: keyof typeof operatorId, conversationId?: string) =>
  (e: DeskEventEnvelope): e is Assigned =>
    e.type === 'conversation.assigned' &&
    e.conversation.operatorId === operatorId[who] &&
    (conversationId === undefined || e.conversation.id === conversationId);
const postedBy =
  (author: 'customer' | 'colleague', conversationId?: string) =>
  (e: DeskEventEnvelope): e is Posted =>
    e.type === 'message.created' &&
    (author === 'customer' ? e.message.author.type === 'customer' : e.message.author.id === operatorId.colleague) &&
    (conversationId === undefined || e.message.conversationId === conversationId);

type Seen = { conversationId: string; customerName: string; author: string; text: string };

/** Customer messages, as the server recorded them, in the dialogs it gave the console's operator. */
function customerMessagesToConsole(events: readonly DeskEventEnvelope[]): Seen[] {
  const names = new Map<string, string>();
  for (const e of events.filter(assignedTo('console'))) names.set(e.conversation.id, e.conversation.customerName ?? '');
  return events.filter(postedBy('customer')).flatMap((e) =>
    names.has(e.message.conversationId)
      ? [
          {
            conversationId: e.message.conversationId,
            customerName: names.get(e.message.conversationId)!,
            author: e.message.author.name ?? '',
            text: e.message.text,
          },
        ]
      : [],
  );
}

beforeAll(async () => {
  if (!runs) return;
  port = await freePort();
  // From the package's directory, as `npm start` runs it.
  terminal = TmuxTerminal.start({
    command: `'${process.execPath}' '${BINARY}' demo --port ${port} --interval 500 --lang en`,
    cwd: PACKAGE_DIR,
    columns: 100,
    rows: 30,
    env: { LANG: 'C.UTF-8' },
  });
  // The console says it is online once connected: the demo's server is up from then on.
  await terminal.waitFor((screen) => screen.includes('● online'), 'the demo console to connect', 45_000);
  supervisor = await OperatorSession.connect(
    { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` },
    'admin',
    DEMO_ADMIN_PASSWORD,
    { subscribe: 'supervisor', lastEventId: '0' },
  );
  const operators = await supervisor.api.operator.colleagues.query();
  operatorId.console = operators.find((o) => o.login === DEMO_OPERATOR.login)!.id;
  operatorId.colleague = operators.find((o) => o.login === DEMO_COLLEAGUE.login)!.id;
}, 60_000);

afterAll(async () => {
  await supervisor?.close();
  terminal?.close();
});

describe.skipIf(!runs)('textdesk demo in a terminal', () => {
  test("a simulated customer's message shows in the console's hotlist and transcript", async () => {
    const feed = supervisor!;
    // Customers write on the demo's web chat, mail its e-mail channel (issue 14) or write on a
    // messenger (issue 16), and the console's operator is given dialogs: the first may be any.
    const first = await feed.waitFor(assignedTo('console'));
    expect(['web-chat', DEMO_MAIL_CHANNEL, ...Object.values(DEMO_MESSENGER_CHANNELS)]).toContain(
      first.conversation.channelId,
    );
    let shown: Seen | undefined;
    await terminal.waitFor((screen) => {
      shown = customerMessagesToConsole(feed.events).find(
        (m) =>
          plain(hotlistPane(screen)).includes(plain(m.customerName)) &&
          // The message's first words: a mail runs over several lines, and may wrap.
          plain(screen).includes(plain(`< ${m.author}: ${m.text.split('\n')[0].slice(0, 30)}`)),
      );
      return shown !== undefined;
    }, "a customer's message in the hotlist and transcript");
    expect(shown!.text).toMatch(/\S/);
  });

  test('the simulated colleague answers a customer it was given', async () => {
    const feed = supervisor!;
    // The colleague thinks 3–7 s before its first answer.
    const answer = await feed.waitFor(postedBy('colleague'));
    expect(answer.message).toMatchObject({ private: false, author: { type: 'operator', name: DEMO_COLLEAGUE.name } });
    // It answers a dialog it was given, after the customer wrote in it.
    const before = feed.events.filter((e) => e.seq < answer.seq);
    const conversationId = answer.message.conversationId;
    expect(before.some(assignedTo('colleague', conversationId))).toBe(true);
    expect(before.some(postedBy('customer', conversationId))).toBe(true);
  });

  test('quitting the console stops the demo', async () => {
    await supervisor?.close();
    supervisor = undefined;
    terminal.sendKeys(['C-q']);
    const screen = await terminal.waitFor((text) => text.includes('textdesk demo stopped'), 'the demo to stop');
    expect(screen).toContain('textdesk demo stopped');
    // The shop page's address, printed at start before the console took the screen, is said again.
    expect(screen.replace(/\n/g, '')).toMatch(/the shop page was http:\/\/127\.0\.0\.1:\d+\/demo\/site\./);
    expect(await terminal.exitStatus()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
