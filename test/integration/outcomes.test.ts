// Issue 13 §3: the resolve form offers the outcomes used before (operator.outcomes), and a dialog
// resolved with an empty outcome has none, so reports no longer count an outcome named "".
import { afterAll, beforeAll, expect, test } from 'vitest';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebchatVisitor } from '../helpers/webchat-visitor';

let t: TestServer;
let olga: OperatorSession;
const visitors: WebchatVisitor[] = [];

beforeAll(async () => {
  t = await startTestServer();
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password', capacity: 10 });
  await t.admin.admin.createChannel.mutate({ id: 'widget', name: 'Widget', queueId: 'general', adapter: 'webchat' });
  olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
});

afterAll(async () => {
  for (const v of visitors) v.close();
  await olga.close();
  await t.close();
});

/** A new visitor's dialog, assigned to Olga. */
async function dialog(): Promise<string> {
  const v = await WebchatVisitor.open(t.server.wsUrl, 'widget');
  visitors.push(v);
  await v.hello();
  const ack = await v.say('m-1', 'Hello');
  const conversationId = ack.type === 'ack' ? ack.conversationId : '';
  await olga.waitFor(isAssigned(conversationId));
  return conversationId;
}

test('outcomes used before, the most used first; an empty outcome is stored as none', async () => {
  expect(await olga.api.operator.outcomes.query()).toEqual([]);
  for (const outcome of ['sold', 'refund', 'sold', '', '   ', undefined]) {
    const conversationId = await dialog();
    const closed = await olga.api.operator.resolve.mutate({
      conversationId,
      ...(outcome === undefined ? {} : { outcome }),
    });
    expect(closed.outcome).toBe(outcome?.trim() ? outcome : null);
  }
  expect(await olga.api.operator.outcomes.query()).toEqual(['sold', 'refund']);

  const report = await t.admin.supervisor.report.query({ from: Date.now() - 3_600_000, to: Date.now() + 60_000 });
  expect(report.total.outcomes).toEqual({ sold: 2, refund: 1 });
  expect(report.total.withoutOutcome).toBe(3);
});
