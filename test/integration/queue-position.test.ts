// Live queue position and expected wait (issue 17 §4) on the real server, on simulated time:
// waiting customers hear their new place only when it moved enough AND long enough after the
// last update (web chat: every place, at most every 30 s; messengers: every 3rd place, at most
// every 2 min), with the wait from the queue's measured service rate; an e-mail gets one
// acknowledgement with its expected answer time and no position updates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { VirtualTime } from '../helpers/virtual-time';

const SECOND = 1000;

let t: TestServer;
let time: VirtualTime;
let supervisor: OperatorSession;
let sessions: OperatorSession[];
const secrets = new Map<string, string>();
let counter = 0;

beforeEach(async () => {
  sessions = [];
  time = new VirtualTime(Date.UTC(2026, 0, 5, 9));
  t = await startTestServer({}, { now: time.now }, { timer: time.schedule });
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
  await t.admin.admin.createQueue.mutate({ id: 'other', name: 'Other', skills: ['other'] });
  for (const [id, medium, queueId] of [
    ['site', 'chat', 'support'],
    ['chatapp', 'messenger', 'support'],
    ['mail', 'email', 'support'],
    // Where the test's markers go: an SMS channel in a queue of its own, which is never told anything.
    ['marker', 'sms', 'other'],
  ] as const) {
    const { secret } = await t.admin.admin.createChannel.mutate({ id, name: id, queueId, medium });
    secrets.set(id, secret);
  }
  supervisor = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, { subscribe: 'supervisor' });
  sessions.push(supervisor);
});

afterEach(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await t.close();
});

/** An operator who is away until the test makes them available. */
async function awayOperator(login: string, capacity: number): Promise<OperatorSession> {
  await t.admin.admin.createOperator.mutate({ login, name: login, password: `${login}-password`, capacity });
  const session = await OperatorSession.connect(t.server, login, `${login}-password`);
  sessions.push(session);
  await session.api.operator.setStatus.mutate({ status: 'away' });
  return session;
}

async function customerWrites(channelId: string, contact: string, text = `hello from ${contact}`): Promise<string> {
  const result = await postCustomerMessage(t.server.url, channelId, secrets.get(channelId)!, {
    id: `msg-${++counter}`,
    contact: { id: contact },
    text,
  });
  expect(result.status).toBe(202);
  return result.body.conversationId as string;
}

/**
 * Moves simulated time, then waits until everything the server did meanwhile has reached the
 * supervisor's feed: a marker message committed after it arrives after it.
 */
async function advance(ms: number): Promise<void> {
  await time.advance(ms);
  const text = `marker ${++counter}`;
  await customerWrites('marker', `marker-${counter}`, text);
  await supervisor.waitFor(isMessage(text));
}

/** The bot's texts about the queue that the customer of `conversationId` got so far, in order. */
function queueNotices(conversationId: string): string[] {
  return supervisor.events
    .filter(
      (e): e is Extract<DeskEventEnvelope, { type: 'message.created' }> =>
        e.type === 'message.created' &&
        e.message.conversationId === conversationId &&
        (e.message.notice === 'queuePosition' || e.message.notice === 'queueUpdate'),
    )
    .map((e) => e.message.text);
}

function notices(conversationId: string, notice: string): string[] {
  return supervisor.events.flatMap((e) =>
    e.type === 'message.created' && e.message.conversationId === conversationId && e.message.notice === notice
      ? [e.message.text]
      : [],
  );
}

