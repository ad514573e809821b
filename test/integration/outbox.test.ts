// The webhook outbox on a real store and a real HTTP receiver: retries until a 2xx, keeps each
// conversation's messages in order while one of them is failing, and lets other conversations
// through meanwhile.
import fs from 'node:fs';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, Outbox } from '../../server/channels/outbox';
import { systemClock } from '../../server/domain/clock';
import { SqliteStore } from '../../server/store/sqlite-store';
import { tempDataDir } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';

let dir: string;
let store: SqliteStore;
let hook: WebhookReceiver;
let outbox: Outbox;

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

async function enqueue(conversationId: string, messageId: string) {
  const entry = {
    channel_id: 'site',
    conversation_id: conversationId,
    message_id: messageId,
    body: body(conversationId, messageId),
    attempts: 0,
    next_attempt_at: 0,
    delivered_at: null,
    last_error: null,
  };
  const [rows] = await store.commit([{ query: store.q.insertOutbox, args: entry }]);
  const id = (rows[0] as { id: number }).id;
  outbox.enqueue({ id, channelId: 'site', conversationId, body: entry.body, attempts: 0, nextAttemptAt: 0 });
  return id;
}

beforeEach(async () => {
  dir = tempDataDir();
  store = SqliteStore.inDirectory(dir);
  hook = new WebhookReceiver();
  const url = await hook.start();
  outbox = new Outbox({
    store,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    target: () => ({ url, secret: 'shh' }),
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
    await hook.waitFor((d) => d.payload.message.id === 'a2');
    // a1 was refused once; a2 went only after a1 got through; b1 did not wait for conv-a.
    expect(hook.attempts.filter((id) => id !== 'b1')).toEqual(['a1', 'a1', 'a2']);
    expect(hook.attempts.indexOf('b1')).toBeLessThan(hook.attempts.lastIndexOf('a1'));
    expect(hook.deliveries.map((d) => d.payload.message.id).sort()).toEqual(['a1', 'a2', 'b1']);
    expect(hook.deliveries.every((d) => WebhookReceiver.verify(d, 'shh'))).toBe(true);
    await outbox.stop();
    expect(outbox.pendingCount()).toBe(0);
    expect(await store.all(store.q.pendingOutbox, {})).toEqual([]);
  });

  it('records attempts and marks entries delivered in the store', async () => {
    hook.status = 500;
    const id = await enqueue('conv-c', 'c1');
    await hook.waitForAttempts(1);
    hook.status = 200;
    await hook.waitFor((d) => d.payload.message.id === 'c1');
    await outbox.stop();
    expect(await store.all(store.q.pendingOutbox, {})).toEqual([]);
    const row = await store.get(store.q.outboxById, { id });
    expect(row).toMatchObject({ attempts: 2, last_error: 'webhook answered 500' });
    expect(row!.delivered_at).not.toBeNull();
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
