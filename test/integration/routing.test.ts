// Routing as operators experience it through the real server: capacity, away, sticky reopen,
// the disconnect grace period and transfers.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
let secret: string;
let sessions: OperatorSession[];
let counter = 0;

beforeEach(async () => {
  sessions = [];
  t = await startTestServer({ graceMs: 400 });
  await t.admin.admin.createQueue.mutate({ id: 'sales', name: 'Sales' });
  await t.admin.admin.createQueue.mutate({ id: 'billing', name: 'Billing', skills: ['billing'] });
  ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'sales' }));
});

afterEach(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await t.close();
});

async function operator(login: string, opts: { capacity?: number; skills?: string[] } = {}) {
  await t.admin.admin.createOperator.mutate({
    login,
    name: login.toUpperCase(),
    password: `${login}-password`,
    capacity: opts.capacity ?? 2,
    skills: opts.skills ?? [],
  });
  const session = await OperatorSession.connect(t.server, login, `${login}-password`);
  sessions.push(session);
  return session;
}

/** The session the conversation was assigned to, whichever it is. */
function holderOf(conversationId: string): Promise<OperatorSession> {
  return Promise.race(sessions.map(async (s) => (await s.waitFor(isAssigned(conversationId)), s)));
}

async function customerWrites(contact: string, text: string) {
  const result = await postCustomerMessage(t.server.url, 'site', secret, {
    id: `msg-${++counter}`,
    contact: { id: contact },
    text,
  });
  expect(result.status).toBe(202);
  return result.body.conversationId as string;
}

