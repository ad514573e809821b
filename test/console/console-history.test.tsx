// The customer's whole history in the console (issue 18 §2): the contact card lists every
// conversation on every channel, newest first; Enter opens one read-only in the transcript pane,
// paged lazily; nothing can be sent from it; Esc returns to the live dialog.
import { afterEach, describe, expect, test } from 'vitest';
import type { HistoryEntry } from '../../shared/history-schemas';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { conversation, message, NOW, untilFrame, type FakeDesk } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

const DAY = 86_400_000;

function entry(id: string, overrides: Partial<HistoryEntry>): HistoryEntry {
  return { ...conversation(id, { status: 'resolved', operatorId: null }), operatorName: null, ...overrides };
}

/** Late Lena (the dialog open first) wrote before by e-mail, on Telegram and in the web chat. */
function deskWithHistory(): FakeDesk {
  const desk = desk3();
  desk.history.set('cust-late', [
    entry('old-mail', {
      channelId: 'mail',
      channelKind: 'email',
      createdAt: NOW - 2 * DAY,
      outcome: 'refund',
      rating: 2,
      operatorName: 'Иван',
    }),
    entry('old-tg', {
      channelId: 'bot',
      channelKind: 'telegram',
      createdAt: NOW - 30 * DAY,
      tag: 'billing',
      rating: 5,
      operatorName: 'Olga',
    }),
    entry('old-web', { channelId: 'web', channelKind: 'webchat', createdAt: NOW - 60 * DAY }),
  ]);
  // 450 messages: the first page (200) leaves two more to fetch, one PgUp at the top at a time.
  desk.transcripts.set(
    'old-mail',
    Array.from({ length: 450 }, (_, i) =>
      message('old-mail', `mail line ${i}`, {
        author: i % 2 ? { type: 'operator', id: 'op-ivan', name: 'Иван' } : { type: 'customer', id: null, name: null },
      }),
    ),
  );
  return desk;
}

const historyRows = (frame: string) =>
  frame
    .split('\n')
    .map((line) => line.split('│').at(-1) ?? '')
    .filter((line) => /^[› ] \d{4}-\d\d-\d\d /.test(line));

describe('the contact card', () => {
  test('lists every conversation on every channel, newest first, with channel, outcome, CSAT and operator', async () => {
    const { app } = await start(deskWithHistory(), { columns: 200, rows: 30 });
    await press(app, KEYS.ctrl('l'));
    const frame = await untilFrame(app, (f) => historyRows(f).length === 4);
    expect(historyRows(frame).map((row) => row.trimEnd())).toEqual([
      '› 2026-01-15 ? web  this dialog · Анна',
      '  2026-01-13 @ mail  resolved · refund · ★2 · Иван',
      '  2025-12-16 TG bot  resolved · ★5 · Olga · billing',
      '  2025-11-16 W web  resolved',
    ]);
  });

  test('↓ and ↑ choose a conversation; in a draft they move the cursor and choose nothing', async () => {
    const { app } = await start(deskWithHistory(), { columns: 200, rows: 30 });
    await press(app, KEYS.ctrl('l'));
    await untilFrame(app, (f) => historyRows(f).length === 4);
    await press(app, KEYS.down, KEYS.down, KEYS.up);
    expect(historyRows(app.lastFrame() ?? '')[1]).toMatch(/^› 2026-01-13 @ mail/);
    await type(app, 'hi');
    await press(app, KEYS.down);
    expect(historyRows(app.lastFrame() ?? '')[1]).toMatch(/^› 2026-01-13 @ mail/);
  });

  test('a long history comes a page at a time, the next when ↓ reaches the end', async () => {
    const desk = deskWithHistory();
    desk.historyPage = 2;
    const { app } = await start(desk, { columns: 200, rows: 30 });
    await press(app, KEYS.ctrl('l'));
    await untilFrame(app, (f) => historyRows(f).length === 2 && f.includes('↓ older conversations'));
    await press(app, KEYS.down);
    const frame = await untilFrame(app, (f) => historyRows(f).length === 4);
    expect(frame).not.toContain('↓ older conversations');
    expect(desk.callsOf('customer')).toEqual([
      { conversationId: 'late' },
      { conversationId: 'late', before: { createdAt: NOW - 2 * DAY, id: 'old-mail' } },
    ]);
  });
});

