// The webhook outbox on a real store and a real HTTP receiver: retries until a 2xx, keeps each
// conversation's messages in order while one of them is failing, and lets other conversations
// through meanwhile. Retries wait on a virtual clock and timer (test/helpers/virtual-time.ts):
// the test moves time to each retry's due moment instead of waiting real seconds.
import fs from 'node:fs';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, Outbox } from '../../server/channels/outbox';
import { BUILT_IN_ADAPTERS, ChannelAdapters } from '../../server/channels/registry';
import type { ChannelRecord } from '../../server/desk/mappers';
import { SqliteStore } from '../../server/store/sqlite-store';
import { FailingStore } from '../helpers/failing-store';
import { tempDataDir } from '../helpers/server';
import { VirtualTime } from '../helpers/virtual-time';
import { WebhookReceiver } from '../helpers/webhook-receiver';

let dir: string;
let store: SqliteStore;
let hook: WebhookReceiver;
let outbox: Outbox;
let time: VirtualTime;
let failing: FailingStore;
let fatal: Promise<unknown>;

/** The first retry waits 1 s ± 25 % jitter (backoffMs). */
const FIRST_RETRY = { min: 750, max: 1250 };

function body(conversationId: string, messageId: string): string {
  return JSON.stringify({
    event: 'message.created',
    channelId: 'site',
    conversationId,
    contact: { id: 'c' },
    message: {
      id: messageId,
      text: messageId,
      author: { type: 'bot', name: 'textdesk' },
      createdAt: new Date(0).toISOString(),
    },
  });
}

async function enqueue(conversationId: string, messageId: string, channelId = 'site') {
  const entry = {
    channel_id: channelId,
    conversation_id: conversationId,
    message_id: messageId,
    body: body(conversationId, messageId),
    attempts: 0,
    next_attempt_at: 0,
    delivered_at: null,
    last_error: null,
    failed_at: null,
  };
  const [rows] = await store.commit([{ query: store.q.insertOutbox, args: entry }]);
  const id = (rows[0] as { id: number }).id;
  outbox.enqueue({ id, channelId, conversationId, messageId, body: entry.body, attempts: 0, nextAttemptAt: 0 });
  return id;
}

beforeEach(async () => {
  dir = tempDataDir();
  store = SqliteStore.inDirectory(dir);
  hook = new WebhookReceiver();
  const url = await hook.start();
  // The real API adapter posts to the receiver: the outbox's entries are what the desk stores.
  const adapters = new ChannelAdapters(Object.values(BUILT_IN_ADAPTERS));
  const site: ChannelRecord = {
    id: 'site',
    name: 'Site',
    adapter: 'api',
    medium: 'chat',
    queueId: 'support',
    lang: 'en',
    weight: 1,
    slaFirstResponseMs: 60_000,
    slaNextResponseMs: 60_000,
    settings: { webhookUrl: url },
    secret: 'shh',
    credentials: {},
  };
  time = new VirtualTime(Date.UTC(2025, 0, 6, 12));
  failing = new FailingStore(store);
  let reportFatal!: (error: unknown) => void;
  fatal = new Promise((resolve) => (reportFatal = resolve));
  outbox = new Outbox({
    store: failing,
    onFatal: reportFatal,
    clock: time,
    timer: time.schedule,
    log: pino({ level: 'silent' }),
    send: (entry, signal) => adapters.deliver(site, entry.body, signal),
    maxBackoffMs: 2000,
  });
  await outbox.start();
});

