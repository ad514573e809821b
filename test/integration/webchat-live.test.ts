// Typing indicators and read receipts both ways (issue 15), on the real server with the real tRPC
// client as the operator and a real WebSocket as the visitor: typing is passed on and throttled
// but never stored or replayed; read markers are stored on both stores and survive a restart.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import type { WebchatServerFrame } from '../../shared/webchat-schemas';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';
import { WebchatVisitor } from '../helpers/webchat-visitor';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function desk(store: 'sqlite' | 'postgres' = 'sqlite') {
  const t = await startTestServer({ store });
  cleanups.push(() => t.close());
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({ id: 'widget', name: 'Site', queueId: 'general', adapter: 'webchat' });
  const olga = await session(t, 'olga', 'olga-password');
  return { t, olga };
}

async function session(t: TestServer, login: string, password: string) {
  const s = await OperatorSession.connect(t.server, login, password);
  cleanups.push(() => s.close());
  return s;
}

async function visitor(t: TestServer) {
  const v = await WebchatVisitor.open(t.server.wsUrl, 'widget');
  cleanups.push(() => v.close());
  return v;
}

/** A visitor whose first message was assigned to Olga: its conversation and message ids. */
async function chatting(t: TestServer, olga: OperatorSession, text = 'Здравствуйте') {
  const v = await visitor(t);
  const welcome = await v.hello();
  const ack = await v.say('w-1', text);
  if (ack.type !== 'ack') throw new Error(`message refused: ${JSON.stringify(ack)}`);
  await olga.waitFor(isAssigned(ack.conversationId));
  return { v, welcome, conversationId: ack.conversationId, messageId: ack.messageId };
}

const isTyping = (conversationId: string) => (e: DeskEventEnvelope) =>
  e.type === 'conversation.typing' && e.conversationId === conversationId;
const framesOf = (v: WebchatVisitor, type: WebchatServerFrame['type']) => v.frames.filter((f) => f.type === type);

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  it('passes typing both ways, stores read markers both ways, and shows them after a restart', async () => {
    const { t, olga } = await desk(store);
    const { v, welcome, conversationId, messageId } = await chatting(t, olga);
    expect(welcome.type === 'welcome' && welcome.read).toBeUndefined();

    // Visitor → operator: an ephemeral event with the seq of the event before it.
    const before = olga.items.at(-1)!.id;
    v.sendRaw({ type: 'typing' });
    const typing = await olga.waitFor(isTyping(conversationId));
    expect(typing).toMatchObject({ active: true });
    expect(String(typing.seq)).toBe(before);

    // Operator → visitor.
    expect(await olga.api.operator.typing.mutate({ conversationId })).toEqual({ shown: true });
    expect(await v.waitFor((f) => f.type === 'typing')).toEqual({ type: 'typing', name: 'Ольга' });

    // The operator reads: stored, and the visitor is told.
    const read = await olga.api.operator.markRead.mutate({ conversationId, upTo: messageId });
    expect(read.operatorReadUpTo).toBe(messageId);
    expect(await v.waitFor((f) => f.type === 'read')).toEqual({ type: 'read', upTo: messageId });

    // The visitor reads the operator's answer: the operator's feed has the dialog with the marker.
    const answer = await olga.api.operator.send.mutate({ conversationId, clientId: 'answer-1', text: 'Добрый день!' });
    await v.waitFor((f) => f.type === 'message' && f.message.id === answer.id);
    v.sendRaw({ type: 'read', upTo: answer.id });
    await olga.waitFor((e) => e.type === 'conversation.updated' && e.conversation.customerReadUpTo === answer.id);

    // A marker never moves back.
    await olga.api.operator.markRead.mutate({ conversationId, upTo: messageId });
    const snapshot = await olga.api.operator.snapshot.query();
    expect(snapshot.conversations.find((c) => c.id === conversationId)).toMatchObject({
      operatorReadUpTo: messageId,
      customerReadUpTo: answer.id,
    });

    // The typing events were never stored: a feed replayed from the start has none.
    const replay = await OperatorSession.connect(t.server, 'olga', 'olga-password', { lastEventId: '0' });
    cleanups.push(() => replay.close());
    await replay.waitFor((e) => e.type === 'conversation.updated' && e.conversation.customerReadUpTo === answer.id);
    expect(replay.events.filter((e) => e.type === 'conversation.typing')).toEqual([]);

    const token = welcome.type === 'welcome' ? welcome.visitorToken : '';
    await t.restart();
    const after = await session(t, 'olga', 'olga-password');
    const restored = (await after.api.operator.snapshot.query()).conversations.find((c) => c.id === conversationId);
    expect(restored).toMatchObject({ operatorReadUpTo: messageId, customerReadUpTo: answer.id });
    const back = await visitor(t);
    const again = await back.hello({ visitorToken: token });
    expect(again).toMatchObject({ type: 'welcome', read: messageId });
  });
});

