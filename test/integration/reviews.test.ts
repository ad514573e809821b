// Quality review end to end (issue 18 §4), on both stores: what resolves goes to the review queue
// with its reasons (a late rating too), supervisors read the transcript and score it, bad scores
// change nothing, operators read their own reviews, and a restart keeps it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';
import { VirtualTime } from '../helpers/virtual-time';

const MIN = 60_000;
const FULL_MARKS = { greeting: 2, 'correct-answer': 2, 'spelling-tone': 2, resolution: 2 };

describe.each(['sqlite', 'postgres'] as const)('quality review on %s', { timeout: 60_000 }, (store) => {
  let t: TestServer;
  let time: VirtualTime;
  let olga: OperatorSession;
  let sup: ApiClient;
  let secret: string;
  let counter = 0;
  let rated: string;
  let late: string;
  let fine: string;

  beforeAll(async () => {
    time = new VirtualTime(Date.UTC(2026, 0, 12, 9, 0));
    // No sample: each pick below has a reason a test can name.
    t = await startTestServer({ store, reviewSamplePercent: 0 }, { now: time.now }, { timer: time.schedule });
    await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
    ({ secret } = await t.admin.admin.createChannel.mutate({
      id: 'chat',
      name: 'Chat',
      queueId: 'support',
      medium: 'chat',
      slaFirstResponseMs: 2 * MIN,
      slaNextResponseMs: 5 * MIN,
    }));
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 3 });
    await t.admin.admin.createOperator.mutate({ login: 'ivan', name: 'Ivan', password: 'ivan-password', capacity: 0 });
    await t.admin.admin.createOperator.mutate({
      login: 'sup',
      name: 'Sup',
      password: 'sup-password',
      role: 'supervisor',
      capacity: 0,
    });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    sup = await loggedInHttpClient(t.server.url, 'sup', 'sup-password');
    // Answered in a minute, resolved, then rated 1 by the customer afterwards.
    rated = await conversation('anna', MIN);
    await customerWrites('anna', '1');
    // Answered after 3 minutes: past the 2-minute first-response target.
    late = await conversation('boris', 3 * MIN);
    // Answered in time and never rated: not picked.
    fine = await conversation('clara', MIN);
    await t.server.desk.reviews.settled();
  });

  afterAll(async () => {
    await olga.close();
    await t.close();
  });

  async function customerWrites(contact: string, text: string): Promise<string> {
    const result = await postCustomerMessage(t.server.url, 'chat', secret, {
      id: `m${++counter}`,
      contact: { id: contact, name: contact },
      text,
    });
    expect(result.status).toBe(202);
    return result.body.conversationId as string;
  }

  /** A customer writes, Olga answers after `answerAfterMs` and resolves. */
  async function conversation(contact: string, answerAfterMs: number): Promise<string> {
    const id = await customerWrites(contact, `hello from ${contact}`);
    await olga.waitFor(isAssigned(id));
    await time.advance(answerAfterMs);
    await olga.api.operator.send.mutate({ conversationId: id, clientId: `reply-${contact}-01`, text: 'Hello!' });
    await olga.api.operator.resolve.mutate({ conversationId: id });
    return id;
  }

  it('queues the low rating (late, after the resolve) and the SLA breach, with their reasons, and not the rest', async () => {
    const queue = await sup.reviews.queue.query();
    expect(queue.map((q) => [q.conversationId, q.reasons, q.operatorName, q.customerName])).toEqual([
      [rated, ['low-csat'], 'Olga', 'anna'],
      [late, ['sla-breach'], 'Olga', 'boris'],
    ]);
    expect(queue.map((q) => q.conversationId)).not.toContain(fine);
    expect(queue[0].rating).toBe(1);
  });

  it('lets a supervisor read the transcript and score it; the operator reads it in her reviews', async () => {
    const transcript = await sup.operator.messages.query({ conversationId: rated });
    expect(transcript.map((m) => m.text)).toContain('hello from anna');
    const criteria = await sup.reviews.criteria.query();
    expect(criteria.map((c) => c.id)).toEqual(['greeting', 'correct-answer', 'spelling-tone', 'resolution']);
    const review = await sup.reviews.submit.mutate({
      conversationId: rated,
      scores: { ...FULL_MARKS, greeting: 0 },
      comment: 'Say hello first.',
    });
    // Weights 1, 3, 2, 3: 16 of 18.
    expect(review.score).toBeCloseTo((100 * 16) / 18, 6);
    expect(review.reviewerName).toBe('Sup');
    const mine = await olga.api.reviews.mine.query();
    expect(
      mine.map((r) => [r.conversationId, r.comment, r.items.find((i) => i.criterionId === 'greeting')?.score]),
    ).toEqual([[rated, 'Say hello first.', 0]]);
    // Reviewed: it leaves the pending list, and stays in the whole list with its time.
    expect((await sup.reviews.queue.query()).map((q) => q.conversationId)).toEqual([late]);
    const all = await sup.reviews.queue.query({ status: 'all' });
    expect(all.find((q) => q.conversationId === rated)?.reviewedAt).toBe(review.reviewedAt);
    // Once per conversation.
    expect(await codeOf(sup.reviews.submit.mutate({ conversationId: rated, scores: FULL_MARKS }))).toBe('CONFLICT');
  });

  it('refuses bad scores and comments, and changes nothing', async () => {
    const bad = [
      { conversationId: late, scores: { ...FULL_MARKS, speed: 2 } },
      { conversationId: late, scores: { ...FULL_MARKS, greeting: 3 } },
      { conversationId: late, scores: { greeting: 2 } },
      { conversationId: late, scores: FULL_MARKS, comment: 'nul\u0000byte' },
      { conversationId: late, scores: FULL_MARKS, comment: 'x'.repeat(2_001) },
      { conversationId: 'no-such-conversation', scores: FULL_MARKS },
    ];
    const codes = [];
    for (const input of bad) codes.push(await codeOf(sup.reviews.submit.mutate(input)));
    expect(codes).toEqual(['BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST', 'NOT_FOUND']);
    expect(await sup.reviews.ofConversation.query({ conversationId: late })).toBeNull();
    expect((await sup.reviews.queue.query()).map((q) => q.conversationId)).toEqual([late]);
  });

  it('keeps the queue and the reviews across a restart, and gives another operator none of them', async () => {
    await t.restart();
    sup = await loggedInHttpClient(t.server.url, 'sup', 'sup-password');
    expect((await sup.reviews.queue.query()).map((q) => q.conversationId)).toEqual([late]);
    expect((await sup.reviews.ofOperator.query({ operatorId: olga.operatorId })).map((r) => r.conversationId)).toEqual([
      rated,
    ]);
    const ivan = await loggedInHttpClient(t.server.url, 'ivan', 'ivan-password');
    expect(await ivan.reviews.mine.query()).toEqual([]);
  });

  it('lets an admin change the scorecard; reviews keep the criteria they were scored with', async () => {
    await t.admin.reviews.setCriterion.mutate({ id: 'empathy', label: 'Empathy', weight: 2 });
    await t.admin.reviews.deleteCriterion.mutate({ id: 'greeting' });
    expect((await sup.reviews.criteria.query()).map((c) => c.id)).toEqual([
      'correct-answer',
      'spelling-tone',
      'resolution',
      'empathy',
    ]);
    expect(await codeOf(t.admin.reviews.deleteCriterion.mutate({ id: 'greeting' }))).toBe('NOT_FOUND');
    const [review] = await sup.reviews.ofOperator.query({ operatorId: olga.operatorId });
    expect(review.items.map((i) => i.criterionId)).toEqual([
      'greeting',
      'correct-answer',
      'spelling-tone',
      'resolution',
    ]);
    // Brought back as it was set again.
    await t.admin.reviews.setCriterion.mutate({ id: 'greeting', label: 'Greeting', weight: 1, position: 10 });
    expect((await sup.reviews.criteria.query())[0].id).toBe('greeting');
  });

  it('reports the quality score per operator and per queue next to CSAT, and how the two agree', async () => {
    const period = { from: Date.UTC(2026, 0, 12), to: Date.UTC(2026, 0, 13) };
    const byOperator = await sup.supervisor.report.query({ ...period, by: 'operator' });
    const olgaRow = byOperator.rows.find((r) => r.key === olga.operatorId);
    expect([olgaRow?.csatAverage, olgaRow?.quality?.reviewed]).toEqual([1, 1]);
    expect(olgaRow?.quality?.average).toBeCloseTo((100 * 16) / 18, 6);
    const byQueue = await sup.supervisor.report.query({ ...period, by: 'queue' });
    expect(byQueue.rows.map((r) => [r.key, r.quality?.reviewed])).toEqual([['support', 1]]);
    // One conversation both rated (1: poor) and reviewed (89: good): they disagree.
    expect(byQueue.csatVsQuality).toEqual({ pairs: 1, correlation: null, agreement: 0 });
  });
});

