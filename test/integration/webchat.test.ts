// The web chat channel end to end: a visitor's widget over a real WebSocket, an operator over
// the real tRPC client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorToken } from '../../server/channels/webchat/visitor-sockets';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import type { TestServer } from '../helpers/server';
import { startWebchatDesk, type WebchatDesk } from '../helpers/webchat-desk';
import { WebchatVisitor } from '../helpers/webchat-visitor';

let desk: WebchatDesk;
let t: TestServer;
let olga: OperatorSession;
let secret: string;
const visitor = () => desk.visitor();

beforeAll(async () => {
  desk = await startWebchatDesk();
  ({ t, olga, secret } = desk);
});

afterAll(() => desk.close());

describe('web chat channel', () => {
  it('carries a visitor’s message to the operator and pushes the reply back', async () => {
    const v = await visitor();
    const welcome = await v.hello({ name: 'Guest' });
    expect(welcome.type).toBe('welcome');
    const ack = await v.say('w-1', 'Is delivery free?');
    expect(ack).toMatchObject({ type: 'ack', id: 'w-1', duplicate: false });
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    await olga.waitFor(isMessage('Is delivery free?'));
    await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-webchat-1', text: 'Yes, over 50 €.' });
    const pushed = await v.waitFor((f) => f.type === 'message' && f.message.text === 'Yes, over 50 €.');
    expect(pushed.type === 'message' && pushed.message.author).toEqual({ type: 'operator', name: 'Ольга' });
    // The bot greeted first, in order.
    const texts = v.frames.flatMap((f) => (f.type === 'message' ? [f.message.author.type] : []));
    expect(texts).toEqual(['bot', 'bot', 'operator']);
  });

  it('acknowledges a retried message once, as a duplicate', async () => {
    const v = await visitor();
    await v.hello();
    const first = await v.say('same-id', 'hello twice');
    const again = await v.say('same-id', 'hello twice');
    expect(again).toMatchObject({ type: 'ack', duplicate: true });
    expect(first.type === 'ack' && again.type === 'ack' && first.messageId === again.messageId).toBe(true);
  });

  it('recognises a retry while the conversation is open and after it was resolved, storing it once', async () => {
    const v = await visitor();
    await v.hello();
    const first = await v.say('k-1', 'first');
    await v.say('k-2', 'second');
    const messageId = first.type === 'ack' ? first.messageId : '';
    expect(await v.say('k-1', 'first')).toMatchObject({ type: 'ack', duplicate: true, messageId });

    const conversationId = first.type === 'ack' ? first.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    await olga.api.operator.resolve.mutate({ conversationId });
    expect(await v.say('k-1', 'first')).toMatchObject({ type: 'ack', duplicate: true, messageId });
    const { store } = t.server.desk.ctx;
    const stored = await store.all(store.q.messagesOfConversation, { conversation_id: conversationId, limit: 50 });
    expect(stored.filter((m) => m.text === 'first')).toHaveLength(1);
  });

  it('replays what a returning visitor missed, without private notes', async () => {
    const v = await visitor();
    const welcome = await v.hello();
    const token = welcome.type === 'welcome' ? welcome.visitorToken : '';
    const ack = await v.say('r-1', 'first visit');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    const lastSeen = (v.frames.filter((f) => f.type === 'message').at(-1) as { message: { id: string } }).message.id;
    v.close();
    await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'note-webchat-1',
      text: 'internal: VIP',
      private: true,
    });
    await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-webchat-2',
      text: 'While you were away: done.',
    });

    const back = await visitor();
    const again = await back.hello({ visitorToken: token, since: lastSeen });
    expect(again.type === 'welcome' && again.history.map((m) => m.text)).toEqual(['While you were away: done.']);
    // The same visitor continues the same conversation.
    const next = await back.say('r-2', 'thanks');
    expect(next.type === 'ack' && next.conversationId).toBe(conversationId);
  });

  it('accepts a token the site minted for its user, and refuses a forged one', async () => {
    const v = await visitor();
    const welcome = await v.hello({ visitorToken: visitorToken('user-42', secret) });
    expect(welcome).toMatchObject({ type: 'welcome', contactId: 'user-42' });
    const forged = await visitor();
    const refused = await forged.hello({ visitorToken: visitorToken('user-42', 'not-the-secret') });
    expect(refused).toMatchObject({ type: 'error', error: expect.stringMatching(/does not match/) });
    expect(await forged.say('x', 'hi')).toMatchObject({ type: 'error', error: 'say hello first' });
  });

  it('names what is wrong with a bad frame and stores nothing', async () => {
    const before = (await t.admin.supervisor.snapshot.query()).lastEventId;
    const v = await visitor();
    await v.hello();
    v.sendRaw('{nope');
    await v.waitFor((f) => f.type === 'error' && /not valid JSON/.test(f.error));
    v.sendRaw({ type: 'message', id: 'e1', text: '' });
    await v.waitFor((f) => f.type === 'error' && /text/.test(f.error));
    expect((await t.admin.supervisor.snapshot.query()).lastEventId).toBe(before);
  });

  it('refuses to upgrade for an unknown or non-web-chat channel', async () => {
    await expect(WebchatVisitor.open(t.server.wsUrl, 'nope')).rejects.toThrow(/404/);
  });
});
