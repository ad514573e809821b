// Issue 13 §3: the resolve form said "←→ choose" over free-text fields. Its outcome field now
// offers the outcomes used before (←/→ while it is empty or holds one), and says so; typed text
// still wins, and an empty outcome is sent as none.
import { afterEach, expect, test } from 'vitest';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

const hint = (frame: string) => frame.split('\n').find((line) => line.includes('Enter confirms')) ?? '';

test('the tag field does not claim ←→ choose; the outcome field offers outcomes used before', async () => {
  const desk = desk3();
  desk.outcomeList = ['sold', 'refund', 'callback'];
  const { app } = await start(desk);
  await press(app, KEYS.ctrl('r'));
  expect(app.lastFrame()).toContain('Resolve the dialog');
  expect(hint(app.lastFrame()!)).not.toContain('←→ choose');

  await press(app, KEYS.tab);
  expect(app.lastFrame()).toContain('used before: sold · refund · callback');
  expect(hint(app.lastFrame()!)).toContain('←→ one used before');
  await press(app, KEYS.right, KEYS.right);
  expect(app.lastFrame()).toMatch(/›Outcome:\s*refund/);
  await press(app, KEYS.enter);
  await untilFrame(app, (f) => f.includes('Resolved'));
  expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late', outcome: 'refund' }]);
});

test('typed text is kept: ←/→ move the cursor in it; a used outcome comes first next time', async () => {
  const desk = desk3();
  desk.outcomeList = ['sold'];
  const { app, model } = await start(desk);
  await press(app, KEYS.ctrl('r'), KEYS.tab);
  await type(app, 'upsel');
  await press(app, KEYS.left);
  await type(app, 'l');
  await press(app, KEYS.enter);
  await untilFrame(app, (f) => f.includes('Resolved'));
  expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late', outcome: 'upsell' }]);
  expect(model.outcomes).toEqual(['upsell', 'sold']);
});

test('an empty outcome is sent as none', async () => {
  const desk = desk3();
  const { app } = await start(desk);
  await press(app, KEYS.ctrl('r'), KEYS.tab);
  expect(app.lastFrame()).not.toContain('used before');
  await press(app, KEYS.enter);
  await untilFrame(app, (f) => f.includes('Resolved'));
  expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late' }]);
});
