// Every denial the API promises: no session, someone else's conversation, and roles.
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/api/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { codeOf } from '../helpers/trpc-code';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
let owner: OperatorSession;
let other: ApiClient;
let supervisor: ApiClient;
let conversationId: string;

beforeAll(async () => {
  t = await startTestServer();
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'owner', name: 'Owner', password: 'owner-password', capacity: 1 });
  await t.admin.admin.createOperator.mutate({ login: 'other', name: 'Other', password: 'other-password', capacity: 0 });
  await t.admin.admin.createOperator.mutate({
    login: 'sup',
    name: 'Sup',
    password: 'sup-password',
    role: 'supervisor',
    capacity: 0,
  });
  const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
  owner = await OperatorSession.connect(t.server, 'owner', 'owner-password');
  other = await loggedInHttpClient(t.server.url, 'other', 'other-password');
  supervisor = await loggedInHttpClient(t.server.url, 'sup', 'sup-password');
  conversationId = (
    await postCustomerMessage(t.server.url, 'site', secret, { id: 'a1', contact: { id: 'c' }, text: 'secret stuff' })
  ).body.conversationId;
  await owner.waitFor(isAssigned(conversationId));
});

afterAll(async () => {
  await owner.close();
  await t.close();
});

describe('authorization', () => {
  it('refuses every procedure but login without a valid session', async () => {
    const anonymous = httpApiClient(t.server.url);
    expect(await codeOf(anonymous.operator.snapshot.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.admin.listOperators.query())).toBe('UNAUTHORIZED');
    // /new's customer search lists customers' contacts: a session is needed, any operator's will do.
    expect(await codeOf(anonymous.operator.searchCustomers.query({ query: 'secret' }))).toBe('UNAUTHORIZED');
    expect(await other.operator.searchCustomers.query({ query: 'nobody-by-this-name' })).toEqual([]);
    // Search (issue 18 §3): any operator may ask, and finds only whom they serve (authorization-search.test.ts).
    expect(await codeOf(anonymous.operator.search.query({ text: 'secret' }))).toBe('UNAUTHORIZED');
    expect((await other.operator.search.query({ text: 'secret' })).hits).toEqual([]);
    expect((await supervisor.operator.search.query({ text: 'secret' })).hits.map((h) => h.conversationId)).toEqual([
      conversationId,
    ]);
    const forged = httpApiClient(t.server.url, () => 'forged-token');
    expect(await codeOf(forged.operator.snapshot.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.auth.login.mutate({ login: 'owner', password: 'wrong-password' }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await codeOf(anonymous.auth.login.mutate({ login: 'nobody', password: 'whatever1' }))).toBe('UNAUTHORIZED');
  });

  it('keeps an operator out of a conversation assigned to someone else', async () => {
    expect(await codeOf(other.operator.messages.query({ conversationId }))).toBe('FORBIDDEN');
    expect(await codeOf(other.operator.customer.query({ conversationId }))).toBe('FORBIDDEN');
    expect(await codeOf(other.operator.send.mutate({ conversationId, clientId: 'intruder-0001', text: 'hi' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(other.operator.resolve.mutate({ conversationId }))).toBe('FORBIDDEN');
    expect(await codeOf(other.operator.transfer.mutate({ conversationId, to: { queueId: 'general' } }))).toBe(
      'FORBIDDEN',
    );
    expect((await other.operator.snapshot.query()).conversations).toEqual([]);
    // Nothing the intruder tried reached the transcript.
    const transcript = await owner.api.operator.messages.query({ conversationId });
    expect(transcript.some((m) => m.text === 'hi')).toBe(false);
  });

  it('lets only the holder or a supervisor hold a dialog (issue 17 /hold), and checks the input', async () => {
    expect(await codeOf(other.operator.hold.mutate({ conversationId, on: true }))).toBe('FORBIDDEN');
    expect(await codeOf(httpApiClient(t.server.url).operator.hold.mutate({ conversationId, on: true }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await codeOf(owner.api.operator.hold.mutate({ conversationId, on: 'yes' as unknown as boolean }))).toBe(
      'BAD_REQUEST',
    );
    expect((await owner.api.operator.snapshot.query()).conversations[0].held).toBe(false);
    expect((await supervisor.operator.hold.mutate({ conversationId, on: true })).held).toBe(true);
    expect((await owner.api.operator.hold.mutate({ conversationId, on: false })).held).toBe(false);
  });

  it('refuses a timer setting out of range and changes nothing', async () => {
    expect(await codeOf(t.admin.admin.updateQueue.mutate({ id: 'general', noReplyMs: 5 }))).toBe('BAD_REQUEST');
    expect(await codeOf(supervisor.admin.updateQueue.mutate({ id: 'general', noReplyMs: 60_000 }))).toBe('FORBIDDEN');
    expect((await t.admin.admin.listQueues.query()).find((q) => q.id === 'general')?.noReplyMs ?? null).toBeNull();
  });

  it('lets supervisors see every conversation but not administer', async () => {
    expect((await supervisor.supervisor.snapshot.query()).conversations.map((c) => c.id)).toContain(conversationId);
    expect((await supervisor.operator.messages.query({ conversationId }))[0].text).toBe('secret stuff');
    expect(await codeOf(supervisor.admin.createQueue.mutate({ id: 'x', name: 'X' }))).toBe('FORBIDDEN');
  });

  it('keeps operators out of supervisor and admin procedures', async () => {
    expect(await codeOf(other.supervisor.snapshot.query())).toBe('FORBIDDEN');
    expect(
      await codeOf(other.supervisor.setOperatorCapacity.mutate({ operatorId: owner.operatorId, capacity: 9 })),
    ).toBe('FORBIDDEN');
    expect(await codeOf(other.admin.listOperators.query())).toBe('FORBIDDEN');
    expect(
      await codeOf(other.admin.createOperator.mutate({ login: 'evil', name: 'E', password: 'evil-password' })),
    ).toBe('FORBIDDEN');
  });

  it('keeps operators and anonymous callers out of the call-back procedures', async () => {
    const { callbackId } = await owner.api.operator.requestCallback.mutate({
      conversationId,
      phone: '+7 900 000-00-00',
    });
    const anonymous = httpApiClient(t.server.url);
    for (const client of [other, owner.api]) {
      expect(await codeOf(client.supervisor.callbacks.list.query())).toBe('FORBIDDEN');
      expect(await codeOf(client.supervisor.callbacks.claim.mutate({ callbackId }))).toBe('FORBIDDEN');
      expect(await codeOf(client.supervisor.callbacks.done.mutate({ callbackId, outcome: 'called' }))).toBe(
        'FORBIDDEN',
      );
      expect(await codeOf(client.supervisor.callbacks.cancel.mutate({ callbackId }))).toBe('FORBIDDEN');
    }
    expect(await codeOf(anonymous.supervisor.callbacks.list.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.supervisor.callbacks.claim.mutate({ callbackId }))).toBe('UNAUTHORIZED');
    // Refused calls changed nothing: the request is still open, and a supervisor may claim it.
    expect((await supervisor.supervisor.callbacks.list.query()).map((c) => [c.id, c.status])).toEqual([
      [callbackId, 'open'],
    ]);
    expect(await supervisor.supervisor.callbacks.claim.mutate({ callbackId })).toMatchObject({ status: 'claimed' });
  });

  it('keeps business-hours calendars to admins (issue 17 §1)', async () => {
    const office = { id: 'office', name: 'Office', zone: 'Europe/Moscow', week: { mon: ['09:00-18:00'] } };
    for (const client of [supervisor, other]) {
      expect(await codeOf(client.admin.listCalendars.query())).toBe('FORBIDDEN');
      expect(await codeOf(client.admin.createCalendar.mutate(office))).toBe('FORBIDDEN');
      expect(await codeOf(client.admin.updateCalendar.mutate(office))).toBe('FORBIDDEN');
      expect(await codeOf(client.admin.deleteCalendar.mutate({ id: 'office' }))).toBe('FORBIDDEN');
    }
    expect(await codeOf(httpApiClient(t.server.url).admin.listCalendars.query())).toBe('UNAUTHORIZED');
    expect(await t.admin.admin.listCalendars.query()).toEqual([]);
  });

  it('names the bad field of invalid input', async () => {
    try {
      await t.admin.admin.createOperator.mutate({ login: 'bad login!', name: 'X', password: 'short' });
      expect.unreachable();
    } catch (error) {
      const fields = (error as TRPCClientError<AppRouter>).data?.zodError?.fieldErrors ?? {};
      expect(Object.keys(fields).sort()).toEqual(['login', 'password']);
    }
  });
});
