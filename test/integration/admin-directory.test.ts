// Changing and deleting operators and queues on the real server (issue 11, §6): what a
// contact-center admin expects to happen to the people, the conversations and the history.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';

/** The tRPC error's code and message that a call failed with. */
async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError)
      return { code: (error.data as { code: string }).code, message: error.message };
    throw error;
  }
  throw new Error('the call succeeded');
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let t: TestServer;
  let sessions: OperatorSession[];
  const secrets = new Map<string, string>();
  let counter = 0;

  beforeEach(async () => {
    sessions = [];
    t = await startTestServer({ store });
    await t.admin.admin.createQueue.mutate({ id: 'sales', name: 'Sales' });
    await t.admin.admin.createQueue.mutate({ id: 'billing', name: 'Billing', skills: ['billing'] });
    for (const [channel, queueId] of [
      ['site', 'sales'],
      ['invoices', 'billing'],
    ]) {
      const { secret } = await t.admin.admin.createChannel.mutate({ id: channel, name: channel, queueId });
      secrets.set(channel, secret);
    }
  });

  afterEach(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await t.close();
  });

  async function operator(login: string, opts: { capacity?: number; skills?: string[]; role?: 'admin' } = {}) {
    const created = await t.admin.admin.createOperator.mutate({
      login,
      name: login.toUpperCase(),
      password: `${login}-password`,
      capacity: opts.capacity ?? 2,
      skills: opts.skills ?? [],
      role: opts.role ?? 'operator',
    });
    return created;
  }

  /** `lastEventId`: replay from there, to see what connecting itself assigned. */
  async function connect(login: string, lastEventId?: string): Promise<OperatorSession> {
    const session = await OperatorSession.connect(t.server, login, `${login}-password`, { lastEventId });
    sessions.push(session);
    return session;
  }

  async function customerWrites(channel: string, contact: string, text = 'hello'): Promise<string> {
    const result = await postCustomerMessage(t.server.url, channel, secrets.get(channel)!, {
      id: `msg-${++counter}`,
      contact: { id: contact },
      text,
    });
    expect(result.status).toBe(202);
    return result.body.conversationId as string;
  }

  describe('queue set', () => {
    it('routes waiting conversations by the new skills at once', async () => {
      await operator('olga');
      const olga = await connect('olga');
      const waiting = await customerWrites('invoices', 'a');
      // olga lacks the billing skill: the conversation waits.
      expect((await t.admin.supervisor.snapshot.query()).conversations[0]).toMatchObject({ status: 'queued' });
      const updated = await t.admin.admin.updateQueue.mutate({ id: 'billing', name: 'Invoices', skills: [] });
      expect(updated).toEqual({ id: 'billing', name: 'Invoices', skills: [], priority: 0 });
      await olga.waitFor(isAssigned(waiting));
      expect(await t.admin.admin.listQueues.query()).toContainEqual(updated);
    });

    it('serves by the new priority', async () => {
      await operator('olga', { capacity: 1, skills: ['billing'] });
      const olga = await connect('olga');
      const busy = await customerWrites('site', 'first');
      await olga.waitFor(isAssigned(busy));
      const earlier = await customerWrites('site', 'earlier');
      const later = await customerWrites('invoices', 'later');
      await t.admin.admin.updateQueue.mutate({ id: 'billing', priority: 10 });
      await olga.api.operator.resolve.mutate({ conversationId: busy });
      // Without the new priority, the earlier arrival in Sales would come first.
      const next = await olga.waitFor((e) => e.type === 'conversation.assigned' && e.conversation.id !== busy);
      expect(next.type === 'conversation.assigned' && next.conversation.id).toBe(later);
      expect((await t.admin.supervisor.snapshot.query()).conversations.find((c) => c.id === earlier)?.status).toBe(
        'queued',
      );
    });

    it('refuses a queue that does not exist', async () => {
      expect(await failure(t.admin.admin.updateQueue.mutate({ id: 'nope', name: 'X' }))).toMatchObject({
        code: 'NOT_FOUND',
        message: 'queue nope does not exist',
      });
    });
  });

  describe('queue delete', () => {
    it('is refused while a channel sends conversations to the queue', async () => {
      expect(await failure(t.admin.admin.deleteQueue.mutate({ id: 'sales' }))).toEqual({
        code: 'CONFLICT',
        message: 'queue sales cannot be deleted: channel site sends conversations to it',
      });
    });

    it('is refused while a conversation is open in it, and then keeps the queue for history', async () => {
      await t.admin.admin.createQueue.mutate({ id: 'spare', name: 'Spare' });
      await operator('olga');
      const olga = await connect('olga');
      const id = await customerWrites('site', 'a');
      await olga.waitFor(isAssigned(id));
      await olga.api.operator.transfer.mutate({ conversationId: id, to: { queueId: 'spare' } });
      // Transferred into spare, it is assigned to olga again at once (she covers spare).
      await olga.waitFor((e) => e.type === 'conversation.assigned' && e.conversation.queueId === 'spare');
      expect(await failure(t.admin.admin.deleteQueue.mutate({ id: 'spare' }))).toEqual({
        code: 'CONFLICT',
        message:
          'queue spare cannot be deleted: 1 open conversation is in it (0 waiting, 1 assigned): transfer or resolve it first',
      });

      await olga.api.operator.resolve.mutate({ conversationId: id });
      expect(await t.admin.admin.deleteQueue.mutate({ id: 'spare' })).toEqual({
        id: 'spare',
        name: 'Spare',
        skills: [],
        priority: 0,
      });
      expect((await t.admin.admin.listQueues.query()).map((q) => q.id)).toEqual(['sales', 'billing']);
      // Nothing can be sent to it any more.
      const next = await customerWrites('site', 'b');
      await olga.waitFor(isAssigned(next));
      expect(
        await failure(olga.api.operator.transfer.mutate({ conversationId: next, to: { queueId: 'spare' } })),
      ).toEqual({ code: 'NOT_FOUND', message: 'queue spare does not exist' });
      // The resolved conversation still names it, and adding the id again brings it back.
      const transcript = await t.admin.operator.customer.query({ conversationId: id });
      expect(transcript.conversations.find((c) => c.id === id)?.queueId).toBe('spare');
      const again = await t.admin.admin.createQueue.mutate({ id: 'spare', name: 'Spare again', priority: 3 });
      expect(again).toEqual({ id: 'spare', name: 'Spare again', skills: [], priority: 3 });
      expect((await t.admin.admin.listQueues.query()).map((q) => q.id)).toContain('spare');
    });
  });

  describe('operator delete', () => {
    it('ends the sessions and returns the open conversations to the queue ahead of newcomers', async () => {
      const anna = await operator('anna', { capacity: 2 });
      const annaConsole = await connect('anna');
      const annaHttp = await loggedInHttpClient(t.server.url, 'anna', 'anna-password');
      const answered = await customerWrites('site', 'a');
      const unanswered = await customerWrites('site', 'b');
      await annaConsole.waitFor(isAssigned(answered));
      await annaConsole.waitFor(isAssigned(unanswered));
      await annaConsole.api.operator.send.mutate({ conversationId: answered, clientId: 'reply-0001', text: 'Hi!' });
      // A newcomer waits with an SLA deadline, which alone would put it before `answered` (none).
      const newcomer = await customerWrites('site', 'c');

      const deleted = await t.admin.admin.deleteOperator.mutate({ id: anna.id });
      expect(deleted).toEqual({ id: anna.id, login: 'anna', name: 'ANNA', requeued: 2 });
      // Her console's feed ends at once: rights are checked on every item, and her session is gone
      // (issue 12, §3), so it is told UNAUTHORIZED rather than sent the removal of her dialogs.
      expect(((await annaConsole.waitForFailure()) as { data?: { code?: string } }).data?.code).toBe('UNAUTHORIZED');

      // Her token no longer works, nor does her password.
      expect(await failure(annaHttp.operator.snapshot.query())).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(
        await failure(httpApiClient(t.server.url).auth.login.mutate({ login: 'anna', password: 'anna-password' })),
      ).toMatchObject({ code: 'UNAUTHORIZED' });
      expect((await t.admin.admin.listOperators.query()).map((o) => o.login)).toEqual(['admin']);

      // Returned conversations go first: the next operator with room for two takes both of hers,
      // although the newcomer's SLA deadline would put it before `answered` (which has none).
      await operator('bob', { capacity: 2 });
      // Bob is given work the moment his console connects: replay his feed from before that.
      const bob = await connect('bob', (await t.admin.supervisor.snapshot.query()).lastEventId);
      const assigned = () =>
        bob.events.filter(isAssigned()).map((e) => e.type === 'conversation.assigned' && e.conversation.id);
      await bob.waitFor(() => assigned().length === 2);
      expect(assigned().sort()).toEqual([answered, unanswered].sort());
      const queued = (await t.admin.supervisor.snapshot.query()).conversations.filter((c) => c.status === 'queued');
      expect(queued.map((c) => c.id)).toEqual([newcomer]);

      // History keeps her: her reply is still hers, and her login is free for someone new.
      const transcript = await t.admin.operator.messages.query({ conversationId: answered });
      expect(transcript.find((m) => m.text === 'Hi!')?.author).toEqual({ type: 'operator', id: anna.id, name: 'ANNA' });
      const newAnna = await operator('anna');
      expect(newAnna.id).not.toBe(anna.id);
    });

    it('refuses to delete or demote the last admin, and allows it once another exists', async () => {
      const admin = (await t.admin.admin.listOperators.query()).find((o) => o.login === 'admin')!;
      expect(await failure(t.admin.admin.deleteOperator.mutate({ id: admin.id }))).toEqual({
        code: 'CONFLICT',
        message:
          'admin is the last admin and cannot be deleted: make another operator admin first (textdesk admin operator set --login LOGIN --role admin)',
      });
      expect(await failure(t.admin.admin.updateOperator.mutate({ id: admin.id, role: 'supervisor' }))).toEqual({
        code: 'CONFLICT',
        message:
          'admin is the last admin and cannot be demoted: make another operator admin first (textdesk admin operator set --login LOGIN --role admin)',
      });
      expect((await t.admin.admin.listOperators.query()).find((o) => o.id === admin.id)?.role).toBe('admin');
      await operator('root', { role: 'admin' });
      expect(await t.admin.admin.deleteOperator.mutate({ id: admin.id })).toMatchObject({
        login: 'admin',
        requeued: 0,
      });
      const root = await loggedInHttpClient(t.server.url, 'root', 'root-password');
      expect((await root.admin.listOperators.query()).map((o) => o.login)).toEqual(['root']);
    });

    it('is for admins only', async () => {
      const olga = await operator('olga');
      await t.admin.admin.createOperator.mutate({
        login: 'sam',
        name: 'Sam',
        password: 'sam-password',
        role: 'supervisor',
      });
      const sam = await loggedInHttpClient(t.server.url, 'sam', 'sam-password');
      expect(await failure(sam.admin.deleteOperator.mutate({ id: olga.id }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(sam.admin.deleteQueue.mutate({ id: 'sales' }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(sam.admin.updateQueue.mutate({ id: 'sales', priority: 1 }))).toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });
});

describe('after a restart', () => {
  it('a deleted operator and a deleted queue stay deleted, a changed queue stays changed', async () => {
    const first = await startTestServer();
    await first.admin.admin.createQueue.mutate({ id: 'spare', name: 'Spare' });
    await first.admin.admin.createQueue.mutate({ id: 'vip', name: 'VIP' });
    await first.admin.admin.updateQueue.mutate({ id: 'vip', name: 'V.I.P.', skills: ['en'], priority: 7 });
    await first.admin.admin.deleteQueue.mutate({ id: 'spare' });
    const anna = await first.admin.admin.createOperator.mutate({
      login: 'anna',
      name: 'Anna',
      password: 'anna-password',
    });
    await first.admin.admin.deleteOperator.mutate({ id: anna.id });
    await first.server.close();

    const second = await startTestServer({ data: first.dataDir });
    try {
      expect(await second.admin.admin.listQueues.query()).toEqual([
        { id: 'vip', name: 'V.I.P.', skills: ['en'], priority: 7 },
      ]);
      expect((await second.admin.admin.listOperators.query()).map((o) => o.login)).toEqual(['admin']);
    } finally {
      await second.close();
    }
  });
});
