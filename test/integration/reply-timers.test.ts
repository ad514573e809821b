// Issue 17 §2, §3 on the real server with simulated time: a dialog its operator leaves unanswered
// goes back to its queue ahead of newcomers and to someone else; a silent customer is asked
// "anything else?" and then closed as idle, freeing the slot; /hold stops that.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { VirtualTime } from '../helpers/virtual-time';

const NO_REPLY = 120_000;
const ASK = 60_000;
const CLOSE = 120_000;

const isRemoved = (conversationId: string, reason: string) => (e: DeskEventEnvelope) =>
  e.type === 'conversation.removed' && e.conversationId === conversationId && e.reason === reason;
const isNotice = (conversationId: string, notice: string) => (e: DeskEventEnvelope) =>
  e.type === 'message.created' && e.message.conversationId === conversationId && e.message.notice === notice;
const isResolved = (conversationId: string) => (e: DeskEventEnvelope) =>
  e.type === 'conversation.updated' && e.conversation.id === conversationId && e.conversation.status === 'resolved';

describe.each(['sqlite', 'postgres'] as const)('reply timers on %s', { timeout: 30_000 }, (store) => {
  let t: TestServer;
  let time: VirtualTime;
  let secret: string;
  let sessions: OperatorSession[];
  let supervisor: OperatorSession;
  let counter = 0;

  beforeEach(async () => {
    sessions = [];
    time = new VirtualTime(Date.UTC(2025, 0, 6, 12));
    t = await startTestServer({ store, graceMs: 3_600_000 }, { now: time.now }, { timer: time.schedule });
    await t.admin.admin.createQueue.mutate({ id: 'sales', name: 'Sales', noReplyMs: NO_REPLY });
    ({ secret } = await t.admin.admin.createChannel.mutate({
      id: 'site',
      name: 'Site',
      queueId: 'sales',
      idleAskMs: ASK,
      idleCloseMs: CLOSE,
    }));
    supervisor = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, { subscribe: 'supervisor' });
    sessions.push(supervisor);
  });

  afterEach(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await t.close();
  });

  async function operator(login: string, capacity: number) {
    await t.admin.admin.createOperator.mutate({ login, name: login, password: `${login}-password`, capacity });
    const session = await OperatorSession.connect(t.server, login, `${login}-password`);
    sessions.push(session);
    return session;
  }

  async function customerWrites(contact: string, text: string, channel = { id: 'site', secret }) {
    const result = await postCustomerMessage(t.server.url, channel.id, channel.secret, {
      id: `msg-${++counter}`,
      contact: { id: contact },
      text,
    });
    expect(result.status).toBe(202);
    return result.body.conversationId as string;
  }

  async function reply(session: OperatorSession, conversationId: string, text: string) {
    await session.api.operator.send.mutate({ conversationId, text, clientId: `client-${++counter}-000` });
  }

  it('an unanswered dialog goes to another operator with room, not back to the freer one who let it wait', async () => {
    const anna = await operator('anna', 3);
    const c1 = await customerWrites('a', 'hello?');
    const assigned = await anna.waitFor(isAssigned(c1));
    expect(assigned.type === 'conversation.assigned' && assigned.conversation.noReplyDueAt).toBe(time.now() + NO_REPLY);
    const boris = await operator('boris', 1);
    await time.advance(NO_REPLY - 1);
    expect(anna.events.some(isRemoved(c1, 'no-reply'))).toBe(false);
    await time.advance(1);
    // Anna's console learns why it lost the dialog; Boris, with less room, gets it.
    await anna.waitFor(isRemoved(c1, 'no-reply'));
    await boris.waitFor(isAssigned(c1));
    const event = await supervisor.waitFor((e) => e.type === 'conversation.reassigned');
    expect(event).toMatchObject({
      conversationId: c1,
      operatorId: anna.operatorId,
      queueId: 'sales',
      reason: 'no-reply',
    });
    expect(anna.events.filter(isAssigned(c1))).toHaveLength(1);
  });

  it('returns ahead of a newcomer, and an answer in time stops the timer', async () => {
    const anna = await operator('anna', 1);
    const boris = await operator('boris', 1);
    const busy = await customerWrites('b', 'first');
    const holder = (await Promise.race([
      anna.waitFor(isAssigned(busy)).then(() => anna),
      boris.waitFor(isAssigned(busy)).then(() => boris),
    ])) as OperatorSession;
    const other = holder === anna ? boris : anna;
    const c1 = await customerWrites('a', 'hello?');
    await other.waitFor(isAssigned(c1));
    // The holder answers in time: its dialog stays. The other goes away without answering.
    await reply(holder, busy, 'on it');
    await other.api.operator.setStatus.mutate({ status: 'away' });
    // The newcomer's channel promises a faster first answer: by SLA alone it would go first.
    const urgent = await t.admin.admin.createChannel.mutate({
      id: 'urgent',
      name: 'Urgent',
      queueId: 'sales',
      slaFirstResponseMs: 1000,
    });
    const newcomer = await customerWrites('n', 'me too', { id: 'urgent', secret: urgent.secret });
    await time.advance(NO_REPLY);
    await other.waitFor(isRemoved(c1, 'no-reply'));
    expect(holder.events.some(isRemoved(busy, 'no-reply'))).toBe(false);
    // Room opens: the returned dialog is served before the newcomer, whose SLA falls due sooner.
    await holder.api.operator.resolve.mutate({ conversationId: busy });
    await holder.waitFor(isAssigned(c1));
    expect(holder.events.some(isAssigned(newcomer))).toBe(false);
  });

  it('asks "anything else?" after the silence, closes as idle after more, and frees the slot', async () => {
    const anna = await operator('anna', 1);
    const c1 = await customerWrites('a', 'question');
    await anna.waitFor(isAssigned(c1));
    const waiting = await customerWrites('w', 'waiting');
    await reply(anna, c1, 'answer');
    const repliedAt = time.now();
    await time.advance(ASK);
    const asked = await anna.waitFor(isNotice(c1, 'anythingElse'));
    expect(asked.at).toBe(repliedAt + ASK);
    await time.advance(CLOSE);
    await anna.waitFor(isNotice(c1, 'idleClosed'));
    await anna.waitFor(isRemoved(c1, 'resolved'));
    const closed = await supervisor.waitFor(isResolved(c1));
    expect(closed.type === 'conversation.updated' && closed.conversation.tag).toBe('idle');
    expect(closed.at).toBe(repliedAt + ASK + CLOSE);
    await anna.waitFor(isAssigned(waiting));
  });

  it('a customer message after "anything else?" cancels the close', async () => {
    const anna = await operator('anna', 1);
    const c1 = await customerWrites('a', 'question');
    await anna.waitFor(isAssigned(c1));
    await reply(anna, c1, 'answer');
    await time.advance(ASK);
    await anna.waitFor(isNotice(c1, 'anythingElse'));
    await customerWrites('a', 'yes, one more thing');
    await anna.waitFor(
      (e) => e.type === 'conversation.updated' && e.conversation.id === c1 && e.conversation.idleCloseAt === null,
    );
    await reply(anna, c1, 'sure');
    const secondReply = time.now();
    await time.advance(CLOSE);
    // The close was cancelled; the silence counts afresh from the latest answer.
    const again = await anna.waitFor((e) => isNotice(c1, 'anythingElse')(e) && e.at > secondReply);
    expect(again.at).toBe(secondReply + ASK);
    expect(anna.events.some(isRemoved(c1, 'resolved'))).toBe(false);
  });

  it('/hold pauses the idle close; resuming counts the silence from then', async () => {
    const anna = await operator('anna', 1);
    const c1 = await customerWrites('a', 'question');
    await anna.waitFor(isAssigned(c1));
    await reply(anna, c1, 'let me ask a colleague');
    const held = await anna.api.operator.hold.mutate({ conversationId: c1, on: true });
    expect(held).toMatchObject({ held: true, idleAskAt: null, idleCloseAt: null });
    await time.advance(10 * 60_000);
    const resumedAt = time.now();
    const resumed = await anna.api.operator.hold.mutate({ conversationId: c1, on: false });
    expect(resumed).toMatchObject({ held: false, idleAskAt: resumedAt + ASK, idleCloseAt: resumedAt + ASK + CLOSE });
    await time.advance(ASK);
    const asked = await anna.waitFor(isNotice(c1, 'anythingElse'));
    // Nothing was asked during the hold: the first question comes a full silence after the resume.
    expect(asked.at).toBe(resumedAt + ASK);
    expect(anna.events.filter(isNotice(c1, 'anythingElse'))).toHaveLength(1);
  });

  it('re-arms the idle close after a restart at the time it was due', async () => {
    const anna = await operator('anna', 1);
    const c1 = await customerWrites('a', 'question');
    await anna.waitFor(isAssigned(c1));
    await reply(anna, c1, 'answer');
    const repliedAt = time.now();
    await time.advance(ASK);
    await anna.waitFor(isNotice(c1, 'anythingElse'));
    await Promise.all(sessions.map((s) => s.close()));
    await t.restart();
    const watcher = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, { subscribe: 'supervisor' });
    sessions = [watcher];
    const [restored] = (await watcher.api.supervisor.snapshot.query()).conversations;
    expect(restored).toMatchObject({ id: c1, idleAskedAt: repliedAt + ASK, idleCloseAt: repliedAt + ASK + CLOSE });
    await time.advance(CLOSE);
    const closed = await watcher.waitFor(isResolved(c1));
    expect(closed.at).toBe(repliedAt + ASK + CLOSE);
  });
});
