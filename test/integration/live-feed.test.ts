// The live feed resumes exactly: a client that reconnects with its last event id receives every
// event it missed, once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { isMessage, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let t: TestServer;
  let secret: string;

  beforeAll(async () => {
    // One contact sends bursts here: lift the flood limit out of the way.
    t = await startTestServer({ graceMs: 60_000, contactBurst: 1000, store });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 3 });
    ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' }));
  });
  afterAll(() => t.close());

  describe('live feed', () => {
    it('replays exactly the missed events after a reconnect with lastEventId', async () => {
      const first = await OperatorSession.connect(t.server, 'olga', 'olga-password');
      await postCustomerMessage(t.server.url, 'site', secret, { id: 'r1', contact: { id: 'k' }, text: 'before 1' });
      await first.waitFor(isMessage('before 1'));
      const lastSeen = first.events.at(-1)!.seq;
      await first.close();

      // While she is away (within the grace period) more arrives.
      for (let i = 1; i <= 5; i++)
        await postCustomerMessage(t.server.url, 'site', secret, {
          id: `m${i}`,
          contact: { id: 'k' },
          text: `missed ${i}`,
        });

      const second = await OperatorSession.connect(t.server, 'olga', 'olga-password', {
        lastEventId: String(lastSeen),
      });
      await second.waitFor(isMessage('missed 5'));
      await postCustomerMessage(t.server.url, 'site', secret, {
        id: 'after',
        contact: { id: 'k' },
        text: 'live again',
      });
      await second.waitFor(isMessage('live again'));

      const texts = second.events
        .filter((e) => e.type === 'message.created')
        .map((e) => (e.type === 'message.created' ? e.message.text : ''));
      expect(texts).toEqual(['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5', 'live again']);
      const seqs = second.events.map((e) => e.seq);
      expect(seqs.every((s) => s > lastSeen)).toBe(true);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
      await second.close();
    });

    it('does not lose events published while a replay is in progress', async () => {
      const watcher = await OperatorSession.connect(t.server, 'olga', 'olga-password');
      const from = watcher.events.at(-1)?.seq ?? Number((await watcher.api.operator.snapshot.query()).lastEventId);
      await watcher.close();
      const burst = Array.from({ length: 40 }, (_, i) =>
        postCustomerMessage(t.server.url, 'site', secret, {
          id: `burst-${i}`,
          contact: { id: 'k' },
          text: `burst ${i}`,
        }),
      );
      // Resubscribe while the burst is still being committed.
      const resumed = await OperatorSession.connect(t.server, 'olga', 'olga-password', { lastEventId: String(from) });
      await Promise.all(burst);
      for (let i = 0; i < 40; i++) await resumed.waitFor(isMessage(`burst ${i}`));
      const seqs = resumed.events.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      await resumed.close();
    });

    it('sends the events of one commit as one item, tracked by its last event', async () => {
      const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
      // A new contact's first message: assignment, the message and the bot's greeting commit together.
      await postCustomerMessage(t.server.url, 'site', secret, {
        id: 'b1',
        contact: { id: 'batch' },
        text: 'one commit',
      });
      await olga.waitFor(isMessage('one commit'));
      const item = olga.items.find((i) => i.events.some(isMessage('one commit')))!;
      expect(item.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['conversation.assigned', 'message.created']),
      );
      expect(item.events.length).toBeGreaterThanOrEqual(3);
      for (const { id, events } of olga.items) {
        expect(id).toBe(String(events.at(-1)!.seq));
        expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
      }
      await olga.close();
    });

    it('cuts a long replay into items of at most 200 events, each tracked by its last', async () => {
      const watcher = await OperatorSession.connect(t.server, 'olga', 'olga-password');
      const from = Number((await watcher.api.operator.snapshot.query()).lastEventId);
      await watcher.close();
      for (let i = 0; i < 230; i++)
        await postCustomerMessage(t.server.url, 'site', secret, {
          id: `long-${i}`,
          contact: { id: 'k' },
          text: `long ${i}`,
        });
      const resumed = await OperatorSession.connect(t.server, 'olga', 'olga-password', { lastEventId: String(from) });
      await resumed.waitFor(isMessage('long 229'));
      expect(Math.max(...resumed.items.map((i) => i.events.length))).toBe(200);
      for (const { id, events } of resumed.items) expect(id).toBe(String(events.at(-1)!.seq));
      const texts = resumed.events.flatMap((e) => (e.type === 'message.created' ? [e.message.text] : []));
      expect(texts).toEqual(Array.from({ length: 230 }, (_, i) => `long ${i}`));
      await resumed.close();
    });
  });
});
