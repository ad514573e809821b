// Rights of every procedure of issue 18 §1 (one customer): who may read a customer's identities,
// merge, and unmerge. Anonymous callers get nothing; an operator merges only from a dialog they
// hold now and never unmerges; supervisors may do all of it on any customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';

let t: TestServer;
let owner: OperatorSession;
let other: ApiClient;
let supervisor: ApiClient;
let held: { conversationId: string; customerId: string };
let stranger: string;

async function customerWrites(secret: string, contactId: string): Promise<string> {
  const posted = await postCustomerMessage(t.server.url, 'site', secret, {
    id: `${contactId}-1`,
    contact: { id: contactId },
    text: 'hello',
  });
  return posted.body.conversationId as string;
}

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
  const conversationId = await customerWrites(secret, 'held');
  await owner.waitFor(isAssigned(conversationId));
  const card = await owner.api.operator.customer.query({ conversationId });
  held = { conversationId, customerId: card.customer.id };
  // Owner is full (capacity 1): this one waits in the queue, held by nobody.
  const waiting = await customerWrites(secret, 'waiting');
  stranger = (await supervisor.operator.customer.query({ conversationId: waiting })).customer.id;
});

afterAll(async () => {
  await owner.close();
  await t.close();
});

describe('rights of the customer procedures', () => {
  it('refuses all of them without a session', async () => {
    const anonymous = httpApiClient(t.server.url);
    const { conversationId, customerId } = held;
    expect(await codeOf(anonymous.operator.customerIdentities.query({ conversationId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.operator.mergeCustomers.mutate({ conversationId, customerId: stranger }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await codeOf(anonymous.supervisor.customer.query({ customerId }))).toBe('UNAUTHORIZED');
    expect(
      await codeOf(
        anonymous.supervisor.mergeCustomers.mutate({ intoCustomerId: customerId, fromCustomerId: stranger }),
      ),
    ).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.supervisor.unmergeCustomers.mutate({ mergeId: 'm' }))).toBe('UNAUTHORIZED');
  });

  it('keeps an operator out of a customer whose dialog they do not hold', async () => {
    const { conversationId } = held;
    expect(await codeOf(other.operator.customerIdentities.query({ conversationId }))).toBe('FORBIDDEN');
    expect(await codeOf(other.operator.mergeCustomers.mutate({ conversationId, customerId: stranger }))).toBe(
      'FORBIDDEN',
    );
  });

  it('keeps operators out of the supervisor procedures: any-two merges, unmerges, customer by id', async () => {
    const { customerId } = held;
    for (const api of [other, owner.api]) {
      expect(await codeOf(api.supervisor.customer.query({ customerId }))).toBe('FORBIDDEN');
      expect(
        await codeOf(api.supervisor.mergeCustomers.mutate({ intoCustomerId: customerId, fromCustomerId: stranger })),
      ).toBe('FORBIDDEN');
      expect(await codeOf(api.supervisor.unmergeCustomers.mutate({ mergeId: 'm' }))).toBe('FORBIDDEN');
    }
    expect((await supervisor.supervisor.customer.query({ customerId: stranger })).merges).toEqual([]);
  });

  it('lets the holder read and merge from their dialog, and a supervisor read, unmerge and merge any two', async () => {
    const { conversationId, customerId } = held;
    expect((await owner.api.operator.customerIdentities.query({ conversationId })).customerId).toBe(customerId);
    expect((await supervisor.operator.customerIdentities.query({ conversationId })).customerId).toBe(customerId);
    const { merge } = await owner.api.operator.mergeCustomers.mutate({ conversationId, customerId: stranger });
    expect(merge.mergedBy).toBe(owner.operatorId);
    // The operator who merged still may not undo it: that is a supervisor's.
    expect(await codeOf(owner.api.supervisor.unmergeCustomers.mutate({ mergeId: merge.id }))).toBe('FORBIDDEN');
    await supervisor.supervisor.unmergeCustomers.mutate({ mergeId: merge.id });
    const again = await supervisor.supervisor.mergeCustomers.mutate({
      intoCustomerId: stranger,
      fromCustomerId: customerId,
    });
    expect(again.merge.intoCustomerId).toBe(stranger);
    await supervisor.supervisor.unmergeCustomers.mutate({ mergeId: again.merge.id });
    expect((await supervisor.supervisor.customer.query({ customerId })).mergedInto).toBeNull();
  });
});
