// Tells waiting customers their new place in the queue and the expected wait while they wait
// (issue 17 §4), at the cadence of their channel's medium (server/domain/queue-position.ts).
//
// It follows the committed events on the bus, as the statistics do: a conversation that starts
// waiting is tracked, one that is assigned, closed or moved off marks its queue changed. A
// changed queue is looked at once on the next turn and then at most once a second, with one
// walk over its order (Router.positions), so a busy queue costs one O(n) walk a second however
// often it changes, and nothing is added to a message's path. A position that moved enough too
// soon after the last update waits on a `position:<conversationId>` deadline.
import type { Conversation, DeskEvent } from '../../shared/schemas';
import type { Medium } from '../../shared/sla';
import { durationWords } from '../domain/duration-words';
import { DEFAULT_CADENCE, decideUpdate, expectedWaitMinutes, type Cadence, type Told } from '../domain/queue-position';
import { EVERYONE, type PublishedEvent } from '../events/bus';
import { ChangeSet } from './changes';
import type { Desk } from './desk';

/** A queue is looked at no more often than this, however often it changes. */
export const QUEUE_LOOK_INTERVAL_MS = 1_000;

interface Tracked {
  queueId: string;
  cadence: Cadence;
  told: Told;
}

export class QueueUpdates {
  private readonly tracked = new Map<string, Tracked>();
  /** The queue of every waiting conversation, followed or not: whoever leaves one moves the rest up. */
  private readonly waitingIn = new Map<string, string>();
  private readonly byQueue = new Map<string, Set<string>>();
  private readonly lastLook = new Map<string, number>();
  private unsubscribe: (() => void) | null;

  constructor(
    private readonly desk: Desk,
    /** A queue's measured assignments per minute, or null with no history (StatsEngine.serviceRate). */
    private readonly serviceRate: (queueId: string) => number | null,
    private readonly cadences: Record<Medium, Cadence | null> = DEFAULT_CADENCE,
  ) {
    for (const c of desk.book.all())
      if (c.status === 'queued' && c.operatorId === null) this.waiting(c, desk.ctx.clock.now());
    this.unsubscribe = desk.ctx.bus.subscribe(EVERYONE, (published) => this.onEvent(published));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const id of this.tracked.keys()) this.desk.deadlines.clear(`position:${id}`);
    for (const queueId of this.byQueue.keys()) this.desk.deadlines.clear(`position-queue:${queueId}`);
  }

  private onEvent({ event, at }: PublishedEvent): void {
    try {
      this.apply(event, at);
    } catch (error) {
      // A missed update must never take the desk down: the next change of the queue tries again.
      this.desk.ctx.log.error({ err: error, type: event.type }, 'queue updates: event not followed');
    }
  }

  private apply(event: DeskEvent, at: number): void {
    if (event.type !== 'conversation.updated' && event.type !== 'conversation.assigned') return;
    const c = event.conversation;
    if (c.status === 'queued' && c.operatorId === null) return this.waiting(c, at);
    const left = this.waitingIn.get(c.id);
    if (left === undefined) return;
    this.waitingIn.delete(c.id);
    this.untrack(c.id);
    this.queueChanged(left);
  }

  /** A conversation that waits (new, returned, moved, or re-keyed in its queue). */
  private waiting(c: Conversation, at: number): void {
    const left = this.waitingIn.get(c.id);
    this.waitingIn.set(c.id, c.queueId);
    if (left !== undefined && left !== c.queueId) {
      this.untrack(c.id);
      this.queueChanged(left);
    }
    if (!this.tracked.has(c.id)) this.track(c, at);
    this.queueChanged(c.queueId);
  }

  /** Starts following a waiting conversation from the place it has now (what its arrival told it). */
  private track(c: Conversation, at: number): void {
    const cadence = this.cadences[c.medium];
    if (!cadence) return;
    const position = this.desk.ctx.router.position(c.id);
    if (position === null) return;
    this.tracked.set(c.id, { queueId: c.queueId, cadence, told: { position, at } });
    let ids = this.byQueue.get(c.queueId);
    if (!ids) this.byQueue.set(c.queueId, (ids = new Set()));
    ids.add(c.id);
  }

  private untrack(conversationId: string): void {
    const tracked = this.tracked.get(conversationId);
    if (!tracked) return;
    this.tracked.delete(conversationId);
    this.byQueue.get(tracked.queueId)?.delete(conversationId);
    this.desk.deadlines.clear(`position:${conversationId}`);
  }

  private queueChanged(queueId: string): void {
    const key = `position-queue:${queueId}`;
    if (this.desk.deadlines.at(key) !== null || !this.byQueue.get(queueId)?.size) return;
    const at = Math.max(this.desk.ctx.clock.now(), (this.lastLook.get(queueId) ?? -Infinity) + QUEUE_LOOK_INTERVAL_MS);
    this.desk.deadlines.set(key, at, () => this.look(queueId));
  }

  /** Every tracked customer of the queue whose place moved enough, and long enough ago, is told. */
  private async look(queueId: string): Promise<void> {
    const { ctx, book, deadlines } = this.desk;
    const ids = this.byQueue.get(queueId);
    const now = ctx.clock.now();
    this.lastLook.set(queueId, now);
    if (!ids?.size) return;
    const positions = ctx.router.positions(queueId);
    let perMinute: number | undefined;
    const changes = new ChangeSet(ctx, now, 'disk-first');
    for (const id of [...ids]) {
      const tracked = this.tracked.get(id)!;
      const position = positions.get(id);
      const conversation = book.get(id);
      if (position === undefined || !conversation) {
        this.untrack(id);
        continue;
      }
      const decision = decideUpdate(tracked.told, position, now, tracked.cadence);
      if (decision.kind === 'wait-for-change') {
        deadlines.clear(`position:${id}`);
        continue;
      }
      if (decision.kind === 'wait-until') {
        deadlines.set(`position:${id}`, decision.at, () => this.queueChanged(queueId));
        continue;
      }
      perMinute ??= this.serviceRate(queueId) ?? Number.NaN;
      const lang = book.langOf(conversation);
      const minutes = expectedWaitMinutes(position, Number.isNaN(perMinute) ? null : perMinute);
      // With no measured rate the customer hears the place alone: a guessed time is worse than none.
      if (minutes === null)
        book.botMessage(changes, conversation, 'queuePosition', ctx.bot.say(lang, 'queuePosition', { position }));
      else
        book.botMessage(
          changes,
          conversation,
          'queueUpdate',
          ctx.bot.say(lang, 'queueUpdate', { position, wait: durationWords(lang, minutes) }),
        );
      tracked.told = { position, at: now };
      deadlines.clear(`position:${id}`);
    }
    await changes.commit();
  }
}
