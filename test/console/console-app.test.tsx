// The console app driven through its keyboard against an in-memory desk (fake-desk.ts): what
// the operator sees and what reaches the server for each key and slash command.
import { afterEach, describe, expect, test } from 'vitest';
import stringWidth from 'string-width';
import { ConsoleApp } from '../../cli/console/console-app';
import { compareUrgency, DeskModel } from '../../cli/console/desk-model';
import { KEYMAP } from '../../cli/console/keymap';
import { conversation, FakeDesk, message, ME, NOW, renderOn, untilFrame, type Rendered } from './fake-desk';
import { KEYS, nextTick, press } from './helpers';

const mounted: Rendered[] = [];
afterEach(() => {
  for (const app of mounted.splice(0)) app.unmount();
});

async function start(desk: FakeDesk, opts: { columns?: number; rows?: number; lang?: 'en' | 'ru' } = {}) {
  const model = new DeskModel(desk, () => NOW);
  let quits = 0;
  const app = renderOn(
    <ConsoleApp model={model} lang={opts.lang ?? 'en'} onQuit={() => quits++} now={() => NOW} tickMs={0} />,
    opts.columns ?? 80,
    opts.rows ?? 24,
  );
  mounted.push(app);
  await model.start();
  await untilFrame(app, (frame) => frame.includes(ME.name) && frame.includes('─'));
  return { app, model, quits: () => quits };
}

/** Types text the way a terminal delivers it: one keypress per character. */
async function type(app: Rendered, text: string) {
  for (const char of text) await press(app, char);
}

function desk3(): FakeDesk {
  const desk = new FakeDesk();
  desk.conversations = [
    conversation('calm', { customerName: 'Calm Carl', lastMessageAt: NOW - 10_000 }),
    conversation('late', { customerName: 'Late Lena', waitingSince: NOW - 90_000, slaDueAt: NOW - 30_000, slaTargetMs: 60_000 }),
    conversation('near', { customerName: 'Near Nick', waitingSince: NOW - 50_000, slaDueAt: NOW + 10_000, slaTargetMs: 60_000 }),
    conversation('fine', { customerName: 'Fine Fay', waitingSince: NOW - 5_000, slaDueAt: NOW + 55_000, slaTargetMs: 60_000 }),
  ];
  for (const c of desk.conversations) desk.transcripts.set(c.id, [message(c.id, `hello from ${c.customerName}`, { author: { type: 'customer', id: null, name: c.customerName } })]);
  return desk;
}

const header = (frame: string) => frame.split('\n')[1] ?? '';

