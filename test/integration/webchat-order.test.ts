// Issue 13 §6 and §3 over a real web chat socket: a visitor's first message is acknowledged before
// anything the desk says in reply to it reaches the widget, and an operator's reply leaves the
// desk as plain text without control characters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startWebchatDesk, type WebchatDesk } from '../helpers/webchat-desk';

let desk: WebchatDesk;
let olga: OperatorSession;
const visitor = () => desk.visitor();

beforeAll(async () => {
  desk = await startWebchatDesk();
  ({ olga } = desk);
});

afterAll(() => desk.close());

describe('web chat frame order', () => {
  it('acks a first message before the greeting and the "operator joined" notice', async () => {
    const v = await visitor();
    await v.hello();
    const from = v.frames.length;
    await v.say('first', 'Hello, is anyone there?');
    // The greeting and the operator's arrival are committed with the message (an operator is free).
    await v.waitFor(() => v.frames.length - from >= 3);
    const seen = v.frames.slice(from).map((f) => (f.type === 'message' ? `${f.message.author.type}` : f.type));
    expect(seen).toEqual(['ack', 'bot', 'bot']);
  });
});

describe('outbound text', () => {
  it('strips control characters from an operator reply before it leaves, and stores what left', async () => {
    const v = await visitor();
    await v.hello();
    const ack = await v.say('q-1', 'Where is my order?');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    const sent = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-controls',
      text: 'On its way\x1b]0;PWNED\x07 \u009b31mtoday\x7f.\r\nTrack:\tTD-1',
    });
    const expected = 'On its way]0;PWNED 31mtoday.\nTrack:\tTD-1';
    expect(sent.text).toBe(expected);
    const pushed = await v.waitFor((f) => f.type === 'message' && f.message.author.type === 'operator');
    expect(pushed.type === 'message' && pushed.message.text).toBe(expected);
  });

  it('keeps a private note as written: it never leaves the desk', async () => {
    const v = await visitor();
    await v.hello();
    const ack = await v.say('q-2', 'Hi');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    const note = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'note-controls',
      text: 'customer pasted \x1b[31m',
      private: true,
    });
    expect(note.text).toBe('customer pasted \x1b[31m');
  });
});
