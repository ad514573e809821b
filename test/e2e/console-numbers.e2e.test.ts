// Issue 13 §4: dialog numbers stay with their dialog. The real binary runs in tmux against a real
// server; two customers write, and the urgency order flips twice (a reply settles one dialog, the
// customer who was answered writes again). Through it all the hotlist shows each customer with the
// number they got first, and Alt+N opens that customer, not the Nth row.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { startConsole, startConsoleDesk, tmuxOrSkip, type ConsoleDesk } from '../helpers/console-desk';
import type { TestServer } from '../helpers/server';
import type { TmuxTerminal } from '../helpers/tmux-terminal';
import type { WebhookReceiver } from '../helpers/webhook-receiver';

const runs = tmuxOrSkip('test/e2e/console-numbers.e2e.test.ts');
let desk: ConsoleDesk;
let t: TestServer;
let hook: WebhookReceiver;
let terminal: TmuxTerminal;
let secret: string;
let posted = 0;

/** The hotlist's rows as "number name", top to bottom. */
function rows(screen: string): string[] {
  return screen
    .split('\n')
    .map((line) => /^[ ›](\d+) (?:!!|! | {2}) (\S+)/.exec(line))
    .filter((match) => match !== null)
    .map((match) => `${match[1]} ${match[2]}`);
}

async function customerWrites(name: string, text: string) {
  const result = await postCustomerMessage(t.server.url, 'site', secret, {
    id: `numbers-${posted++}`,
    contact: { id: `c-${name}`, name },
    text,
  });
  expect(result.status).toBe(202);
}

/** Opens dialog `number` with Alt+N and waits for its header. */
async function altOpens(number: number, name: string) {
  terminal.sendKeys([`M-${number}`]);
  return terminal.waitFor(
    (s) => s.includes(`│#${number} ${name}`) && s.includes(`── Reply → #${number} ${name}`),
    `Alt+${number} to open ${name}`,
  );
}

async function reply(text: string) {
  terminal.sendKeys([text], true);
  await terminal.waitFor((s) => s.includes(text), 'the draft');
  terminal.sendKeys(['Enter']);
  await hook.waitFor((d) => d.payload.message.text === text);
}

beforeAll(async () => {
  if (!runs) return;
  desk = await startConsoleDesk('en');
  ({ t, hook, secret } = desk);
  terminal = startConsole(desk, { columns: 100, rows: 30, lang: 'en' });
  await terminal.waitFor((s) => s.includes('● online'), 'the console to connect', 30_000);
}, 60_000);

afterAll(async () => {
  terminal?.close();
  await desk?.close();
});

describe.skipIf(!runs)('dialog numbers in a real terminal', () => {
  test('the urgency order flips and the numbers stay with their customers; Alt+N follows the number', async () => {
    await customerWrites('Nikita', 'Where is my order?');
    await terminal.waitFor((s) => rows(s).join(',') === '1 Nikita', 'Nikita as #1');
    await customerWrites('Olga', 'Hello, I need a refund');
    await terminal.waitFor((s) => rows(s).join(',') === '1 Nikita,2 Olga', 'Olga as #2, below Nikita');

    // Nikita is answered: he owes nothing now, so Olga, still waiting, is the more urgent.
    await altOpens(1, 'Nikita');
    await reply('Checking your order now');
    let screen = await terminal.waitFor((s) => rows(s)[0] === '2 Olga', 'Olga on top');
    expect(rows(screen)).toEqual(['2 Olga', '1 Nikita']);
    await altOpens(2, 'Olga');
    await altOpens(1, 'Nikita');

    // Olga is answered and Nikita writes again: he is on top once more, still #1.
    await altOpens(2, 'Olga');
    await reply('The refund is on its way');
    await customerWrites('Nikita', 'Any news?');
    screen = await terminal.waitFor((s) => rows(s)[0] === '1 Nikita', 'Nikita on top again');
    expect(rows(screen)).toEqual(['1 Nikita', '2 Olga']);
    screen = await altOpens(1, 'Nikita');
    expect(screen).toContain('< Nikita: Any news?');
  });
});
