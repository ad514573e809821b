// Every action of the one keymap table, by its key and by its slash command, against an
// in-memory desk (fake-desk.ts): what the operator sees and what reaches the server.
import { afterEach, describe, expect, test } from 'vitest';
import { KEYMAP } from '../../cli/console/keymap';
import { desk3, header, start, type, unmountAll } from './console-app-harness';
import { FakeDesk, message, untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

describe('every keymap action', () => {
  const main = KEYMAP.filter(
    (b) => b.context === 'global' || (b.context === 'composer' && !b.action.startsWith('edit.')),
  );

  test('the table has exactly the actions checked here', () => {
    expect(main.map((b) => b.action).sort()).toEqual(
      [
        'app.quit',
        'contact.show',
        'dialog.callback',
        'dialog.goto',
        // /hold and Alt+Z: test/console/reply-timers.test.tsx.
        'dialog.hold',
        // /new and Alt+O, on the real server: test/console/console-new-dialog.test.tsx.
        'dialog.new',
        // /merge, and Alt+T (/via) with a customer's threads: test/console/customer-threads.test.tsx.
        'customer.merge',
        'thread.via',
        'dialog.next',
        'dialog.prev',
        'dialog.resolve',
        'dialog.transfer',
        'dialog.urgent',
        // /save and /attach: test/console/console-files.test.tsx.
        'file.attach',
        'file.save',
        'help.open',
        // Ctrl+K and /kb: test/console/console-kb.test.tsx.
        'kb.open',
        // /search: test/console/console-search.test.tsx.
        'search.open',
        'message.retry',
        'message.send',
        'note.toggle',
        // /reviews and Alt+Q: test/console/reviews.test.tsx.
        'reviews.show',
        'status.available',
        'status.away',
        'spelling.suggest',
        'template.open',
        'transcript.pageDown',
        'transcript.pageUp',
      ].sort(),
    );
  });

  test('PgUp/PgDn scroll the transcript', async () => {
    const desk = desk3();
    desk.transcripts.set(
      'late',
      Array.from({ length: 60 }, (_, i) => message('late', `line number ${i}`)),
    );
    const { app } = await start(desk);
    expect(app.lastFrame()).toContain('line number 59');
    await press(app, KEYS.pageUp);
    expect(app.lastFrame()).not.toContain('line number 59');
    expect(app.lastFrame()).toContain('line number 40');
    await press(app, KEYS.pageDown);
    expect(app.lastFrame()).toContain('line number 59');
  });

  test('Ctrl+L shows contact details and the conversations on every channel, and closes them', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('l'));
    const frame = await untilFrame(app, (f) => f.includes('Conversations on every channel'));
    expect(frame).toContain('+7 900 123-45-67');
    expect(frame).toMatch(/› 2026-01-15 \? web {2}this dialog · Анна/);
    expect(frame).toMatch(/ {2}2025-12-01 \? web {2}resolved · solved · Иван · bil/);
    await press(app, KEYS.ctrl('l'));
    expect(app.lastFrame()).not.toContain('Conversations on every channel');
  });

  test('Alt+S offers suggestions for the word at the cursor; Enter replaces it and sends nothing', async () => {
    const desk = desk3();
    desk.misspellings.set('превет', ['привет', 'пре вет']);
    const { app } = await start(desk, { lang: 'ru' });
    await type(app, 'превет ');
    await untilFrame(app, (f) => f.includes('1 ✗ орфография'));
    await press(app, KEYS.left, KEYS.alt('s'));
    await untilFrame(app, (f) => f.includes('› привет') && f.includes('Добавить в мой словарь'));
    await press(app, KEYS.enter);
    const frame = await untilFrame(app, (f) => f.includes('привет') && !f.includes('превет'));
    expect(frame).not.toContain('орфография');
    expect(frame).not.toContain('Добавить в мой словарь');
    expect(desk.callsOf('send')).toEqual([]);
  });

  test('Alt+S with no word at the cursor says so', async () => {
    const { app } = await start(desk3());
    await press(app, KEYS.alt('s'));
    expect(app.lastFrame()).toContain('No word at the cursor to check');
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
    expect(desk.callsOf('transfer')).toEqual([
      { conversationId: 'late', to: { operatorId: 'op-ivan' }, note: 'speaks Russian' },
    ]);
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
    expect(desk.callsOf('requestCallback')).toEqual([
      { conversationId: 'late', phone: '+7 900 000-00-00', reason: 'card blocked' },
    ]);
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

  test('Alt+R sends the newest failed reply again; the mark says it is waiting', async () => {
    const desk = desk3();
    desk.transcripts.get('late')!.push(
      message('late', 'card is blocked, we know', {
        id: 'refused',
        author: { type: 'operator', id: 'me', name: 'Me' },
        delivery: { status: 'failed', providerId: null, error: 'chat not found' },
      }),
    );
    const { app } = await start(desk);
    await untilFrame(app, (f) => f.includes('[✗ not delivered: chat not found]'));
    await press(app, KEYS.alt('r'));
    await untilFrame(app, (f) => f.includes('Sending the undelivered message again'));
    expect(desk.callsOf('retryDelivery')).toEqual([{ conversationId: 'late', messageId: 'refused' }]);
  });

  test('/retry with nothing undelivered says so and calls nothing', async () => {
    const desk = desk3();
    const { app } = await slash(desk, '/retry');
    await untilFrame(app, (f) => f.includes('No undelivered message in this dialog'));
    expect(desk.callsOf('retryDelivery')).toEqual([]);
  });

  test('/callback PHONE REASON', async () => {
    const desk = desk3();
    const { app } = await slash(desk, '/callback +7 (900) 111-22-33 wants to talk');
    await untilFrame(app, (f) => f.includes('Call-back requested'));
    expect(desk.callsOf('requestCallback')).toEqual([
      { conversationId: 'late', phone: '+7 (900) 111-22-33', reason: 'wants to talk' },
    ]);
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
      ['/contact', (f: string) => f.includes('Conversations on every channel')],
      ['/contact', (f: string) => !f.includes('Conversations on every channel')],
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
