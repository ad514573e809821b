// Old events are deleted after the retention; a client asking to resume from before what is
// kept is told to reload instead of silently missing events.
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/api/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { postCustomerMessage } from '../helpers/customer';
import { isMessage, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';

const clock = new ManualClock(Date.UTC(2026, 10, 23, 9));
let t: TestServer;
let secret: string;

beforeAll(async () => {
  t = await startTestServer({ retentionMs: 60_000 }, clock);
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
  ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' }));
});
afterAll(() => t.close());

describe('housekeeping', () => {
  it('deletes events past the retention and refuses to resume from before them', async () => {
    const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    await postCustomerMessage(t.server.url, 'site', secret, { id: 'old', contact: { id: 'k' }, text: 'old news' });
    const early = (await olga.waitFor(isMessage('old news'))).seq;
    await olga.close();

    clock.advance(120_000);
    await t.server.desk.housekeeping.sweep();
    await postCustomerMessage(t.server.url, 'site', secret, { id: 'new', contact: { id: 'k' }, text: 'fresh' });

    const stale = await OperatorSession.connect(t.server, 'olga', 'olga-password', { lastEventId: String(early) });
    const error = (await stale.waitForFailure()) as TRPCClientError<AppRouter>;
    await stale.close();
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(stale.events).toEqual([]);
    expect(error.data?.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/reload the snapshot/);

    // Reloading works: the snapshot has the current state and a resumable id.
    const reloaded = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    const snapshot = await reloaded.api.operator.snapshot.query();
    expect(snapshot.conversations).toHaveLength(1);
    const transcript = await reloaded.api.operator.messages.query({ conversationId: snapshot.conversations[0].id });
    expect(transcript.filter((m) => m.author.type === 'customer').map((m) => m.text)).toEqual(['old news', 'fresh']);
    await reloaded.close();
  });
});
