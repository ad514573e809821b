// Durable delivery of operator and bot messages through their channel's adapter. Entries are
// committed with the message that produced them; this worker hands each to `send` (the
// channel's adapter), stores the provider's id on the message once it is sent, retries with
// exponential backoff after a transient failure, and marks the message failed after a permanent
// one. Pending entries are reloaded on start, so a restart loses nothing (delivery is at least
// once: receivers dedupe by message id). Messages of one conversation go out strictly in order;
// different conversations in parallel.
import type { Logger } from 'pino';
import { realTimer, type Clock, type Timer } from '../domain/clock';
import type { Store } from '../store/store';
import type { DeliveryOutcome } from './adapter';

export interface OutboxEntry {
  id: number;
  channelId: string;
  conversationId: string;
  messageId: string;
  /** The channel-neutral delivery (./delivery.ts), as JSON. */
  body: string;
  attempts: number;
  nextAttemptAt: number;
}

export interface OutboxOptions {
  store: Store;
  clock: Clock;
  /** Waits until a retry is due on `clock` (default setTimeout); a test that drives the clock drives this with it. */
  timer?: Timer;
  log: Logger;
  /** One attempt through the entry's channel adapter; a throw counts as a transient failure. */
  send: (entry: OutboxEntry, signal: AbortSignal) => Promise<DeliveryOutcome>;
  concurrency?: number;
  timeoutMs?: number;
  maxBackoffMs?: number;
  /** After the provider took an entry and that is recorded, with the provider's id for the message. */
  onDelivered?: (entry: OutboxEntry, latencyMs: number, providerId: string | null) => void;
  /** After a provider refused an entry for good and that is recorded (the desk tells the operator). */
  onGaveUp?: (entry: OutboxEntry, error: string) => void;
  /**
   * Recording an attempt failed to commit. The desk's commit rule applies: the process must stop
   * (the entry is still pending on disk, so the next start delivers it again, at least once).
   */
  onFatal: (error: unknown) => void;
}

export function backoffMs(attempts: number, maxMs: number): number {
  const base = Math.min(maxMs, 1000 * 2 ** Math.max(0, attempts - 1));
  // Jitter spreads retries out so a recovering receiver is not hit by all of them at once.
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export class Outbox {
  private readonly byConversation = new Map<string, OutboxEntry[]>();
  private readonly ready = new Set<string>();
  /** How to cancel the retry each conversation waits for. */
  private readonly delayed = new Map<string, () => void>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly maxBackoffMs: number;
  private readonly timer: Timer;

  constructor(private readonly opts: OutboxOptions) {
    this.timer = opts.timer ?? realTimer;
    this.concurrency = opts.concurrency ?? 64;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5 * 60_000;
  }

  async start(): Promise<void> {
    const rows = await this.opts.store.all(this.opts.store.q.pendingOutbox, {});
    for (const row of rows) {
      this.add({
        id: row.id,
        channelId: row.channel_id,
        conversationId: row.conversation_id,
        messageId: row.message_id,
        body: row.body,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at,
      });
    }
    this.pump();
  }

  enqueue(entry: OutboxEntry): void {
    this.add(entry);
    this.pump();
  }

  /**
   * The channel's provider can be reached again (a link came back): its deliveries that wait out
   * a backoff are tried now instead of at their next attempt. Order per conversation is kept: only
   * a conversation's head is ever scheduled.
   */
  retryChannelNow(channelId: string): void {
    for (const [conversationId, cancel] of this.delayed) {
      if (this.byConversation.get(conversationId)?.[0]?.channelId !== channelId) continue;
      cancel();
      this.delayed.delete(conversationId);
      this.ready.add(conversationId);
    }
    this.pump();
  }

  pendingCount(): number {
    let count = 0;
    for (const entries of this.byConversation.values()) count += entries.length;
    return count;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.delayed.values()) cancel();
    this.delayed.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private add(entry: OutboxEntry): void {
    const entries = this.byConversation.get(entry.conversationId);
    if (entries) {
      entries.push(entry);
      return;
    }
    this.byConversation.set(entry.conversationId, [entry]);
    this.schedule(entry.conversationId, entry.nextAttemptAt);
  }

  private schedule(conversationId: string, at: number): void {
    const wait = at - this.opts.clock.now();
    if (wait <= 0) {
      this.ready.add(conversationId);
      return;
    }
    const cancel = this.timer(() => {
      this.delayed.delete(conversationId);
      this.ready.add(conversationId);
      this.pump();
    }, wait);
    this.delayed.set(conversationId, cancel);
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.concurrency && this.ready.size > 0) {
      const conversationId = this.ready.values().next().value as string;
      this.ready.delete(conversationId);
      const head = this.byConversation.get(conversationId)?.[0];
      if (!head) continue;
      const delivery = this.deliver(head)
        .catch((error: unknown) => {
          this.stopped = true;
          this.opts.log.fatal({ err: error, outboxId: head.id }, 'could not record a delivery attempt');
          try {
            this.opts.onFatal(error);
          } catch {
            // A test's onFatal rethrows for the caller to see; a delivery has no caller to tell.
          }
        })
        .finally(() => {
          this.inFlight.delete(delivery);
          this.pump();
        });
      this.inFlight.add(delivery);
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const { store, clock, log } = this.opts;
    const started = clock.now();
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.opts.send(entry, AbortSignal.timeout(this.timeoutMs));
    } catch (cause) {
      outcome = { status: 'transient', error: `adapter failed: ${(cause as Error).message}` };
    }
    const attempts = entry.attempts + 1;
    const now = clock.now();
    if (outcome.status === 'transient') {
      entry.attempts = attempts;
      // A provider that said how long to wait (a 429's retry_after) is not asked again sooner.
      entry.nextAttemptAt = now + Math.max(backoffMs(attempts, this.maxBackoffMs), outcome.retryAfterMs ?? 0);
      log.warn(
        { outboxId: entry.id, channelId: entry.channelId, attempts, error: outcome.error },
        'delivery failed; will retry',
      );
      await store.commit([
        {
          query: store.q.outboxFailed,
          args: { id: entry.id, attempts, next_attempt_at: entry.nextAttemptAt, last_error: outcome.error },
        },
      ]);
      if (!this.stopped) this.schedule(entry.conversationId, entry.nextAttemptAt);
      return;
    }
    if (outcome.status === 'sent') {
      await store.commit([
        { query: store.q.outboxDelivered, args: { id: entry.id, delivered_at: now, attempts } },
        { query: store.q.messageSent, args: { id: entry.messageId, provider_id: outcome.providerId } },
      ]);
      this.opts.onDelivered?.(entry, now - started, outcome.providerId);
    } else {
      log.warn(
        { outboxId: entry.id, channelId: entry.channelId, attempts, error: outcome.error },
        'delivery refused for good; the message is marked failed',
      );
      await store.commit([
        { query: store.q.outboxGaveUp, args: { id: entry.id, attempts, failed_at: now, last_error: outcome.error } },
        { query: store.q.messageFailed, args: { id: entry.messageId, delivery_error: outcome.error } },
      ]);
      this.opts.onGaveUp?.(entry, outcome.error);
    }
    // Done with, either way: the conversation's next message may go.
    const entries = this.byConversation.get(entry.conversationId)!;
    entries.shift();
    if (entries.length === 0) this.byConversation.delete(entry.conversationId);
    else this.schedule(entry.conversationId, entries[0].nextAttemptAt);
  }
}
