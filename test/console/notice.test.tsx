// Issue 13 §3: a notice belongs to the dialog it was about. After resolving a dialog, the next one's
// bar did read "Reply → #1 … ── ✓ Resolved", and kept the mark through later replies.
import { afterEach, expect, test } from 'vitest';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

/** The bar above the composer: the reply target and the notice. */
const bar = (frame: string) => frame.split('\n').find((line) => line.includes('Reply →')) ?? '';

test('"Resolved" names the dialog it closed, not the one that opens next, and goes with the next reply', async () => {
  const desk = desk3();
  const { app } = await start(desk);
  expect(bar(app.lastFrame()!)).toContain('Late Lena');
  await press(app, KEYS.ctrl('r'), KEYS.enter);
  await untilFrame(app, (f) => bar(f).includes('✓ Resolved'));
  // The server tells the console the dialog left, as it does after a resolve.
  desk.emit({ type: 'conversation.removed', conversationId: 'late', reason: 'resolved' });
  const frame = await untilFrame(app, (f) => !bar(f).includes('Late Lena ──'));
  expect(bar(frame)).toMatch(/Reply → #\d Near Nick/);
  // The next dialog is not the one resolved: the notice says which one was.
  expect(bar(frame)).toMatch(/✓ Late Lena: Resolved/);

  await type(app, 'Hello!');
  await press(app, KEYS.enter);
  const after = await untilFrame(app, (f) => f.includes('You: Hello!'));
  expect(bar(after)).not.toContain('Resolved');
});

test('a notice about a dialog still open elsewhere shows only on that dialog', async () => {
  const desk = desk3();
  const { app, model } = await start(desk);
  await press(app, '/transfer nowhere', KEYS.enter);
  expect(bar(app.lastFrame()!)).toContain('No such queue or operator');
  expect(model.selectedId).toBe('late');
  await press(app, KEYS.ctrl('n'));
  await untilFrame(app, (f) => !bar(f).includes('Late Lena'));
  expect(bar(app.lastFrame()!)).not.toContain('No such queue');
  await press(app, KEYS.ctrl('p'));
  await untilFrame(app, (f) => bar(f).includes('Late Lena'));
  expect(bar(app.lastFrame()!)).toContain('No such queue or operator');
});
