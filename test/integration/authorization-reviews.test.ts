// Rights on quality review (issue 18 §4): operators read only their own reviews and cannot see
// the queue, score, or read anyone else's; supervisors can; only admins change the scorecard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';

const FULL_MARKS = { greeting: 2, 'correct-answer': 2, 'spelling-tone': 2, resolution: 2 };

let t: TestServer;
let owner: OperatorSession;
let other: ApiClient;
let supervisor: ApiClient;
let anonymous: ApiClient;
let conversationId: string;

beforeAll(async () => {
  t = await startTestServer({ reviewSamplePercent: 100 });
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
  anonymous = httpApiClient(t.server.url);
  conversationId = (
    await postCustomerMessage(t.server.url, 'site', secret, { id: 'a1', contact: { id: 'c' }, text: 'help' })
  ).body.conversationId;
  await owner.waitFor(isAssigned(conversationId));
  await owner.api.operator.send.mutate({ conversationId, clientId: 'reply-0001', text: 'Hello' });
  await owner.api.operator.resolve.mutate({ conversationId });
  await t.server.desk.reviews.settled();
});

afterAll(async () => {
  await owner.close();
  await t.close();
});

describe('authorization of quality review', () => {
  it('keeps operators out of the queue, the scorecard, scoring and others’ reviews', async () => {
    for (const client of [other, owner.api]) {
      expect(await codeOf(client.reviews.queue.query())).toBe('FORBIDDEN');
      expect(await codeOf(client.reviews.criteria.query())).toBe('FORBIDDEN');
      expect(await codeOf(client.reviews.submit.mutate({ conversationId, scores: FULL_MARKS }))).toBe('FORBIDDEN');
      expect(await codeOf(client.reviews.ofConversation.query({ conversationId }))).toBe('FORBIDDEN');
      expect(await codeOf(client.reviews.ofOperator.query({ operatorId: owner.operatorId }))).toBe('FORBIDDEN');
      expect(await codeOf(client.reviews.setCriterion.mutate({ id: 'x', label: 'X' }))).toBe('FORBIDDEN');
      expect(await codeOf(client.reviews.deleteCriterion.mutate({ id: 'greeting' }))).toBe('FORBIDDEN');
    }
    // Nothing they tried was stored.
    expect(await supervisor.reviews.ofConversation.query({ conversationId })).toBeNull();
  });

  it('refuses every review procedure without a session', async () => {
    expect(await codeOf(anonymous.reviews.queue.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.reviews.criteria.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.reviews.submit.mutate({ conversationId, scores: FULL_MARKS }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.reviews.ofConversation.query({ conversationId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.reviews.ofOperator.query({ operatorId: owner.operatorId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.reviews.mine.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.reviews.setCriterion.mutate({ id: 'x', label: 'X' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.reviews.deleteCriterion.mutate({ id: 'greeting' }))).toBe('UNAUTHORIZED');
  });

  it('lets supervisors list, score and read, but not change the scorecard', async () => {
    expect((await supervisor.reviews.queue.query()).map((q) => q.conversationId)).toEqual([conversationId]);
    expect(await codeOf(supervisor.reviews.setCriterion.mutate({ id: 'x', label: 'X' }))).toBe('FORBIDDEN');
    expect(await codeOf(supervisor.reviews.deleteCriterion.mutate({ id: 'greeting' }))).toBe('FORBIDDEN');
    expect((await supervisor.reviews.criteria.query()).map((c) => c.id)).toContain('greeting');
    const review = await supervisor.reviews.submit.mutate({ conversationId, scores: FULL_MARKS, comment: 'Good' });
    expect((await supervisor.reviews.ofConversation.query({ conversationId }))?.id).toBe(review.id);
  });

  it('shows each operator only their own reviews', async () => {
    expect((await owner.api.reviews.mine.query()).map((r) => r.conversationId)).toEqual([conversationId]);
    expect(await other.reviews.mine.query()).toEqual([]);
  });
});
