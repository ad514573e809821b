// The console app driven through its keyboard against an in-memory desk (fake-desk.ts): the
// hotlist, switching, composing, templates, the status line, untrusted text and layout.
// Every keymap action and slash command has its own file (console-keymap.test.tsx).
import { afterEach, describe, expect, test } from 'vitest';
import stringWidth from 'string-width';
import { compareUrgency } from '../../cli/console/desk-model';
import { desk3, header, start, type, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, message, ME, NOW, untilFrame } from './fake-desk';
import { KEYS, nextTick, press } from './helpers';

afterEach(unmountAll);
describe('hotlist', () => {
  test('orders by SLA deadline, then waiting time, then activity, with marks that need no colour', async () => {
    const { app } = await start(desk3());
    const rows = app
      .lastFrame()
      .split('\n')
      .filter((line) => /^[ ›]\d /.test(line));
    expect(rows.map((row) => row.slice(0, 20).trimEnd())).toEqual([
      '›1 !! Late Lena',
      ' 2 !  Near Nick',
      ' 3    Fine Fay',
      ' 4    Calm Carl',
    ]);
    expect(app.lastFrame()).toContain('1:30'); // Lena has waited 90 s
  });

  test('compareUrgency: deadline first, then the longest wait, then the newest activity', () => {
    const a = conversation('a', { slaDueAt: 5, waitingSince: 100 });
    const b = conversation('b', { slaDueAt: 9, waitingSince: 1 });
    const c = conversation('c', { waitingSince: 2 });
    const d = conversation('d', { lastMessageAt: 50 });
    const e = conversation('e', { lastMessageAt: 70 });
    expect([e, d, c, b, a].sort(compareUrgency).map((x) => x.id)).toEqual(['a', 'b', 'c', 'e', 'd']);
  });

  test('shows unread customer messages until the dialog is opened', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    desk.emit({ type: 'message.created', message: message('near', 'are you there?') });
    desk.emit({ type: 'message.created', message: message('near', 'hello??') });
    const frame = await untilFrame(app, (f) => f.includes('Near Nick') && f.includes('(3)'));
    expect(frame).toMatch(/Near Nick\s+\(3\)/);
    await press(app, KEYS.alt('2'));
    expect(app.lastFrame()).not.toContain('(3)');
    expect(app.lastFrame()).toContain('─ new ─');
  });

  test('new assignments appear live and removed dialogs leave', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    desk.emit({
      type: 'conversation.assigned',
      conversation: conversation('newbie', { customerName: 'New Nora', waitingSince: NOW - 1000 }),
    });
    await untilFrame(app, (f) => f.includes('New Nora'));
    desk.emit({ type: 'conversation.removed', conversationId: 'late', reason: 'transferred' });
    const frame = await untilFrame(app, (f) => !f.includes('Late Lena'));
    expect(header(frame)).toContain('Near Nick');
  });
});

describe('feed history expired', () => {
  test('the console reloads its snapshot and transcripts, adding only what it missed', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    // While away: Fay's dialog was closed, a new one was assigned, Lena wrote again.
    desk.conversations = desk.conversations.filter((c) => c.id !== 'fine');
    desk.conversations.push(conversation('back', { customerName: 'Back Bob', waitingSince: NOW - 2_000 }));
    desk.transcripts.get('late')!.push(message('late', 'written while you were away'));
    desk.endFeed('PRECONDITION_FAILED', 'event history since lastEventId has expired: reload the snapshot');
    const frame = await untilFrame(app, (f) => f.includes('Back Bob') && f.includes('written while you were away'));
    expect(frame).not.toContain('Fine Fay');
    expect(frame.split('hello from Late Lena').length - 1).toBe(1);
    expect(desk.subscriptions).toEqual(['100', '100']);
  });

  test('any other end of the feed is shown', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    desk.endFeed('UNAUTHORIZED', 'session expired: log in again');
    await untilFrame(app, (f) => f.includes('✗ session expired: log in again'));
  });
});

