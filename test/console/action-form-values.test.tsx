// Review of the action forms: their fields were kept in screen form (control characters in caret
// notation), so a phone pre-filled from the customer's card went back to the server as
// "^[]0;x^G" and pasted text was sent as it was drawn. A field now holds what was typed or
// pre-filled and only its drawing goes through the terminal allow-list.
import { afterEach, expect, test } from 'vitest';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

/** Any control character but an SGR colour sequence, which Ink may draw for the cursor. */
const RAW_CONTROL = /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e]/;

test("a phone pre-filled from the customer's card is drawn inert and sent as stored", async () => {
  const desk = desk3();
  desk.customerPhone = '+7 900 123-45-67\x1b]0;x\x07';
  const { app } = await start(desk);
  await press(app, KEYS.ctrl('l'));
  await untilFrame(app, (f) => f.includes('Conversations on every channel'));
  await press(app, KEYS.alt('c'));
  const form = await untilFrame(app, (f) => f.includes('Request a voice call-back'));
  expect(form).toMatch(/›Phone:\s*\+7 900 123-45-67\^\[\]0;x\^G/);
  expect(form).not.toMatch(RAW_CONTROL);
  await press(app, KEYS.enter);
  await untilFrame(app, (f) => f.includes('Call-back requested'));
  expect(desk.callsOf('requestCallback')).toEqual([
    { conversationId: 'late', phone: '+7 900 123-45-67\x1b]0;x\x07', reason: '' },
  ]);
});

test('text typed and pasted into a field is sent as typed, not as drawn', async () => {
  const desk = desk3();
  const { app } = await start(desk);
  await press(app, KEYS.ctrl('r'));
  await type(app, 'vip ');
  await press(app, 'по \u202eзаказу\u202c'); // one paste, with bidi controls
  expect(app.lastFrame()).toMatch(/›Tag:\s*vip по <RLO>заказу<PDF>/);
  expect(app.lastFrame()).not.toMatch(RAW_CONTROL);
  await press(app, KEYS.enter);
  await untilFrame(app, (f) => f.includes('Resolved'));
  expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late', tag: 'vip по \u202eзаказу\u202c' }]);
});