describe('hotlist', () => {
  test('orders by SLA deadline, then waiting time, then activity, with marks that need no colour', async () => {
    const { app } = await start(desk3());
    const rows = app.lastFrame().split('\n').filter((line) => /^[ ›]\d /.test(line));
    expect(rows.map((row) => row.slice(0, 20).trimEnd())).toEqual(['›1 !! Late Lena', ' 2 !  Near Nick', ' 3    Fine Fay', ' 4    Calm Carl']);
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
    desk.emit({ type: 'conversation.assigned', conversation: conversation('newbie', { customerName: 'New Nora', waitingSince: NOW - 1000 }) });
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
    const [sent] = desk.callsOf('send') as Array<{ clientId: string; text: string; private: boolean; conversationId: string }>;
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
      { id: 't1', name: 'Greeting', text: 'Hello {{customer.name|there}}, this is {{operator.name}}.', lang: 'en', useCount: 0 },
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

describe('every keymap action', () => {
  const main = KEYMAP.filter((b) => b.context === 'global' || (b.context === 'composer' && !b.action.startsWith('edit.')));

  test('the table has exactly the actions checked here', () => {
    expect(main.map((b) => b.action).sort()).toEqual(
      [
        'app.quit', 'contact.show', 'dialog.callback', 'dialog.goto', 'dialog.next', 'dialog.prev', 'dialog.resolve', 'dialog.transfer',
        'dialog.urgent', 'help.open', 'message.send', 'note.toggle', 'status.available', 'status.away', 'template.open',
        'transcript.pageDown', 'transcript.pageUp',
      ].sort(),
    );
  });

  test('PgUp/PgDn scroll the transcript', async () => {
    const desk = desk3();
    desk.transcripts.set('late', Array.from({ length: 60 }, (_, i) => message('late', `line number ${i}`)));
    const { app } = await start(desk);
    expect(app.lastFrame()).toContain('line number 59');
    await press(app, KEYS.pageUp);
    expect(app.lastFrame()).not.toContain('line number 59');
    expect(app.lastFrame()).toContain('line number 40');
    await press(app, KEYS.pageDown);
    expect(app.lastFrame()).toContain('line number 59');
  });

  test('Ctrl+L shows contact details and earlier conversations, and closes them', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('l'));
    const frame = await untilFrame(app, (f) => f.includes('Earlier conversations'));
    expect(frame).toContain('+7 900 123-45-67');
    expect(frame).toMatch(/2025-12-01 web resolved · billing · solved/);
    await press(app, KEYS.ctrl('l'));
    expect(app.lastFrame()).not.toContain('Earlier conversations');
  });

  test('Alt+N toggles private notes; the bar says so and the send is private', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.alt('n'));
    expect(app.lastFrame()).toContain('PRIVATE NOTE → #1');
    await type(app, 'internal');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('# Note · You: internal'));
    expect(desk.callsOf('send')).toMatchObject([{ text: 'internal', private: true }]);
  });

  test('Ctrl+R resolves with tag and outcome from the form', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('r'));
    expect(app.lastFrame()).toContain('Resolve the dialog');
    await type(app, 'billing');
    await press(app, KEYS.tab);
    await type(app, 'refunded');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('✓ Resolved'));
    expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late', tag: 'billing', outcome: 'refunded' }]);
  });

  test('Esc cancels a form without calling the server', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('r'), KEYS.escape);
    expect(app.lastFrame()).not.toContain('Resolve the dialog');
    expect(desk.callsOf('resolve')).toEqual([]);
  });

  test('Ctrl+X transfers to a chosen queue or colleague with a note', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('x'));
    expect(app.lastFrame()).toContain('General (general)');
    await press(app, KEYS.right, KEYS.right);
    expect(app.lastFrame()).toContain('@ivan Иван');
    await press(app, KEYS.tab);
    await type(app, 'speaks Russian');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('✓ Transferred'));
    expect(desk.callsOf('transfer')).toEqual([{ conversationId: 'late', to: { operatorId: 'op-ivan' }, note: 'speaks Russian' }]);
  });

  test('Alt+C requests a call-back with phone and reason', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.alt('c'));
    expect(app.lastFrame()).toContain('Request a voice call-back');
    await type(app, '+7 900 000-00-00');
    await press(app, KEYS.down);
    await type(app, 'card blocked');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('Call-back requested'));
    expect(desk.callsOf('requestCallback')).toEqual([{ conversationId: 'late', phone: '+7 900 000-00-00', reason: 'card blocked' }]);
  });

  test('Alt+A and Alt+V set the status, shown in the status line', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.alt('a'));
    await untilFrame(app, (f) => f.split('\n')[0].includes('away'));
    await press(app, KEYS.alt('v'));
    await untilFrame(app, (f) => f.split('\n')[0].includes('available'));
    expect(desk.callsOf('setStatus')).toEqual([{ status: 'away' }, { status: 'available' }]);
  });

  test('Alt+H and "?" open the help overlay generated from the keymap; Esc closes it', async () => {
    const { app } = await start(desk3());
    await press(app, KEYS.alt('h'));
    expect(app.lastFrame()).toContain('Keys');
    expect(app.lastFrame()).toContain('Next dialog');
    await press(app, KEYS.escape);
    expect(app.lastFrame()).not.toContain('Next dialog');
    await press(app, '?');
    expect(app.lastFrame()).toContain('Next dialog');
    await press(app, 'q');
    expect(app.lastFrame()).not.toContain('Next dialog');
  });

  test('Ctrl+Q and Ctrl+C quit, also from an overlay', async () => {
    const { app, quits } = await start(desk3());
    await press(app, KEYS.ctrl('q'));
    expect(quits()).toBe(1);
    await press(app, KEYS.alt('h'), KEYS.ctrl('c'));
    expect(quits()).toBe(2);
  });

  test('Ctrl+T opens the template picker even with a draft', async () => {
    const { app } = await start(desk3());
    await type(app, 'draft');
    await press(app, KEYS.ctrl('t'));
    expect(app.lastFrame()).toContain('Templates');
  });
});