describe('a transcript open read-only', () => {
  async function openMail() {
    const desk = deskWithHistory();
    const started = await start(desk, { columns: 120, rows: 30 });
    await press(started.app, KEYS.ctrl('l'));
    await untilFrame(started.app, (f) => historyRows(f).length === 4);
    await press(started.app, KEYS.down, KEYS.enter);
    await untilFrame(started.app, (f) => f.includes('mail line 449'));
    return { desk, ...started };
  }

  test('Enter opens the chosen conversation in the transcript pane, marked read-only, without a composer', async () => {
    const { app } = await openMail();
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain(' Read-only  2026-01-13 @ mail  resolved · refund · ★2 · Иван');
    expect(frame).toMatch(/< Customer: mail line 448\n.*> Иван: mail line 449/);
    expect(frame).toContain('Read-only: nothing is sent from here. Esc returns to the live dialog');
    expect(frame).toContain('── Read-only · Esc → #1 Late Lena ──');
    expect(frame).not.toContain('Reply →');
    expect(frame).not.toContain('Type a reply');
  });

  test('pages lazily: only the newest page at first, an older one each time the top is reached', async () => {
    const { app, desk } = await openMail();
    const pages = () =>
      desk.callsOf('messages').filter((call) => (call as { conversationId: string }).conversationId === 'old-mail');
    expect(pages()).toEqual([{ conversationId: 'old-mail', limit: 200 }]);
    const oldestFirst = desk.transcripts.get('old-mail')!;
    // PgUp moves a page of lines; climbing 200 messages reaches the top of the first page.
    for (let i = 0; i < 40 && pages().length < 2; i++) await press(app, KEYS.pageUp);
    expect(pages()).toEqual([
      { conversationId: 'old-mail', limit: 200 },
      { conversationId: 'old-mail', limit: 200, before: oldestFirst[250].id },
    ]);
    for (let i = 0; i < 80 && !(app.lastFrame() ?? '').includes('start of the conversation'); i++)
      await press(app, KEYS.pageUp);
    expect(app.lastFrame()).toContain('mail line 0');
    expect(pages()).toHaveLength(3);
    expect(pages()[2]).toEqual({ conversationId: 'old-mail', limit: 200, before: oldestFirst[50].id });
  });

  test('nothing typed reaches a composer, and Enter sends nothing', async () => {
    const { app, desk } = await openMail();
    await type(app, 'oops');
    await press(app, KEYS.enter);
    await type(app, '/resolve');
    await press(app, KEYS.enter);
    expect(desk.callsOf('send')).toEqual([]);
    expect(desk.callsOf('resolve')).toEqual([]);
    expect(app.lastFrame()).not.toContain('oops');
  });

  test('Esc returns to the live dialog and its composer', async () => {
    const { app } = await openMail();
    await press(app, KEYS.escape);
    const frame = await untilFrame(app, (f) => f.includes('Type a reply') || f.includes('Reply →'));
    expect(frame).not.toContain('Read-only');
    expect(frame).not.toContain('Conversations on every channel');
    expect(frame).toContain('#1 Late Lena');
    await type(app, 'back');
    expect(app.lastFrame()).toContain('back');
  });

  test('Enter on the dialog being answered closes the card instead', async () => {
    const { app } = await start(deskWithHistory(), { columns: 120, rows: 30 });
    await press(app, KEYS.ctrl('l'));
    await untilFrame(app, (f) => historyRows(f).length === 4);
    await press(app, KEYS.enter);
    const frame = app.lastFrame() ?? '';
    expect(frame).not.toContain('Conversations on every channel');
    expect(frame).not.toContain('Read-only');
  });
});