describe('typing and read frames', () => {
  it('a flood of typing frames is throttled and breaks nothing', async () => {
    const { t, olga } = await desk();
    const { v, conversationId } = await chatting(t, olga);
    for (let i = 0; i < 300; i++) v.sendRaw({ type: 'typing' });
    // Frames of one socket are handled in order: once this message is in, the flood was handled.
    const ack = await v.say('w-2', 'ещё вопрос');
    expect(ack.type).toBe('ack');
    await olga.waitFor((e) => e.type === 'message.created' && e.message.text === 'ещё вопрос');
    const passed = olga.events.filter(isTyping(conversationId)).length;
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(passed).toBeLessThanOrEqual(2);
    expect(framesOf(v, 'error')).toEqual([]);
    // "Stopped" passes at once after "typing", so the console hides the mark without waiting.
    v.sendRaw({ type: 'typing', active: false });
    await olga.waitFor((e) => isTyping(conversationId)(e) && e.type === 'conversation.typing' && !e.active);
  });

  it('malformed typing and read frames get an error and change nothing', async () => {
    const { t, olga } = await desk();
    const early = await visitor(t);
    early.sendRaw({ type: 'typing' });
    expect(await early.waitFor((f) => f.type === 'error')).toMatchObject({ error: 'say hello first' });

    const { v, conversationId } = await chatting(t, olga);
    const other = await chatting(t, olga, 'Другой посетитель');
    const bad: unknown[] = [
      { type: 'typing', active: 'yes' },
      { type: 'typing', extra: 1 },
      { type: 'read' },
      { type: 'read', upTo: 42 },
      { type: 'read', upTo: 'x'.repeat(5000) },
      { type: 'read', upTo: 'a\u0000b' },
      // Another visitor's message is not this visitor's to mark.
      { type: 'read', upTo: other.messageId },
      { type: 'read', upTo: 'no-such-message' },
    ];
    for (const frame of bad) {
      const from = v.frames.length;
      v.sendRaw(frame);
      const error = await v.waitFor((f) => v.frames.indexOf(f) >= from && f.type === 'error');
      expect(error, JSON.stringify(frame).slice(0, 80)).toMatchObject({ type: 'error' });
    }
    const snapshot = await olga.api.operator.snapshot.query();
    expect(snapshot.conversations.find((c) => c.id === conversationId)?.customerReadUpTo).toBeNull();
    expect(olga.events.filter((e) => e.type === 'conversation.typing')).toEqual([]);
    // The socket is still good.
    expect((await v.say('w-9', 'всё ещё здесь')).type).toBe('ack');
  });

  it('only the operator who holds the dialog may type in it or mark it read', async () => {
    const { t, olga } = await desk();
    await t.admin.admin.createOperator.mutate({ login: 'petr', name: 'Пётр', password: 'petr-password' });
    const petr = await session(t, 'petr', 'petr-password');
    // Away, so that both dialogs go to Olga.
    await petr.api.operator.setStatus.mutate({ status: 'away' });
    const { v, conversationId, messageId } = await chatting(t, olga);
    const other = await chatting(t, olga, 'Другой');
    expect(await codeOf(petr.api.operator.typing.mutate({ conversationId }))).toBe('FORBIDDEN');
    expect(await codeOf(petr.api.operator.markRead.mutate({ conversationId, upTo: messageId }))).toBe('FORBIDDEN');
    // A message of another dialog is not a marker of this one.
    expect(await codeOf(olga.api.operator.markRead.mutate({ conversationId, upTo: other.messageId }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(olga.api.operator.markRead.mutate({ conversationId, upTo: '' }))).toBe('BAD_REQUEST');
    expect(await codeOf(olga.api.operator.typing.mutate({ conversationId: 'x'.repeat(500) }))).toBe('BAD_REQUEST');
    const snapshot = await olga.api.operator.snapshot.query();
    expect(snapshot.conversations.find((c) => c.id === conversationId)?.operatorReadUpTo).toBeNull();
    expect(framesOf(v, 'typing')).toEqual([]);
    expect(framesOf(v, 'read')).toEqual([]);
  });

  it('typing on a channel that cannot show it is a success that shows nothing', async () => {
    const { t, olga } = await desk();
    const { secret } = await t.admin.admin.createChannel.mutate({ id: 'api', name: 'API', queueId: 'general' });
    const posted = await postCustomerMessage(t.server.url, 'api', secret, {
      id: 'ext-1',
      contact: { id: 'c-1' },
      text: 'Hello',
    });
    const conversationId = posted.body.conversationId as string;
    await olga.waitFor(isAssigned(conversationId));
    expect(await olga.api.operator.typing.mutate({ conversationId })).toEqual({ shown: false });
  });
});