describe('switching', () => {
  test('Alt+N opens dialog N; Ctrl+N / Ctrl+P step; Ctrl+G jumps to the most urgent', async () => {
    const { app } = await start(desk3());
    await press(app, KEYS.alt('3'));
    expect(header(app.lastFrame())).toContain('#3 Fine Fay');
    await press(app, KEYS.ctrl('n'));
    expect(header(app.lastFrame())).toContain('#4 Calm Carl');
    await press(app, KEYS.ctrl('n'));
    expect(header(app.lastFrame())).toContain('#1 Late Lena');
    await press(app, KEYS.ctrl('p'));
    expect(header(app.lastFrame())).toContain('#4 Calm Carl');
    await press(app, KEYS.ctrl('g'));
    expect(header(app.lastFrame())).toContain('#1 Late Lena');
    expect(header(app.lastFrame())).toContain('!! SLA breached');
  });

  test('each dialog keeps its own draft', async () => {
    const { app } = await start(desk3());
    await type(app, 'for Lena');
    await press(app, KEYS.alt('2'));
    expect(app.lastFrame()).not.toContain('for Lena');
    await type(app, 'for Nick');
    await press(app, KEYS.alt('1'));
    expect(app.lastFrame()).toContain('for Lena');
    await press(app, KEYS.alt('2'));
    expect(app.lastFrame()).toContain('for Nick');
  });
});

describe('composing and sending', () => {
  test('Enter sends with a client id; the reply is pending until acknowledged, then shown once', async () => {
    const desk = desk3();
    desk.holdSends = true;
    const { app, model } = await start(desk);
    await type(app, 'Привет, Лена! 👋');
    await press(app, KEYS.enter);
    expect(await untilFrame(app, (f) => f.includes('[sending…]'))).toContain('> You: Привет, Лена! 👋');
    const [sent] = desk.callsOf('send') as Array<{
      clientId: string;
      text: string;
      private: boolean;
      conversationId: string;
    }>;
    expect(sent).toMatchObject({ conversationId: 'late', text: 'Привет, Лена! 👋', private: false });
    expect(sent.clientId).toMatch(/^[0-9a-f-]{36}$/);
    desk.release();
    const frame = await untilFrame(app, (f) => !f.includes('sending…'));
    expect(frame.split('Привет, Лена!').length - 1).toBe(1);
    // The feed echoes the same message: still once.
    desk.emit({ type: 'message.created', message: model.transcript('late').at(-1)! });
    await nextTick();
    expect(app.lastFrame().split('Привет, Лена!').length - 1).toBe(1);
  });

  test('a reply typed while offline is kept, marked, and sent once after reconnect', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    desk.setConnection('reconnecting');
    await untilFrame(app, (f) => f.includes('reconnecting…'));
    await type(app, 'sent later');
    await press(app, KEYS.enter);
    expect(app.lastFrame()).toContain('[offline: sends on reconnect]');
    expect(desk.callsOf('send')).toHaveLength(0);
    desk.setConnection('online');
    const frame = await untilFrame(app, (f) => f.includes('online') && !f.includes('offline: sends'));
    expect(desk.callsOf('send')).toHaveLength(1);
    expect(frame.split('sent later').length - 1).toBe(1);
  });

  test('a send cut by a dropped connection is retried with the same client id', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    const original = desk.send.bind(desk);
    let first = true;
    desk.send = async (input) => {
      if (first) {
        first = false;
        desk.calls.push({ method: 'send', input });
        desk.setConnection('reconnecting');
        throw new Error('WebSocket closed');
      }
      return original(input);
    };
    await type(app, 'retry me');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('offline: sends on reconnect'));
    desk.setConnection('online');
    await untilFrame(app, (f) => !f.includes('offline: sends'));
    const sends = desk.callsOf('send') as Array<{ clientId: string }>;
    expect(sends).toHaveLength(2);
    expect(sends[1].clientId).toBe(sends[0].clientId);
  });

  test('loaded and live messages merge by id, never doubled', async () => {
    const desk = desk3();
    const early = message('late', 'the very same message');
    desk.transcripts.get('late')!.push(early);
    const { app } = await start(desk);
    desk.emit({ type: 'message.created', message: early });
    desk.emit({ type: 'message.created', message: message('late', 'a fresh one') });
    const frame = await untilFrame(app, (f) => f.includes('a fresh one'));
    expect(frame.split('the very same message').length - 1).toBe(1);
  });

  test('customer, operator, bot and private notes are told apart by labels', async () => {
    const desk = desk3();
    desk.transcripts.set('late', [
      message('late', 'I need help', { author: { type: 'customer', id: null, name: 'Late Lena' } }),
      message('late', 'Welcome!', { author: { type: 'bot', id: null, name: null } }),
      message('late', 'On it', { author: { type: 'operator', id: ME.id, name: ME.name } }),
      message('late', 'VIP, careful', { author: { type: 'operator', id: 'op-ivan', name: 'Иван' }, private: true }),
    ]);
    const { app } = await start(desk);
    const frame = app.lastFrame();
    expect(frame).toMatch(/\d\d:\d\d < Late Lena: I need help/);
    expect(frame).toMatch(/\d\d:\d\d \* Bot: Welcome!/);
    expect(frame).toMatch(/\d\d:\d\d > You: On it/);
    expect(frame).toMatch(/\d\d:\d\d # Note · Иван: VIP, careful/);
  });
});

