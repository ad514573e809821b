// The history the forecast reads, as the real server stores it, on both stores: a dialog a
// customer started, an operator took, answered and resolved on the injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forecastChannels, historyConversations, medianCapacity } from '../../server/store/forecast-queries';
import { channelHistories } from '../../server/domain/forecast/history';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { VirtualTime } from '../helpers/virtual-time';

const T0 = Date.UTC(2026, 10, 30, 9, 0);

describe.each(['sqlite', 'postgres'] as const)('forecast history on %s', (store) => {
  let time: VirtualTime;
  let t: TestServer;
  let olga: OperatorSession;
  let secret: string;

  beforeEach(async () => {
    time = new VirtualTime(T0);
    t = await startTestServer({ store }, { now: time.now }, { timer: time.schedule });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 2 });
    ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' }));
  });

  afterEach(async () => {
    await olga?.close();
    await t.close();
  });

  it('reads arrival, assignment, first reply and resolution times as numbers, and the channel and capacity', async () => {
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    await time.advance(60_000);
    const posted = await postCustomerMessage(t.server.url, 'site', secret, {
      id: 'm-1',
      contact: { id: 'c-1' },
      text: 'hello',
    });
    const conversationId = posted.body.conversationId as string;
    await olga.waitFor(isAssigned(conversationId));
    await time.advance(20_000);
    await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-first', text: 'hi, how can I help?' });
    await time.advance(200_000);
    await olga.api.operator.resolve.mutate({ conversationId });

    const reader = t.server.desk.ctx.store;
    const [row] = await historyConversations(reader, T0);
    expect(row).toEqual({
      channelId: 'site',
      operatorId: expect.any(String),
      status: 'resolved',
      createdAt: T0 + 60_000,
      assignedAt: T0 + 60_000,
      firstResponseAt: T0 + 80_000,
      resolvedAt: T0 + 280_000,
      outbound: false,
    });
    expect(await historyConversations(reader, T0 + 61_000)).toEqual([]);
    const [site] = await forecastChannels(reader);
    expect(site).toMatchObject({ id: 'site', name: 'Site', queueId: 'general', queueName: 'General', medium: 'chat' });
    expect(typeof site.slaFirstMs).toBe('number');
    expect(typeof site.createdAt).toBe('number');
    expect(await medianCapacity(reader)).toBe(2);
    // The handle time is assignment → resolution: 220 s at one dialog at a time.
    const history = channelHistories([row]).get('site')!;
    expect(history.handle).toMatchObject({
      dialogs: 1,
      meanHandleSeconds: 220,
      meanEffortSeconds: 220,
      workedConcurrency: 1,
    });
    expect(history.replySeconds).toBe(20);
  });
});
