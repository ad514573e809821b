// What a template sends when a customer's name carries control characters (issue 13 §3): the
// stored name, less the control characters no channel carries, never the caret notation the
// screen shows it in.
import { afterEach, expect, test } from 'vitest';
import { start, type, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

test('a template filled with a hostile customer name sends the stored name without control characters', async () => {
  const desk = new FakeDesk();
  desk.conversations = [conversation('c1', { customerName: '\x1b]0;PWNED-TITLE\x07' })];
  desk.templateList = [
    { id: 't1', name: 'Hello', text: 'Здравствуйте, {{customer.name}}hello!', lang: 'ru', useCount: 0 },
  ];
  const { app } = await start(desk);
  await press(app, '/');
  await type(app, 'hello');
  await press(app, KEYS.enter);
  await untilFrame(app, (frame) => !frame.includes('Templates'));
  await press(app, KEYS.enter);
  expect(desk.callsOf('send')).toEqual([expect.objectContaining({ text: 'Здравствуйте, ]0;PWNED-TITLEhello!' })]);
});