describe('templates', () => {
  test('"/" opens the picker, typing filters, Enter inserts the text with variables filled', async () => {
    const desk = desk3();
    desk.templateList = [
      {
        id: 't1',
        name: 'Greeting',
        text: 'Hello {{customer.name|there}}, this is {{operator.name}}.',
        lang: 'en',
        useCount: 0,
      },
      { id: 't2', name: 'Refund policy', text: 'Refunds take 5 days.', lang: 'en', useCount: 9 },
    ];
    const { app } = await start(desk);
    await press(app, '/');
    expect(app.lastFrame()).toContain('Templates');
    await type(app, 'greet');
    expect(app.lastFrame()).toContain('Hello Late Lena, this is Анна.');
    await press(app, KEYS.enter);
    const frame = await untilFrame(app, (f) => !f.includes('Templates'));
    expect(frame.split('\n').slice(-3).join('\n')).toContain('Hello Late Lena, this is Анна.');
    expect(desk.callsOf('templateUsed')).toEqual([{ id: 't1' }]);
    expect(desk.callsOf('send')).toHaveLength(0);
  });
});

describe('status line', () => {
  test('own status and load, queue stats when the server sends them, and the connection', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    const top = () => app.lastFrame().split('\n')[0];
    expect(top()).toContain('Анна · available · 4/3');
    expect(top()).toContain('Queues: —');
    expect(top()).toContain('● online');
    desk.stats({
      at: NOW,
      queues: [
        { id: 'general', name: 'General', waiting: 3, longestWaitMs: 80_000 },
        { id: 'vip', name: 'VIP', waiting: 0, longestWaitMs: 0 },
      ],
    });
    await untilFrame(app, (f) => f.includes('General 3 (1:20) · VIP 0'));
    desk.setConnection('reconnecting');
    await untilFrame(app, (f) => f.split('\n')[0].includes('○ reconnecting…'));
  });

  test('Russian UI', async () => {
    const { app } = await start(desk3(), { lang: 'ru' });
    expect(app.lastFrame()).toContain('доступен');
    expect(app.lastFrame()).toContain('Ответ → #1 Late Lena');
    expect(app.lastFrame()).toContain('SLA нарушен');
  });
});