afterEach(async () => {
  await outbox.stop();
  await hook.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('outbox', () => {
  it('retries a failing webhook and keeps that conversation in order, without holding up others', async () => {
    let refusedA1 = false;
    hook.statusFor = (payload) => {
      if (payload.message.id !== 'a1' || refusedA1) return 200;
      refusedA1 = true;
      return 503;
    };
    await enqueue('conv-a', 'a1');
    await enqueue('conv-a', 'a2');
    await enqueue('conv-b', 'b1');
    // a1 is refused and its retry set; b1 goes through meanwhile; a2 waits behind a1.
    await hook.waitFor((d) => d.payload.message.id === 'b1');
    const delay = await time.nextTimer();
    expect(delay).toBeGreaterThanOrEqual(FIRST_RETRY.min);
    expect(delay).toBeLessThanOrEqual(FIRST_RETRY.max);
    expect(hook.attempts.filter((id) => id !== 'b1')).toEqual(['a1']);
    // Not a moment early: 1 ms before its time the retry is still waiting.
    await time.advance(delay - 1);
    expect(time.pending()).toEqual([1]);
    await time.advance(1);
    await hook.waitFor((d) => d.payload.message.id === 'a2');
    expect(hook.attempts.filter((id) => id !== 'b1')).toEqual(['a1', 'a1', 'a2']);
    expect(hook.deliveries.map((d) => d.payload.message.id)).toEqual(['b1', 'a1', 'a2']);
    expect(hook.deliveries.every((d) => WebhookReceiver.verify(d, 'shh'))).toBe(true);
    await outbox.stop();
    expect(outbox.pendingCount()).toBe(0);
    expect(await store.all(store.q.pendingOutbox, {})).toEqual([]);
  });

  it('records attempts and marks entries delivered in the store', async () => {
    hook.status = 500;
    const id = await enqueue('conv-c', 'c1');
    const delay = await time.nextTimer();
    expect(await store.get(store.q.outboxById, { id })).toMatchObject({
      attempts: 1,
      next_attempt_at: time.now() + delay,
      last_error: 'webhook answered 500',
      delivered_at: null,
    });
    hook.status = 200;
    await time.advance(delay);
    await hook.waitFor((d) => d.payload.message.id === 'c1');
    await outbox.stop();
    expect(await store.all(store.q.pendingOutbox, {})).toEqual([]);
    const row = await store.get(store.q.outboxById, { id });
    expect(row).toMatchObject({ attempts: 2, last_error: 'webhook answered 500', delivered_at: time.now() });
  });

  it('a retry waits twice as long after each failure, and stopping cancels the one pending', async () => {
    hook.status = 503;
    await enqueue('conv-d', 'd1');
    const first = await time.nextTimer();
    await time.advance(first);
    await hook.waitForAttempts(2);
    const second = await time.nextTimer();
    // 2 s ± 25 % after the second failure.
    expect(second).toBeGreaterThanOrEqual(1500);
    expect(second).toBeLessThanOrEqual(2500);
    await outbox.stop();
    expect(time.pending()).toEqual([]);
    expect(outbox.pendingCount()).toBe(1);
    expect(hook.attempts).toEqual(['d1', 'd1']);
  });

  it('a channel whose link is back is retried at once, in order, while other channels wait out their backoff', async () => {
    hook.status = 503;
    await enqueue('conv-e', 'e1');
    await enqueue('conv-e', 'e2');
    await enqueue('conv-f', 'f1', 'elsewhere');
    await time.timersSet(2);
    hook.status = 200;
    outbox.retryChannelNow('site');
    await hook.waitFor((d) => d.payload.message.id === 'e2');
    // No time passed: the link's return, not the backoff, let e1 and then e2 go; f1 still waits.
    expect(hook.deliveries.map((d) => d.payload.message.id)).toEqual(['e1', 'e2']);
    expect(time.pending()).toHaveLength(1);
    expect(hook.attempts.filter((id) => id === 'f1')).toHaveLength(1);
  });

  it('a failed commit of a delivery stops the server by the commit rule, and the entry stays pending on disk', async () => {
    const injected = failing.failNextCommitOf(store.q.outboxDelivered, 'io');
    const id = await enqueue('conv-e', 'e1');
    expect(await fatal).toBe(injected);
    expect(failing.isArmed).toBe(false);
    expect(hook.attempts).toEqual(['e1']);
    // The next start delivers it again: at least once, never lost.
    expect(await store.get(store.q.outboxById, { id })).toMatchObject({ delivered_at: null });
  });

  it('backs off exponentially with jitter, capped', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const base = Math.min(300_000, 1000 * 2 ** (attempt - 1));
      const delay = backoffMs(attempt, 300_000);
      expect(delay).toBeGreaterThanOrEqual(base * 0.75);
      expect(delay).toBeLessThanOrEqual(base * 1.25);
    }
  });
});