describe('slash commands do the same', () => {
  async function slash(desk: FakeDesk, command: string) {
    const started = await start(desk);
    await type(started.app, command);
    await press(started.app, KEYS.enter);
    return started;
  }

  test('/resolve TAG OUTCOME, typed (through the picker) or pasted (straight from the composer)', async () => {
    const desk = desk3();
    const { app } = await slash(desk, '/resolve billing refunded');
    await untilFrame(app, (f) => f.includes('✓ Resolved'));
    await press(app, '/resolve spam', KEYS.enter);
    await untilFrame(app, (f) => f.includes('✓ Resolved'));
    expect(desk.callsOf('resolve')).toEqual([
      { conversationId: 'late', tag: 'billing', outcome: 'refunded' },
      { conversationId: 'late', tag: 'spam' },
    ]);
  });

  test('/transfer QUEUE NOTE and /transfer @LOGIN', async () => {
    const desk = desk3();
    const { app } = await slash(desk, '/transfer vip needs a manager');
    await untilFrame(app, (f) => f.includes('✓ Transferred'));
    await type(app, '/transfer @ivan');
    await press(app, KEYS.enter);
    expect(desk.callsOf('transfer')).toEqual([
      { conversationId: 'late', to: { queueId: 'vip' }, note: 'needs a manager' },
      { conversationId: 'late', to: { operatorId: 'op-ivan' }, note: '' },
    ]);
  });

  test('/transfer to nobody says so', async () => {
    const desk = desk3();
    const { app } = await slash(desk, '/transfer nowhere');
    await untilFrame(app, (f) => f.includes('No such queue or operator: nowhere'));
    expect(desk.callsOf('transfer')).toEqual([]);
  });

  test('/callback PHONE REASON', async () => {
    const desk = desk3();
    const { app } = await slash(desk, '/callback +7 (900) 111-22-33 wants to talk');
    await untilFrame(app, (f) => f.includes('Call-back requested'));
    expect(desk.callsOf('requestCallback')).toEqual([{ conversationId: 'late', phone: '+7 (900) 111-22-33', reason: 'wants to talk' }]);
  });

  test('/note TEXT sends a private note; /away /available; /go /next /prev /urgent; /contact /help /quit', async () => {
    const desk = desk3();
    const { app, quits } = await slash(desk, '/note just for us');
    await untilFrame(app, (f) => f.includes('# Note · You: just for us'));
    for (const [command, check] of [
      ['/away', (f: string) => f.split('\n')[0].includes('away')],
      ['/available', (f: string) => f.split('\n')[0].includes('available')],
      ['/go 3', (f: string) => header(f).includes('#3 Fine Fay')],
      ['/next', (f: string) => header(f).includes('#4 Calm Carl')],
      ['/prev', (f: string) => header(f).includes('#3 Fine Fay')],
      ['/urgent', (f: string) => header(f).includes('#1 Late Lena')],
      ['/contact', (f: string) => f.includes('Earlier conversations')],
      ['/contact', (f: string) => !f.includes('Earlier conversations')],
      ['/help', (f: string) => f.includes('Next dialog')],
    ] as const) {
      await type(app, command);
      await press(app, KEYS.enter);
      await untilFrame(app, check);
    }
    await press(app, KEYS.escape);
    await type(app, '/quit');
    await press(app, KEYS.enter);
    expect(quits()).toBe(1);
    expect(desk.callsOf('setStatus')).toEqual([{ status: 'away' }, { status: 'available' }]);
  });

  test('an unknown command is not sent to the customer', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, '/reslove'); // pasted whole, so it lands in the composer, not the picker
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('Unknown command'));
    expect(desk.callsOf('send')).toEqual([]);
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
    desk.stats({ at: NOW, queues: [{ id: 'general', name: 'General', waiting: 3, longestWaitMs: 80_000 }, { id: 'vip', name: 'VIP', waiting: 0, longestWaitMs: 0 }] });
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
    desk.transcripts.set('x', HOSTILE.map((text) => message('x', text, { author: { type: 'customer', id: null, name: 'Mal\u001b]0;x\u0007' } })));
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
    desk.transcripts.set('late', Array.from({ length: 300 }, (_, i) => message('late', `message ${i} `.repeat(12))));
    const { app } = await start(desk);
    const lines = app.lastFrame().split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  test('Cyrillic, CJK and emoji wrap by display width', async () => {
    const desk = desk3();
    desk.transcripts.set('late', [message('late', '漢字かな交じり文の長いメッセージです。'.repeat(4)), message('late', 'Эмодзи 👩‍👩‍👧‍👦 и флаги 🇷🇺🇯🇵 '.repeat(5))]);
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
