// The composer's count on the real server (issue 16): an SMS dialog's limits come with
// operator.replyWindow from the SMS adapter, and the console counts against them and refuses
// /attach, with nothing of the SMS numbers written in the console itself.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { isAssigned } from '../helpers/operator-session';
import { startSmsDesk, type SmsDesk } from '../helpers/sms-channel';
import { logInConsole, untilServerFrame, type LoggedInConsole } from './console-on-server';
import { KEYS, press } from './helpers';

let desk: SmsDesk;
let ui: LoggedInConsole;
let conversationId: string;

beforeAll(async () => {
  desk = await startSmsDesk('sqlite');
  expect(await desk.smsc.mo('79001234567', 'Где мой заказ?')).toEqual([0]);
  const assigned = await desk.olga.waitFor(isAssigned());
  conversationId = assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
  ui = await logInConsole(desk.t.server.wsUrl, 'olga', 'olga-password', 'en', 160);
});

afterAll(async () => {
  await ui?.close();
  await desk?.close();
});

const bar = (frame: string) => frame.split('\n').find((line) => line.includes('→ #1')) ?? '';

test('the server tells the SMS dialog’s limits with its reply window', async () => {
  const window = await desk.olga.api.operator.replyWindow.query({ conversationId });
  expect(window.limits).toEqual({ maxText: 670, partLength: null, smsParts: true, files: false });
});

test('the composer counts SMS parts and says files do not go, then /attach is refused', async () => {
  await untilServerFrame(ui.app, (frame) => frame.includes('Где мой заказ?') && bar(frame).includes('no files on SMS'));
  for (const char of 'Hi') await press(ui.app, char);
  await untilServerFrame(ui.app, (frame) => bar(frame).includes('1 SMS · 2/160 · no files on SMS'));
  for (let i = 0; i < 2; i++) await press(ui.app, KEYS.backspace);
  await press(ui.app, '/attach /etc/hostname', KEYS.enter);
  await untilServerFrame(ui.app, (frame) => frame.includes('✗ no files on SMS: send the text, or a link to the file'));
  const transcript = await desk.olga.api.operator.messages.query({ conversationId });
  expect(transcript.filter((m) => m.author.type === 'operator')).toEqual([]);
});
