// Issue 17 in the console: the hotlist shows how long until a dialog goes back to the queue
// (↻) or closes as idle (⏾), and ⏸ while held, each with its mark; Alt+Z holds; a dialog lost
// for want of a reply says so.
import { afterEach, describe, expect, test } from 'vitest';
import { start, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, NOW, untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

function timedDesk(): FakeDesk {
  const desk = new FakeDesk();
  desk.conversations = [
    conversation('owed', {
      customerName: 'Owed Olga',
      waitingSince: NOW - 20_000,
      slaDueAt: NOW + 40_000,
      slaTargetMs: 60_000,
      noReplyDueAt: NOW + 100_000,
    }),
    conversation('quiet', { customerName: 'Quiet Quinn', idleCloseAt: NOW + 180_000 }),
    conversation('held', { customerName: 'Held Hugo', held: true }),
  ];
  return desk;
}

/** The hotlist row (name row and the one under it) of a customer. */
function rowsOf(frame: string, name: string): string {
  const lines = frame.split('\n');
  // The hotlist's row: pointer and number, then the name (the header names the open dialog too).
  const at = lines.findIndex((line) => /^[› ]\s*\d+ /.test(line) && line.includes(name));
  return `${lines[at]}\n${lines[at + 1]}`;
}

describe('reply timers on the console', () => {
  test('the hotlist counts down to reassignment and to the idle close, with marks, and shows a hold', async () => {
    const { app } = await start(timedDesk(), { columns: 100 });
    const frame = app.lastFrame()!;
    expect(rowsOf(frame, 'Owed Olga')).toContain('↻ 1:40');
    expect(rowsOf(frame, 'Quiet Quinn')).toContain('⏾ 3:00');
    expect(rowsOf(frame, 'Held Hugo')).toContain('⏸');
    expect(rowsOf(frame, 'Held Hugo')).not.toContain('⏾');
    expect(rowsOf(frame, 'Quiet Quinn')).not.toContain('↻');
  });

  test('Alt+Z holds the open dialog, and again releases it', async () => {
    const desk = timedDesk();
    desk.conversations = [desk.conversations[1]];
    const { app, model } = await start(desk, { columns: 100 });
    await press(app, KEYS.alt('z'));
    await untilFrame(app, (f) => f.includes('On hold: no idle close'));
    expect(desk.callsOf('hold')).toEqual([{ conversationId: 'quiet', on: true }]);
    // The server's update marks it held; the next press resumes.
    desk.emit({
      type: 'conversation.updated',
      conversation: { ...desk.conversations[0], held: true, idleCloseAt: null },
    });
    await untilFrame(app, (f) => rowsOf(f, 'Quiet Quinn').includes('⏸'));
    expect(model.conversations.get('quiet')?.held).toBe(true);
    await press(app, KEYS.alt('z'));
    await untilFrame(app, (f) => f.includes('Hold off'));
    expect(desk.callsOf('hold')).toEqual([
      { conversationId: 'quiet', on: true },
      { conversationId: 'quiet', on: false },
    ]);
  });

  test('a dialog taken back for no reply leaves with a line saying why, in the console’s language', async () => {
    const desk = timedDesk();
    const { app } = await start(desk, { columns: 100, lang: 'ru' });
    desk.emit({ type: 'conversation.removed', conversationId: 'owed', reason: 'no-reply' });
    const frame = await untilFrame(app, (f) => f.includes('Нет ответа вовремя'));
    expect(frame).toContain('Owed Olga: Нет ответа вовремя: диалог вернулся в очередь');
    expect(frame).not.toContain('↻');
  });
});
