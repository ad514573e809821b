// The composer's count (issue 16): the bar above the composer shows what the draft comes to
// against what the dialog's channel allows, as the server told it with operator.replyWindow
// (FakeDesk.channelLimits here; test/integration/channel-limits.test.ts for the real numbers):
// SMS in billed parts, Telegram in the messages a long text is split into, any other channel in
// characters against its limit, and a channel without files says so, on the bar and on /attach.
import { afterEach, expect, test } from 'vitest';
import type { ChannelLimits } from '../../shared/schemas';
import { start, type, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

const SMS: ChannelLimits = { maxText: 670, partLength: null, smsParts: true, files: false };
const TELEGRAM: ChannelLimits = { maxText: 16_000, partLength: 4096, smsParts: false, files: true };
const VK: ChannelLimits = { maxText: 4096, partLength: null, smsParts: false, files: true };
const EMAIL: ChannelLimits = { maxText: 16_000, partLength: null, smsParts: false, files: true };

function deskWith(channelKind: string, limits: ChannelLimits | null): FakeDesk {
  const desk = new FakeDesk();
  desk.conversations = [conversation('one', { customerName: 'Ivan', channelId: 'ch', channelKind })];
  if (limits) desk.channelLimits.set('ch', limits);
  return desk;
}

/** The bar line: the one naming the reply's target. */
const bar = (frame: string) => frame.split('\n').find((line) => line.includes('→ #1')) ?? '';

test('counts GSM-7 parts as the operator types, 160 in one SMS and 153 in each of several', async () => {
  const { app } = await start(deskWith('sms', SMS), { columns: 100 });
  await type(app, 'Hello');
  await untilFrame(app, (frame) => bar(frame).includes('1 SMS · 5/160'));
  await press(app, 'a'.repeat(155)); // 160: still one
  await untilFrame(app, (frame) => bar(frame).includes('1 SMS · 160/160'));
  await press(app, '{'); // an extension character costs two septets: 162 in 153 + 9
  await untilFrame(app, (frame) => bar(frame).includes('2 SMS · 9/153'));
  expect(bar(app.lastFrame())).not.toContain('UCS-2');
});

test('counts UCS-2 parts for Cyrillic, 70 in one SMS and 67 in each of several', async () => {
  const { app } = await start(deskWith('sms', SMS), { columns: 100 });
  await press(app, 'Здравствуйте'); // 12
  await untilFrame(app, (frame) => bar(frame).includes('1 SMS · 12/70 UCS-2'));
  await press(app, 'я'.repeat(60)); // 72: 67 + 5
  await untilFrame(app, (frame) => bar(frame).includes('2 SMS · 5/67 UCS-2'));
});

test('an SMS longer than the channel takes is called too long, in words, not only counted', async () => {
  const { app } = await start(deskWith('sms', SMS), { columns: 100 });
  await press(app, 'я'.repeat(671));
  await untilFrame(app, (frame) => bar(frame).includes('✗ 671/670: too long'));
});

test('a Telegram draft counts against 4096, and past it says how many messages it goes as', async () => {
  const { app } = await start(deskWith('telegram', TELEGRAM), { columns: 100 });
  await type(app, 'Hi');
  await untilFrame(app, (frame) => bar(frame).includes('2/4096'));
  await press(app, 'a'.repeat(4094)); // 4096: one message still
  await untilFrame(app, (frame) => bar(frame).includes('4096/4096'));
  await press(app, ' b');
  await untilFrame(app, (frame) => bar(frame).includes('4098 chars · 2 parts'));
  expect(bar(app.lastFrame())).not.toContain('too long');
});

test('the Telegram part count follows the server’s cuts, at a paragraph break rather than at 4096', async () => {
  const { app } = await start(deskWith('telegram', TELEGRAM), { columns: 100, lang: 'ru' });
  // Three paragraphs of 2500 (7504 in all, which 4096s would hold in two): each cut falls on a
  // paragraph break, and two paragraphs do not fit in one message, so three parts.
  await press(app, ['x'.repeat(2500), 'y'.repeat(2500), 'z'.repeat(2500)].join('\n\n'));
  await untilFrame(app, (frame) => bar(frame).includes('7504 симв. · 3 части'));
});

test('a VK draft counts against 4096 and is too long past it', async () => {
  const { app } = await start(deskWith('vk', VK), { columns: 100 });
  await press(app, 'a'.repeat(4096));
  await untilFrame(app, (frame) => bar(frame).includes('4096/4096'));
  await press(app, 'a');
  await untilFrame(app, (frame) => bar(frame).includes('✗ 4097/4096: too long'));
});

test('an e-mail draft counts against the desk’s own limit, with no SMS count and no files warning', async () => {
  const { app } = await start(deskWith('email', EMAIL), { columns: 100 });
  await type(app, 'Hello');
  await untilFrame(app, (frame) => bar(frame).includes('5/16000'));
  expect(bar(app.lastFrame())).not.toContain('SMS');
  expect(bar(app.lastFrame())).not.toContain('no files');
});

test('a dialog on a channel without files says so on the bar, even before typing', async () => {
  const { app } = await start(deskWith('sms', SMS), { columns: 100 });
  await untilFrame(app, (frame) => bar(frame).includes('── no files on SMS'));
  await type(app, 'Hi');
  await untilFrame(app, (frame) => bar(frame).includes('1 SMS · 2/160 · no files on SMS'));
});

test('/attach on an SMS dialog is refused with the reason, and sends nothing', async () => {
  const desk = deskWith('sms', SMS);
  const { app } = await start(desk, { columns: 100 });
  await untilFrame(app, (frame) => bar(frame).includes('no files on SMS'));
  await press(app, '/attach /etc/hostname', KEYS.enter);
  await untilFrame(app, (frame) => frame.includes('✗ no files on SMS: send the text, or a link to the file'));
  expect(desk.calls.filter((c) => c.method === 'upload' || c.method === 'send')).toEqual([]);
});

test('a private note is not counted: it never leaves the desk', async () => {
  const { app } = await start(deskWith('vk', VK), { columns: 100 });
  await press(app, '/note', KEYS.enter);
  await type(app, 'for colleagues');
  await untilFrame(app, (frame) => frame.includes('for colleagues') && bar(frame).includes('PRIVATE NOTE'));
  expect(bar(app.lastFrame())).not.toMatch(/\d+\/4096/);
});

test('a server that tells no limits gets no count, rather than numbers the console made up', async () => {
  const { app } = await start(deskWith('sms', null), { columns: 100 });
  await type(app, 'Hello');
  await untilFrame(app, (frame) => frame.includes('Hello'));
  expect(bar(app.lastFrame())).not.toContain('SMS ·');
  expect(bar(app.lastFrame())).not.toContain('/160');
});