describe('queue position updates on the real server', () => {
  it('web chat: tells each waiting customer their new place once 30 s have passed since the last update', async () => {
    const olga = await awayOperator('olga', 1);
    const [a, b, c] = [
      await customerWrites('site', 'a'),
      await customerWrites('site', 'b'),
      await customerWrites('site', 'c'),
    ];
    await advance(10 * SECOND);
    await olga.api.operator.setStatus.mutate({ status: 'available' });
    await olga.waitFor(isAssigned(a));
    // b and c moved up one place (enough on web chat), but only 10 s after their arrival's notice.
    await advance(5 * SECOND);
    expect(queueNotices(b)).toEqual(['You are number 2 in the queue.']);
    expect(queueNotices(c)).toEqual(['You are number 3 in the queue.']);
    // At 30 s after arrival: told, with the wait from one assignment in the first minute (1 a minute).
    await advance(15 * SECOND);
    await supervisor.waitFor(isMessage('You are number 2 in the queue. Expected wait: about 2 minutes.'));
    expect(queueNotices(b)).toEqual([
      'You are number 2 in the queue.',
      'You are number 1 in the queue. Expected wait: about 1 minute.',
    ]);
    expect(queueNotices(c)).toHaveLength(2);
    // Nothing moves: nothing more is said, however long they wait.
    await advance(120 * SECOND);
    expect(queueNotices(b)).toHaveLength(2);
    expect(queueNotices(c)).toHaveLength(2);
    expect(queueNotices(a)).toEqual(['You are number 1 in the queue.']);
  });

  it('web chat: a place that moves after the 30 s is told on the queue change itself', async () => {
    const olga = await awayOperator('olga', 1);
    const [a, b] = [await customerWrites('site', 'a'), await customerWrites('site', 'b')];
    await advance(60 * SECOND);
    await olga.api.operator.setStatus.mutate({ status: 'available' });
    await olga.waitFor(isAssigned(a));
    await advance(0);
    await supervisor.waitFor(isMessage('You are number 1 in the queue. Expected wait: about 1 minute.'));
    expect(queueNotices(b)).toHaveLength(2);
  });

  it('messenger: tells a new place only once it moved 3 places and 2 minutes passed', async () => {
    const max = await awayOperator('max', 2);
    const ids: string[] = [];
    for (const contact of ['m1', 'm2', 'm3', 'm4', 'm5']) ids.push(await customerWrites('chatapp', contact));
    await advance(10 * SECOND);
    await max.api.operator.setStatus.mutate({ status: 'available' });
    await max.waitFor(isAssigned(ids[1]));
    // m3, m4, m5 moved up two places: not enough, whatever the time.
    await advance(300 * SECOND);
    for (const id of ids.slice(2)) expect(queueNotices(id)).toHaveLength(1);
    // A third place: m4 and m5 are told (m3 is assigned, and hears no more about the queue).
    await max.api.operator.resolve.mutate({ conversationId: ids[0], outcome: 'solved' });
    await max.waitFor(isAssigned(ids[2]));
    await advance(SECOND);
    // Three assignments, two of them past the 5 min window: the hour's rate, 3 in the 5.2 min
    // the server has run, 0.58 a minute: number 1 waits 1.7 min, number 2 3.5 min (rounded up).
    expect(queueNotices(ids[3])).toEqual([
      'You are number 4 in the queue.',
      'You are number 1 in the queue. Expected wait: about 2 minutes.',
    ]);
    expect(queueNotices(ids[4])).toEqual([
      'You are number 5 in the queue.',
      'You are number 2 in the queue. Expected wait: about 4 minutes.',
    ]);
    expect(queueNotices(ids[2])).toEqual(['You are number 3 in the queue.']);
  });

  it('a letter served ahead of a web chat in the same queue moves the chat up', async () => {
    // Answered within 30 s, the letter waits ahead of the chat (due in a minute). Capacity 1:
    // the letter (weight 0.5) is taken, the chat (weight 1) no longer fits.
    const { secret } = await t.admin.admin.createChannel.mutate({
      id: 'fastmail',
      name: 'fastmail',
      queueId: 'support',
      medium: 'email',
      slaFirstResponseMs: 30 * SECOND,
    });
    secrets.set('fastmail', secret);
    const olga = await awayOperator('olga', 1);
    const letter = await customerWrites('fastmail', 'reader@example.com');
    const chat = await customerWrites('site', 'chat');
    await advance(0); // the queue is looked at once with both waiting
    await olga.api.operator.setStatus.mutate({ status: 'available' });
    await olga.waitFor(isAssigned(letter));
    await advance(30 * SECOND);
    await supervisor.waitFor(isMessage('You are number 1 in the queue. Expected wait: about 1 minute.'));
    expect(queueNotices(chat)).toEqual([
      'You are number 2 in the queue.',
      'You are number 1 in the queue. Expected wait: about 1 minute.',
    ]);
  });

  it('a letter moved ahead of a chat to another queue moves the chat up', async () => {
    const { secret } = await t.admin.admin.createChannel.mutate({
      id: 'fastmail',
      name: 'fastmail',
      queueId: 'support',
      medium: 'email',
      slaFirstResponseMs: 30 * SECOND,
    });
    secrets.set('fastmail', secret);
    const letter = await customerWrites('fastmail', 'reader@example.com');
    const chat = await customerWrites('site', 'chat');
    await advance(30 * SECOND);
    await t.admin.operator.transfer.mutate({ conversationId: letter, to: { queueId: 'other' } });
    await advance(SECOND);
    // No assignment yet, so no rate: the place alone.
    expect(queueNotices(chat)).toEqual(['You are number 2 in the queue.', 'You are number 1 in the queue.']);
  });

  it('after a restart, a waiting customer still hears their new place, counted from where they were at start', async () => {
    await awayOperator('olga', 1);
    const [a, b] = [await customerWrites('site', 'a'), await customerWrites('site', 'b')];
    await Promise.all(sessions.splice(0).map((s) => s.close()));
    await t.restart();
    supervisor = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, { subscribe: 'supervisor' });
    const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    sessions.push(supervisor, olga);
    await olga.api.operator.setStatus.mutate({ status: 'available' });
    await olga.waitFor(isAssigned(a));
    await advance(29 * SECOND);
    expect(queueNotices(b)).toEqual([]);
    await advance(SECOND);
    await supervisor.waitFor(isMessage('You are number 1 in the queue. Expected wait: about 1 minute.'));
  });

  it('e-mail: one acknowledgement with the expected answer time, and no position updates', async () => {
    const olga = await awayOperator('olga', 1);
    const first = await customerWrites('site', 'chat-first');
    const letter = await customerWrites('mail', 'reader@example.com');
    await customerWrites('mail', 'reader@example.com', 'and one more thing');
    expect(notices(letter, 'expectedAnswer')).toEqual(['Thank you for your letter. We will answer within 4 hours.']);
    await advance(60 * SECOND);
    await olga.api.operator.setStatus.mutate({ status: 'available' });
    await olga.waitFor(isAssigned(first));
    await advance(600 * SECOND);
    expect(notices(letter, 'expectedAnswer')).toHaveLength(1);
    expect(notices(letter, 'queueUpdate')).toEqual([]);
    expect(notices(letter, 'queuePosition')).toHaveLength(1);
  });
});