describe('the review sample on sqlite', () => {
  it('picks every resolved conversation at 100 % and says so, and takes criteria from the config', async () => {
    const t = await startTestServer({
      reviewSamplePercent: 100,
      scorecard: [{ id: 'greeting', label: 'Hello first', weight: 2 }],
    });
    try {
      expect((await t.admin.reviews.criteria.query())[0]).toEqual({
        id: 'greeting',
        label: 'Hello first',
        weight: 2,
        position: 10,
      });
      await t.admin.admin.createQueue.mutate({ id: 'q', name: 'Q' });
      const { secret } = await t.admin.admin.createChannel.mutate({ id: 'c', name: 'C', queueId: 'q' });
      await t.admin.admin.createOperator.mutate({
        login: 'olga',
        name: 'Olga',
        password: 'olga-password',
        capacity: 1,
      });
      const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
      const id = (await postCustomerMessage(t.server.url, 'c', secret, { id: 'x1', contact: { id: 'x' }, text: 'hi' }))
        .body.conversationId as string;
      await olga.waitFor(isAssigned(id));
      await olga.api.operator.send.mutate({ conversationId: id, clientId: 'reply-x-0001', text: 'Hello' });
      await olga.api.operator.resolve.mutate({ conversationId: id });
      await t.server.desk.reviews.settled();
      expect((await t.admin.reviews.queue.query()).map((q) => [q.conversationId, q.reasons])).toEqual([
        [id, ['sample']],
      ]);
      // The admin handled nothing here, so may review; the operator may not review herself.
      expect(await codeOf(olga.api.reviews.submit.mutate({ conversationId: id, scores: FULL_MARKS }))).toBe(
        'FORBIDDEN',
      );
      await olga.close();
    } finally {
      await t.close();
    }
  });

  it('looks at a conversation that resolved while the queue was not following, at the next start', async () => {
    const t = await startTestServer({ reviewSamplePercent: 100 });
    try {
      await t.admin.admin.createQueue.mutate({ id: 'q', name: 'Q' });
      const { secret } = await t.admin.admin.createChannel.mutate({ id: 'c', name: 'C', queueId: 'q' });
      await t.admin.admin.createOperator.mutate({
        login: 'olga',
        name: 'Olga',
        password: 'olga-password',
        capacity: 1,
      });
      const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
      const id = (await postCustomerMessage(t.server.url, 'c', secret, { id: 'y1', contact: { id: 'y' }, text: 'hi' }))
        .body.conversationId as string;
      await olga.waitFor(isAssigned(id));
      // As if the process died between the resolve's commit and the queue's look at it.
      t.server.desk.reviews.stop();
      await olga.api.operator.resolve.mutate({ conversationId: id });
      await olga.close();
      expect(await t.admin.reviews.queue.query()).toEqual([]);
      await t.restart();
      expect((await t.admin.reviews.queue.query()).map((q) => q.conversationId)).toEqual([id]);
    } finally {
      await t.close();
    }
  });
});
