// Issue 18 §4 in the operator's console: a supervisor's whisper reads apart from the operator's
// own notes, and a take-over tells the operator who took the dialog, which leaves their list.
import { afterEach, expect, test } from 'vitest';
import { desk3, start, unmountAll } from './console-app-harness';
import { message, ME, untilFrame } from './fake-desk';

afterEach(unmountAll);

test('a whisper is marked as the supervisor’s, apart from the operator’s own note', async () => {
  const desk = desk3();
  const { app } = await start(desk, { columns: 120 });
  desk.emit({
    type: 'message.created',
    message: message('late', 'check the stock first', {
      author: { type: 'operator', id: ME.id, name: ME.name },
      private: true,
    }),
  });
  desk.emit({
    type: 'message.created',
    message: message('late', 'offer a coupon', {
      author: { type: 'operator', id: 'op-sveta', name: 'Sveta' },
      private: true,
      whisper: true,
    }),
  });
  const frame = await untilFrame(app, (f) => f.includes('offer a coupon'));
  expect(frame).toMatch(/# Whisper from supervisor · Sveta: offer a coupon/);
  expect(frame).toMatch(/# Note · You: check the stock first/);
});

test('the whisper mark is in Russian too', async () => {
  const desk = desk3();
  const { app } = await start(desk, { lang: 'ru', columns: 120 });
  desk.emit({
    type: 'message.created',
    message: message('late', 'предложи скидку', {
      author: { type: 'operator', id: 'op-sveta', name: 'Света' },
      private: true,
      whisper: true,
    }),
  });
  const frame = await untilFrame(app, (f) => f.includes('предложи скидку'));
  expect(frame).toContain('# Подсказка руководителя · Света:');
});

test('a take-over names the supervisor, and the dialog leaves the operator’s list', async () => {
  const desk = desk3();
  const { app, model } = await start(desk);
  expect(app.lastFrame()).toContain('Late Lena');
  desk.emit({ type: 'conversation.removed', conversationId: 'late', reason: 'taken-over', byName: 'Sveta' });
  const frame = await untilFrame(app, (f) => f.includes('Taken by'));
  expect(frame).toContain('Late Lena: Taken by supervisor Sveta');
  expect(model.conversations.has('late')).toBe(false);
});