describe('untrusted text', () => {
  const HOSTILE = [
    '\u001b]0;pwned\u0007\u001b[2J',
    '\u001b]52;c;ZWNobyBwd25lZA==\u0007',
    '\u009b31mC1 CSI',
    'safe\rover-written',
    'evil \u202etxt.exe',
    'bell\u0007 back\u0008space',
    '\u001bP+q544e\u001b\\',
  ];

  test('customer text and names are inert on screen: no escape byte reaches the terminal', async () => {
    const desk = new FakeDesk();
    desk.conversations = [conversation('x', { customerName: 'Mal\u001b[31mlory\u0007' })];
    desk.transcripts.set(
      'x',
      HOSTILE.map((text) =>
        message('x', text, { author: { type: 'customer', id: null, name: 'Mal\u001b]0;x\u0007' } }),
      ),
    );
    const { app } = await start(desk, { columns: 120, rows: 40 });
    const frame = app.lastFrame();
    expect(frame).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(frame).toContain('^[]0;pwned^G^[[2J');
    expect(frame).toContain('^[]52;c;ZWNobyBwd25lZA==^G');
    expect(frame).toContain('\uFFFD31mC1 CSI');
    expect(frame).toContain('safe^Mover-written');
    expect(frame).toContain('evil <RLO>txt.exe');
    expect(frame).toContain('Mal^[[31mlory^G');
  });
});

describe('layout', () => {
  test('fits 80×24: the frame stays a row shorter than the terminal and no line is wider', async () => {
    const desk = desk3();
    desk.transcripts.set(
      'late',
      Array.from({ length: 300 }, (_, i) => message('late', `message ${i} `.repeat(12))),
    );
    const { app } = await start(desk);
    const lines = app.lastFrame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  test('Cyrillic, CJK and emoji wrap by display width', async () => {
    const desk = desk3();
    desk.transcripts.set('late', [
      message('late', '漢字かな交じり文の長いメッセージです。'.repeat(4)),
      message('late', 'Эмодзи 👩‍👩‍👧‍👦 и флаги 🇷🇺🇯🇵 '.repeat(5)),
    ]);
    const { app } = await start(desk);
    const lines = app.lastFrame().split('\n');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(app.lastFrame()).toContain('👩‍👩‍👧‍👦');
    // No family emoji is cut in half at a wrap.
    expect(app.lastFrame().split('👩‍👩‍👧‍👦').length - 1).toBe(5);
  });

  test('resizes live and degrades below the minimum', async () => {
    const { app } = await start(desk3());
    app.stdout.resize(120, 40);
    let frame = await untilFrame(app, (f) => f.split('\n').length === 39);
    expect(Math.max(...frame.split('\n').map((l) => stringWidth(l)))).toBeGreaterThan(80);
    app.stdout.resize(60, 20);
    frame = await untilFrame(app, (f) => f.split('\n').length === 19);
    expect(header(frame)).toContain('[›1!! 2! 3 4]'); // one pane: the hotlist folds into the header
    app.stdout.resize(30, 8);
    frame = await untilFrame(app, (f) => f.includes('Window too small'));
    expect(frame.split('\n').length).toBeLessThanOrEqual(7);
  });
});

describe('forms under fast typing', () => {
  test('keys that arrive in one chunk all land in the field (ink-text-input would drop some)', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('r'));
    // Each key is handled before React draws again, as when keys arrive back to back.
    for (const burst of [['b', 'i', 'l', 'l', 'i', 'n', 'g', '?'], [KEYS.tab], ['o', 'k', '/', 'x']]) {
      for (const key of burst) app.stdin.write(key);
      await press(app);
    }
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('✓ Resolved'));
    expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late', tag: 'billing?', outcome: 'ok/x' }]);
  });
});

describe('the picker under fast typing', () => {
  test('a slash command typed back to back into the picker loses no key', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, '/');
    for (const key of 'resolve billing') app.stdin.write(key);
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('✓ Resolved'));
    expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late', tag: 'billing' }]);
  });
});
