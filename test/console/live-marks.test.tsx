// Issue 15: typing indicators and read receipts in the console. The customer's typing shows in the
// open dialog's header until their message comes (or 5 s pass); "✓✓ прочитано" goes under the
// newest reply the customer has seen; the operator's own typing and reading reach the server,
// throttled and deduplicated.
import { afterEach, expect, test, vi } from 'vitest';
import { DialogSignals, TYPING_SHOWN_MS } from '../../cli/console/dialog-signals';
import { desk3, header, start, type, unmountAll } from './console-app-harness';
import { message, untilFrame } from './fake-desk';

afterEach(() => {
  unmountAll();
  vi.useRealTimers();
});

test('the customer typing shows in the header of the open dialog until their message comes', async () => {
  const desk = desk3();
  const { app, model } = await start(desk, { lang: 'ru' });
  expect(model.selectedId).toBe('late');
  expect(header(app.lastFrame())).not.toContain('печатает');
  // Another dialog's typing is not this one's.
  desk.emit({ type: 'conversation.typing', conversationId: 'calm', active: true });
  desk.emit({ type: 'conversation.typing', conversationId: 'late', active: true });
  const typing = await untilFrame(app, (f) => header(f).includes('печатает…'));
  expect(header(typing)).toMatch(/#\d Late Lena · ✎ печатает…/);
  // The hotlist marks every dialog whose customer types, the open one too.
  const row = (name: string) => typing.split('\n').find((line) => line.includes(name)) ?? '';
  expect(row('Calm Carl')).toMatch(/Calm Carl\s*✎/);
  expect(row('Near Nick')).not.toContain('✎');
  desk.emit({
    type: 'message.created',
    message: message('late', 'а можно побыстрее?', { author: { type: 'customer', id: null, name: 'Late Lena' } }),
  });
  const answered = await untilFrame(app, (f) => f.includes('а можно побыстрее?'));
  expect(header(answered)).not.toContain('печатает');
  expect(answered.split('\n').find((line) => line.includes('Calm Carl'))).toContain('✎');
});

test('"✓✓ прочитано" goes under the newest reply the customer has read, and follows the marker', async () => {
  const desk = desk3();
  const first = message('late', 'Смотрю ваш заказ', { author: { type: 'operator', id: 'op-me', name: 'Анна' } });
  const second = message('late', 'Нашла: едет', { author: { type: 'operator', id: 'op-me', name: 'Анна' } });
  desk.transcripts.get('late')!.push(first, second);
  const { app } = await start(desk, { lang: 'ru' });
  await untilFrame(app, (f) => f.includes('Нашла: едет'));
  expect(app.lastFrame()).not.toContain('прочитано');
  const late = desk.conversations.find((c) => c.id === 'late')!;
  desk.emit({ type: 'conversation.updated', conversation: { ...late, customerReadUpTo: first.id } });
  let frame = await untilFrame(app, (f) => f.includes('прочитано'));
  expect(frame).toMatch(/Вы: Смотрю ваш заказ[^\n]*\n[^\n]*✓✓ прочитано[^\n]*\n[^\n]*Вы: Нашла: едет/);
  desk.emit({ type: 'conversation.updated', conversation: { ...late, customerReadUpTo: second.id } });
  frame = await untilFrame(app, (f) => /Нашла: едет[^\n]*\n[^\n]*✓✓ прочитано/.test(f));
  expect(frame.match(/прочитано/g)).toHaveLength(1);
});

test('the open dialog shown to its end is marked read on the server once; typing a reply says so, throttled', async () => {
  const desk = desk3();
  const { app } = await start(desk, { lang: 'ru' });
  const newest = desk.transcripts.get('late')!.at(-1)!.id;
  await untilFrame(app, () => desk.callsOf('markRead').length > 0);
  expect(desk.callsOf('markRead')).toEqual([{ conversationId: 'late', upTo: newest }]);
  // Keystrokes in the same moment: one typing signal, not one per key.
  await type(app, 'Уже');
  expect(desk.callsOf('typing')).toEqual([{ conversationId: 'late' }]);
  // A new customer message on screen is read too.
  const more = message('late', 'ещё тут?', { author: { type: 'customer', id: null, name: 'Late Lena' } });
  desk.emit({ type: 'message.created', message: more });
  await untilFrame(app, () => desk.callsOf('markRead').length > 1);
  expect(desk.callsOf('markRead').at(-1)).toEqual({ conversationId: 'late', upTo: more.id });
});

test('the typing mark expires 5 s after the last signal, and a new signal restarts it', () => {
  vi.useFakeTimers();
  let now = 1_000_000;
  let redraws = 0;
  const signals = new DialogSignals(
    { typing: async () => undefined, markRead: async () => undefined },
    () => now,
    () => redraws++,
  );
  signals.customerTyping('c1', true);
  now += TYPING_SHOWN_MS - 1000;
  vi.advanceTimersByTime(TYPING_SHOWN_MS - 1000);
  signals.customerTyping('c1', true);
  now += TYPING_SHOWN_MS - 1000;
  vi.advanceTimersByTime(TYPING_SHOWN_MS - 1000);
  expect(signals.isTyping('c1')).toBe(true);
  expect(redraws).toBe(0);
  now += 1000;
  vi.advanceTimersByTime(1000);
  expect(signals.isTyping('c1')).toBe(false);
  expect(redraws).toBe(1);
  signals.customerTyping('c1', true);
  signals.customerTyping('c1', false);
  expect(signals.isTyping('c1')).toBe(false);
});
