import './force-styles';
// Spelling help in the console on the real server over the real tRPC client (issue 13 §7):
// a misspelt word is underlined and counted in the composer's header, Alt+S offers the
// dictionary's suggestions, choosing one replaces the word and sends nothing, "Add to my
// dictionary" clears the mark for good, and Enter still sends a draft with flagged words.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Dictionaries } from '../../server/spelling/dictionaries';
import { postCustomerMessage } from '../helpers/customer';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import type { WebhookReceiver } from '../helpers/webhook-receiver';
import { closeConsoleOnServer, openConsoleOnServer, type ConsoleOnServer, untilServerFrame } from './console-on-server';
import type { Rendered } from './fake-desk';
import { KEYS, press, stopForcingStyles } from './helpers';

stopForcingStyles();

const UNDERLINE_ON = '\x1b[4m';
const UNDERLINE_OFF = '\x1b[24m';
const dictionaries = new Dictionaries(pino({ level: 'silent' }));
let t: TestServer;
let desk: ConsoleOnServer;
let app: Rendered;
let hook: WebhookReceiver;

const until = (predicate: (frame: string) => boolean) => untilServerFrame(app, predicate);

const lines = (frame: string) => frame.split('\n');
/** The composer is the frame's last row, its header (the bar) the row above. */
const composer = (frame: string) => lines(frame).at(-1) ?? '';
const bar = (frame: string) => lines(frame).at(-2) ?? '';
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
const underlined = (frame: string, word: string) => composer(frame).includes(`${UNDERLINE_ON}${word}${UNDERLINE_OFF}`);
const operatorDeliveries = () => hook.deliveries.filter((d) => d.payload.message.author.type === 'operator');

async function typeText(text: string) {
  for (const char of text) await press(app, char);
}

beforeAll(async () => {
  await dictionaries.whenReady();
  t = await startTestServer({}, undefined, { dictionaries });
  desk = await openConsoleOnServer(t, { login: 'olga', name: 'Ольга', password: 'olga-password' }, 'ru');
  ({ app, hook } = desk);
  await postCustomerMessage(t.server.url, 'site', desk.secret, {
    id: 'sp-1',
    contact: { id: 'c-1', name: 'Пётр' },
    text: 'Где мой заказ?',
  });
  await until((frame) => plain(frame).includes('< Пётр: Где мой заказ?'));
});

afterAll(async () => {
  await closeConsoleOnServer(desk, t);
  await dictionaries.close();
});

describe('spelling help in the composer', () => {
  test('a misspelt Russian word is underlined and counted in the header', async () => {
    await typeText('Здраствуйте ');
    const frame = await until((f) => underlined(f, 'Здраствуйте'));
    expect(plain(bar(frame))).toContain('── 1 ✗ орфография');
  });

  test('Alt+S on the word, then Enter on a suggestion, replaces the word and sends nothing', async () => {
    await press(app, KEYS.left, KEYS.alt('s'));
    await until((f) => plain(f).includes('› Здравствуйте') && plain(f).includes('Добавить в мой словарь'));
    await press(app, KEYS.enter);
    const frame = await until((f) => plain(composer(f)).startsWith('Здравствуйте '));
    expect(plain(bar(frame))).not.toContain('орфография');
    expect(composer(frame)).not.toContain(UNDERLINE_ON);
    expect(operatorDeliveries()).toHaveLength(0);
  });

  test('"Add to my dictionary" clears the mark, and the word is kept on the server for this operator', async () => {
    await press(app, KEYS.end);
    await typeText('тикетница ');
    await until((f) => underlined(f, 'тикетница') && plain(bar(f)).includes('1 ✗ орфография'));
    await press(app, KEYS.left, KEYS.alt('s'));
    await until((f) => plain(f).includes('Добавить в мой словарь') && !plain(f).includes('Ищу варианты'));
    // The last item, below at most 8 suggestions.
    for (let i = 0; i < 9; i++) await press(app, KEYS.down);
    await until((f) => plain(f).includes('› Добавить в мой словарь'));
    await press(app, KEYS.enter);
    const frame = await until((f) => plain(bar(f)).includes('Добавлено в мой словарь: тикетница'));
    expect(composer(frame)).not.toContain(UNDERLINE_ON);
    expect(plain(bar(frame))).not.toContain('орфография');
    const olga = await loggedInHttpClient(t.server.url, 'olga', 'olga-password');
    expect(await olga.spelling.words.query()).toEqual({ words: ['тикетница'] });
    expect(operatorDeliveries()).toHaveLength(0);
  });

  test('Enter sends a draft with flagged words as it is', async () => {
    await press(app, KEYS.end);
    await typeText('превет');
    await press(app, ' ');
    await until((f) => underlined(f, 'превет') && plain(bar(f)).includes('1 ✗ орфография'));
    await press(app, KEYS.enter);
    const delivery = await hook.waitFor((d) => d.payload.message.author.type === 'operator');
    expect(delivery.payload.message.text).toBe('Здравствуйте тикетница превет');
    expect(operatorDeliveries()).toHaveLength(1);
  });
});
