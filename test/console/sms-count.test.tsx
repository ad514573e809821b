// The composer's SMS count (issue 16): in an SMS dialog the bar above the composer shows how
// many SMS the draft goes out as and how full the last one is, as the operator types; other
// channels show none.
import { afterEach, expect, test } from 'vitest';
import { start, type, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, untilFrame } from './fake-desk';
import { press } from './helpers';

afterEach(unmountAll);

function deskWith(channelKind: string): FakeDesk {
  const desk = new FakeDesk();
  desk.conversations = [conversation('one', { customerName: 'Ivan', channelId: 'ch', channelKind })];
  return desk;
}

/** The bar line: the one naming the reply's target. */
const bar = (frame: string) => frame.split('\n').find((line) => line.includes('→ #1')) ?? '';

test('counts GSM-7 parts as the operator types, 160 in one SMS and 153 in each of several', async () => {
  const { app } = await start(deskWith('sms'));
  await type(app, 'Hello');
  await untilFrame(app, (frame) => bar(frame).includes('1 SMS · 5/160'));
  await press(app, 'a'.repeat(155)); // 160: still one
  await untilFrame(app, (frame) => bar(frame).includes('1 SMS · 160/160'));
  await press(app, '{'); // an extension character costs two septets: 162 in 153 + 9
  await untilFrame(app, (frame) => bar(frame).includes('2 SMS · 9/153'));
  expect(bar(app.lastFrame())).not.toContain('UCS-2');
});

test('counts UCS-2 parts for Cyrillic, 70 in one SMS and 67 in each of several', async () => {
  const { app } = await start(deskWith('sms'));
  await press(app, 'Здравствуйте'); // 12
  await untilFrame(app, (frame) => bar(frame).includes('1 SMS · 12/70 UCS-2'));
  await press(app, 'я'.repeat(60)); // 72: 67 + 5
  await untilFrame(app, (frame) => bar(frame).includes('2 SMS · 5/67 UCS-2'));
});

test('shows no SMS count in a web chat dialog', async () => {
  const { app } = await start(deskWith('webchat'));
  await type(app, 'Hello');
  await untilFrame(app, (frame) => frame.includes('Hello'));
  expect(app.lastFrame()).not.toContain('SMS ·');
});
