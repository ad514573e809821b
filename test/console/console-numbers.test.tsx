// Issue 13 §4: the hotlist is ordered by urgency, but a dialog's number stays with it until it
// closes, so "Anna is 2" and Alt+2 keep meaning the same customer after a reorder. Before, the
// number was the row: a customer who wrote moved every number below them.
import { afterEach, describe, expect, test } from 'vitest';
import { desk3, header, start, unmountAll } from './console-app-harness';
import { conversation, NOW, untilFrame, type Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

/** The hotlist rows as "number name", top to bottom. */
function rows(frame: string): string[] {
  return frame
    .split('\n')
    .map((line) => /^[ ›]\s*(\d+) (?:!!|! | {2}) (\S+ \S+)/.exec(line))
    .filter((match) => match !== null)
    .map((match) => `${match[1]} ${match[2]}`);
}

const composerBar = (app: Rendered) =>
  app
    .lastFrame()
    .split('\n')
    .find((line) => line.startsWith('── ')) ?? '';

describe('dialog numbers stay with their dialog', () => {
  test('a reorder keeps the numbers, and Alt+N opens the same customer as before', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    expect(rows(app.lastFrame())).toEqual(['1 Late Lena', '2 Near Nick', '3 Fine Fay', '4 Calm Carl']);

    // Carl writes and his SLA runs out first: he becomes the most urgent, at the top.
    desk.emit({
      type: 'conversation.updated',
      conversation: conversation('calm', {
        customerName: 'Calm Carl',
        waitingSince: NOW - 120_000,
        slaDueAt: NOW - 60_000,
        slaTargetMs: 60_000,
      }),
    });
    const frame = await untilFrame(app, (f) => rows(f)[0]?.endsWith('Calm Carl') ?? false);
    expect(rows(frame)).toEqual(['4 Calm Carl', '1 Late Lena', '2 Near Nick', '3 Fine Fay']);

    await press(app, KEYS.alt('2'));
    expect(header(app.lastFrame())).toContain('#2 Near Nick');
    expect(composerBar(app)).toContain('Reply → #2 Near Nick');
    await press(app, KEYS.alt('4'));
    expect(header(app.lastFrame())).toContain('#4 Calm Carl');
    expect(composerBar(app)).toContain('Reply → #4 Calm Carl');
    await press(app, KEYS.alt('1'));
    expect(header(app.lastFrame())).toContain('#1 Late Lena');
  });

  test('a closed dialog frees its number for the next new one; Alt+N with no such dialog says so', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    desk.emit({ type: 'conversation.removed', conversationId: 'near', reason: 'resolved' });
    await untilFrame(app, (f) => !f.includes('Near Nick'));
    expect(rows(app.lastFrame())).toEqual(['1 Late Lena', '3 Fine Fay', '4 Calm Carl']);
    await press(app, KEYS.alt('2'));
    expect(app.lastFrame()).toContain('No open dialog has number 2');
    expect(header(app.lastFrame())).toContain('#1 Late Lena');

    desk.emit({
      type: 'conversation.assigned',
      conversation: conversation('newbie', { customerName: 'New Nora', lastMessageAt: NOW }),
    });
    await untilFrame(app, (f) => f.includes('New Nora'));
    expect(rows(app.lastFrame())).toEqual(['1 Late Lena', '3 Fine Fay', '2 New Nora', '4 Calm Carl']);
    await press(app, KEYS.alt('2'));
    expect(header(app.lastFrame())).toContain('#2 New Nora');
  });

  test('a reload after the feed history expired keeps the numbers of the dialogs still open', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    // While away: Nick's dialog (#2) was closed and Bob's was assigned.
    desk.conversations = desk.conversations.filter((c) => c.id !== 'near');
    desk.conversations.push(conversation('back', { customerName: 'Back Bob', lastMessageAt: NOW }));
    desk.endFeed('PRECONDITION_FAILED', 'event history since lastEventId has expired: reload the snapshot');
    const frame = await untilFrame(app, (f) => f.includes('Back Bob') && !f.includes('Near Nick'));
    expect(rows(frame)).toEqual(['1 Late Lena', '3 Fine Fay', '2 Back Bob', '4 Calm Carl']);
  });

  test('/go N (typed into the picker that / opens) opens dialog N by its number', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    desk.emit({
      type: 'conversation.updated',
      conversation: conversation('fine', {
        customerName: 'Fine Fay',
        waitingSince: NOW - 200_000,
        slaDueAt: NOW - 100_000,
      }),
    });
    await untilFrame(app, (f) => rows(f)[0] === '3 Fine Fay');
    for (const key of '/go 2') await press(app, key);
    await press(app, KEYS.enter);
    expect(header(app.lastFrame())).toContain('#2 Near Nick');
  });
});