describe('routing on the real server', () => {
  it('never gives an operator more dialogs than their capacity; the rest wait', async () => {
    const olga = await operator('olga', { capacity: 2 });
    const ids: string[] = [];
    for (const contact of ['a', 'b', 'c']) ids.push(await customerWrites(contact, `hello from ${contact}`));
    await olga.waitFor(isAssigned(ids[1]));
    const snapshot = await olga.api.operator.snapshot.query();
    expect(snapshot.conversations.map((c) => c.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(snapshot.operator.load).toBe(2);
    const waiting = (await t.admin.supervisor.snapshot.query()).conversations.find((c) => c.id === ids[2])!;
    expect(waiting.status).toBe('queued');
    // Closing one makes room: the waiting customer is served at once.
    await olga.api.operator.resolve.mutate({ conversationId: ids[0], outcome: 'solved' });
    await olga.waitFor(isAssigned(ids[2]));
  });

  it('gives the dialog to the operator with the most free capacity', async () => {
    const busy = await operator('busy', { capacity: 3 });
    const first = await customerWrites('x1', 'one');
    await busy.waitFor(isAssigned(first));
    const idle = await operator('idle', { capacity: 3 });
    const second = await customerWrites('x2', 'two');
    await idle.waitFor(isAssigned(second));
    expect(busy.events.some(isAssigned(second))).toBe(false);
  });

  it('takes no new dialogs while away, and resumes when available', async () => {
    const olga = await operator('olga');
    await olga.api.operator.setStatus.mutate({ status: 'away' });
    const id = await customerWrites('w', 'anyone?');
    expect((await t.admin.supervisor.snapshot.query()).conversations.find((c) => c.id === id)!.status).toBe('queued');
    await olga.api.operator.setStatus.mutate({ status: 'available' });
    await olga.waitFor(isAssigned(id));
  });

  it('reopens a resolved conversation for the same operator when the customer writes again', async () => {
    await operator('olga');
    await operator('pavel');
    const id = await customerWrites('sticky', 'first question');
    const holder = await holderOf(id);
    const firstAssignment = holder.events.find(isAssigned(id))!;
    await holder.api.operator.resolve.mutate({ conversationId: id });
    const again = await customerWrites('sticky', 'one more thing');
    expect(again).toBe(id);
    await holder.waitFor((e) => isAssigned(id)(e) && e.seq > firstAssignment.seq);
    const other = sessions.find((s) => s !== holder)!;
    expect(other.events.some(isAssigned(id))).toBe(false);
  });

  it('returns a disconnected operator’s dialogs to the queue after the grace period, ahead of newcomers', async () => {
    const supervisorFeed = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, {
      subscribe: 'supervisor',
    });
    sessions.push(supervisorFeed);
    const staying = await operator('staying', { capacity: 1 });
    await staying.api.operator.setStatus.mutate({ status: 'away' });
    const leaving = await operator('leaving', { capacity: 1 });
    const held = await customerWrites('held', 'please help');
    await leaving.waitFor(isAssigned(held));
    await leaving.close();
    const newcomer = await customerWrites('newcomer', 'me too');
    await supervisorFeed.waitFor(
      (e) => e.type === 'conversation.removed' && e.conversationId === held && e.reason === 'requeued',
    );
    await staying.api.operator.setStatus.mutate({ status: 'available' });
    const taken = await staying.waitFor((e) => e.type === 'conversation.assigned');
    expect(taken.type === 'conversation.assigned' && taken.conversation.id).toBe(held);
    const queued = (await t.admin.supervisor.snapshot.query()).conversations.find((c) => c.id === newcomer)!;
    expect(queued.status).toBe('queued');
  });

  it('keeps the dialogs of an operator who reconnects within the grace period', async () => {
    const olga = await operator('olga', { capacity: 1 });
    const id = await customerWrites('k', 'hi');
    await olga.waitFor(isAssigned(id));
    await olga.close();
    const back = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    sessions.push(back);
    const snapshot = await back.api.operator.snapshot.query();
    expect(snapshot.conversations.map((c) => c.id)).toEqual([id]);
    expect(snapshot.operator.connected).toBe(true);
  });

  it('transfers to another queue with a private note the next operator reads', async () => {
    const olga = await operator('olga');
    const id = await customerWrites('t', 'my invoice is wrong');
    await olga.waitFor(isAssigned(id));
    const biller = await operator('biller', { skills: ['billing'] });
    await olga.api.operator.transfer.mutate({
      conversationId: id,
      to: { queueId: 'billing' },
      note: 'счёт №42, проверь',
    });
    await olga.waitFor(
      (e) => e.type === 'conversation.removed' && e.conversationId === id && e.reason === 'transferred',
    );
    await biller.waitFor(isAssigned(id));
    const transcript = await biller.api.operator.messages.query({ conversationId: id });
    const note = transcript.find((m) => m.text === 'счёт №42, проверь')!;
    expect(note.private).toBe(true);
    expect(note.author.name).toBe('OLGA');
  });

  it('transfers to a named operator, refusing one without room', async () => {
    const full = await operator('full', { capacity: 1 });
    const fullOwn = await customerWrites('f', 'busy one');
    await full.waitFor(isAssigned(fullOwn));
    const olga = await operator('olga', { capacity: 2 });
    const id = await customerWrites('g', 'second');
    await olga.waitFor(isAssigned(id));
    await expect(
      olga.api.operator.transfer.mutate({ conversationId: id, to: { operatorId: full.operatorId } }),
    ).rejects.toThrow(
      new RegExp(`operator ${full.operatorId} has 0 free capacity, conversation ${id} needs 1: raise the capacity`),
    );
    expect((await olga.api.operator.snapshot.query()).conversations.map((c) => c.id)).toEqual([id]);
    await full.api.operator.resolve.mutate({ conversationId: fullOwn });
    await olga.api.operator.transfer.mutate({
      conversationId: id,
      to: { operatorId: full.operatorId },
      note: 'for you',
    });
    await full.waitFor(isAssigned(id));
    await olga.waitFor((e) => e.type === 'conversation.removed' && e.conversationId === id);
    expect(
      (await full.api.operator.messages.query({ conversationId: id })).some((m) => m.text === 'for you' && m.private),
    ).toBe(true);
  });

  it('refuses a transfer to an operator a supervisor set offline, saying so', async () => {
    const olga = await operator('olga');
    const id = await customerWrites('o', 'hello');
    await olga.waitFor(isAssigned(id));
    const pavel = await operator('pavel');
    await t.admin.supervisor.setOperatorStatus.mutate({ operatorId: pavel.operatorId, status: 'offline' });
    await expect(
      olga.api.operator.transfer.mutate({ conversationId: id, to: { operatorId: pavel.operatorId } }),
    ).rejects.toThrow(`operator ${pavel.operatorId} is offline: pick an operator who is online`);
    expect((await olga.api.operator.snapshot.query()).conversations.map((c) => c.id)).toEqual([id]);
  });

  it('refuses a transfer to an operator whose console is not open, saying so', async () => {
    const olga = await operator('olga');
    const id = await customerWrites('n', 'hello');
    await olga.waitFor(isAssigned(id));
    const absent = await t.admin.admin.createOperator.mutate({
      login: 'absent',
      name: 'Absent',
      password: 'absent-password',
      capacity: 2,
    });
    await expect(
      olga.api.operator.transfer.mutate({ conversationId: id, to: { operatorId: absent.id } }),
    ).rejects.toThrow(`operator ${absent.id} is not connected`);
  });

  it('refuses an operator’s transfer to a colleague without the queue’s skill, naming it; a supervisor may', async () => {
    const { secret: billingSecret } = await t.admin.admin.createChannel.mutate({
      id: 'invoices',
      name: 'Invoices',
      queueId: 'billing',
    });
    const biller = await operator('biller', { skills: ['billing'] });
    const pavel = await operator('pavel');
    const posted = await postCustomerMessage(t.server.url, 'invoices', billingSecret, {
      id: 'invoice-1',
      contact: { id: 'payer' },
      text: 'my invoice is wrong',
    });
    const id = posted.body.conversationId as string;
    await biller.waitFor(isAssigned(id));
    await expect(
      biller.api.operator.transfer.mutate({ conversationId: id, to: { operatorId: pavel.operatorId } }),
    ).rejects.toThrow(`operator ${pavel.operatorId} lacks the skill billing that queue billing needs`);
    expect((await biller.api.operator.snapshot.query()).conversations.map((c) => c.id)).toEqual([id]);
    // A supervisor's choice stands over the queue's skills.
    await t.admin.operator.transfer.mutate({ conversationId: id, to: { operatorId: pavel.operatorId } });
    await pavel.waitFor(isAssigned(id));
  });

  it('hands a dialog to the voice line with a call-back request', async () => {
    const supervisorFeed = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, {
      subscribe: 'supervisor',
    });
    sessions.push(supervisorFeed);
    const olga = await operator('olga');
    const id = await customerWrites('phone', 'позвоните мне');
    await olga.waitFor(isAssigned(id));
    await expect(
      olga.api.operator.requestCallback.mutate({ conversationId: id, phone: 'call me maybe' }),
    ).rejects.toThrow(/digits/);
    await olga.api.operator.requestCallback.mutate({
      conversationId: id,
      phone: '+7 (495) 123-45-67',
      reason: 'refund dispute',
    });
    const request = await supervisorFeed.waitFor((e) => e.type === 'callback.requested');
    expect(request).toMatchObject({
      conversationId: id,
      operatorId: olga.operatorId,
      phone: '+7 (495) 123-45-67',
      reason: 'refund dispute',
    });
    const transcript = await olga.api.operator.messages.query({ conversationId: id });
    expect(transcript.filter((m) => m.private).map((m) => m.text)).toEqual([
      'Call-back requested: +7 (495) 123-45-67 — refund dispute',
    ]);
    expect(transcript.at(-1)!.text).toBe('We will call you back at +7 (495) 123-45-67.');
  });

  it('reports who is at capacity and refuses a supervisor’s capacity below zero', async () => {
    const olga = await operator('olga', { capacity: 1 });
    await customerWrites('cap', 'x');
    await olga.waitFor((e) => e.type === 'conversation.assigned');
    const sup = t.admin;
    const updated = await sup.supervisor.setOperatorCapacity.mutate({ operatorId: olga.operatorId, capacity: 2 });
    expect(updated.capacity).toBe(2);
    await expect(
      sup.supervisor.setOperatorCapacity.mutate({ operatorId: olga.operatorId, capacity: -1 }),
    ).rejects.toBeInstanceOf(TRPCClientError);
  });
});
