// What a restart rebuilds from disk: open conversations with their state and last activity.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { postCustomerMessage } from '../helpers/customer';
import { startTestServer } from '../helpers/server';

describe('restore after restart', () => {
  it('rebuilds open conversations, including activity that was never written to their row', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 10));
    const first = await startTestServer({}, clock);
    await first.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    const { secret } = await first.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
    const post = (id: string) =>
      postCustomerMessage(first.server.url, 'site', secret, { id, contact: { id: 'k', name: 'Kim' }, text: id });
    const { body } = await post('one');
    clock.advance(5_000);
    await post('two');
    clock.advance(5_000);
    await post('three');
    const before = (await first.admin.supervisor.snapshot.query()).conversations.find(
      (c) => c.id === body.conversationId,
    )!;
    expect(before.lastMessageAt).toBe(clock.now());
    await first.server.close();

    const second = await startTestServer({ data: first.dataDir }, clock);
    const after = (await second.admin.supervisor.snapshot.query()).conversations.find(
      (c) => c.id === body.conversationId,
    )!;
    expect(after).toEqual(before);
    await second.close();
  });
});
