// Live statistics for supervisors: turns the committed desk events on the bus into StatsEngine
// facts, ticks about once a second, and keeps the latest snapshot and the alerts of each tick for
// the API, /metrics and the dashboard. Application layer: the domain never imports it.
//
// Event → fact mapping (the desk publishes nothing stats-specific):
// - conversation.updated, status queued: a conversation the engine does not hold is queued
//   (new or reopened); one it holds that changed queue, stint or holder is transferred (moved
//   to a queue, or put back after its operator's grace) and keeps its first-response deadline.
// - conversation.assigned: assigned. message.created: customer → in; operator, not private →
//   out and (the first time) the first response; bot → out with no operator.
// - conversation.updated, status resolved: resolved — or abandoned when it was closed with
//   firstResponseAt === null, i.e. the customer left or the dialog was closed before any answer.
// - conversation.rated: rating. operator.updated and every assignment or removal: the
//   operator's status, capacity and load as the directory and router have them now.
import type { Conversation, DeskEvent, Operator } from '../../shared/schemas';
import type { Alert, QueueStatsLine, StatsSnapshot, StatsTick } from '../../shared/stats';
import { RATING_WINDOW_MS } from '../domain/conversation';
import { StatsEngine } from '../domain/stats';
import { EVERYONE, type PublishedEvent } from '../events/bus';
import type { Desk } from './desk';

export interface StatsServiceOptions {
  /** Tick period; null starts no timer (tests call tick() themselves). Default 1000. */
  intervalMs?: number | null;
  /** Where "today" starts. Default: the server's local zone at start. */
  utcOffsetMinutes?: number;
  serviceLevelGoal?: number;
  /** Alerts kept for a newly connected dashboard's log. */
  recentAlertsKept?: number;
}

/** Where a conversation is, as the service last saw it: enough to tell a transfer from an update. */
interface Tracked {
  queueId: string;
  channelId: string;
  status: Conversation['status'];
  operatorId: string | null;
  queuedAt: number | null;
  /** Set once resolved: kept for the rating window so late messages still count per queue. */
  closedAt: number | null;
}

type TickListener = (tick: StatsTick) => void;

export class StatsService {
  readonly engine: StatsEngine;
  private readonly tracked = new Map<string, Tracked>();
  /** Operators the engine shows: role operator, anyone with capacity, anyone who took part. */
  private readonly shown = new Set<string>();
  private readonly listeners = new Set<TickListener>();
  private readonly recent: Alert[] = [];
  private readonly recentKept: number;
  private latestTick: StatsTick | null = null;
  private operatorsSeen = -1;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly desk: Desk,
    options: StatsServiceOptions = {},
  ) {
    const { clock } = desk.ctx;
    this.engine = new StatsEngine({
      clock,
      utcOffsetMinutes: options.utcOffsetMinutes ?? -new Date(clock.now()).getTimezoneOffset(),
      serviceLevelGoal: options.serviceLevelGoal,
    });
    this.recentKept = options.recentAlertsKept ?? 50;
    this.seed();
    // Subscribed in the same turn as the seed: nothing committed can fall in between.
    this.unsubscribe = desk.ctx.bus.subscribe(EVERYONE, (event) => this.onEvent(event));
    const intervalMs = options.intervalMs === undefined ? 1000 : options.intervalMs;
    if (intervalMs !== null) {
      this.timer = setInterval(() => this.tick(), intervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
  }

  /** Computes a snapshot and the new alerts, keeps them, and hands them to every listener. */
  tick(): StatsTick {
    this.refreshCatalog();
    const snapshot = this.engine.snapshot();
    const alerts = this.engine.alerts(this.desk.ctx.disk);
    this.recent.push(...alerts);
    this.recent.splice(0, Math.max(0, this.recent.length - this.recentKept));
    this.pruneClosed(snapshot.at);
    const tick = { snapshot, alerts };
    this.latestTick = tick;
    for (const listener of this.listeners) {
      try {
        listener(tick);
      } catch (error) {
        this.desk.ctx.log.error({ err: error }, 'a stats listener failed');
      }
    }
    return tick;
  }

  /** The snapshot of the last tick, or null before the first. */
  latest(): StatsSnapshot | null {
    return this.latestTick?.snapshot ?? null;
  }

  /** A snapshot as of now (does not consume alerts). */
  current(): StatsSnapshot {
    this.refreshCatalog();
    return this.engine.snapshot();
  }

  /** The last alerts raised, oldest first, for a log that starts now. */
  recentAlerts(): Alert[] {
    return [...this.recent];
  }

  onTick(listener: TickListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- seeding ------------------------------------------------------------------------------

  private seed(): void {
    const { directory, book } = this.desk;
    this.refreshCatalog();
    for (const c of book.all()) {
      const channel = directory.channels.get(c.channelId);
      const enteredQueueAt = c.queuedAt ?? c.createdAt;
      this.engine.conversationRestored({
        conversationId: c.id,
        queueId: c.queueId,
        channelId: c.channelId,
        slaTargetMs: c.slaTargetMs ?? channel?.slaFirstResponseMs ?? 60_000,
        ...(channel?.slaClock === 'business' && c.slaDueAt !== null && { slaDueAt: c.slaDueAt }),
        queuedAt: c.waitingSince ?? enteredQueueAt,
        enteredQueueAt,
        operatorId: c.operatorId,
        assignedAt: c.assignedAt,
        answered: c.waitingSince === null,
      });
      this.track(c);
      if (c.operatorId) this.showOperator(c.operatorId, this.desk.ctx.clock.now());
    }
  }

  private refreshCatalog(): void {
    const { directory } = this.desk;
    // Operators created since (no event announces them) are shown, offline, from the next tick.
    if (directory.operators.size !== this.operatorsSeen) {
      this.operatorsSeen = directory.operators.size;
      const now = this.desk.ctx.clock.now();
      for (const op of directory.operators.values()) {
        if (op.role === 'operator' || op.capacity > 0) this.showOperator(op.id, now);
      }
    }
    this.engine.setQueues(directory.listQueues().map((q) => ({ id: q.id, name: q.name })));
    this.engine.setChannels(
      [...directory.channels.values()].map((c) => ({ id: c.id, name: c.name, medium: c.medium })),
    );
  }

  // ---- events → facts -----------------------------------------------------------------------

  private onEvent(published: PublishedEvent): void {
    try {
      this.apply(published.event, published.at, published.operatorId);
    } catch (error) {
      // Statistics must never take the desk down: log, and the next events carry on.
      this.desk.ctx.log.error({ err: error, type: published.event.type }, 'stats: event not counted');
    }
  }

  private apply(event: DeskEvent, at: number, audience: string | null): void {
    const { engine } = this;
    switch (event.type) {
      case 'conversation.updated':
        return this.conversationUpdated(event.conversation, at);
      case 'conversation.assigned': {
        const c = event.conversation;
        if (!c.operatorId) return;
        this.showOperator(c.operatorId, at);
        engine.conversationAssigned({ conversationId: c.id, operatorId: c.operatorId, at });
        this.track(c);
        return this.operatorChanged(c.operatorId, at);
      }
      case 'conversation.removed':
        if (audience) this.operatorChanged(audience, at);
        return;
      case 'message.created': {
        const m = event.message;
        const where = this.locate(m.conversationId);
        if (!where) return;
        const base = { conversationId: m.conversationId, queueId: where.queueId, channelId: where.channelId, at };
        if (m.author.type === 'customer') return engine.messageIn(base);
        if (m.author.type === 'bot') return engine.messageOut({ ...base, operatorId: null });
        if (m.private || !m.author.id) return;
        this.showOperator(m.author.id, at);
        engine.firstResponse({ conversationId: m.conversationId, operatorId: m.author.id, at });
        return engine.messageOut({ ...base, operatorId: m.author.id });
      }
      case 'conversation.rated':
        if (event.operatorId) this.showOperator(event.operatorId, at);
        return engine.rating({
          conversationId: event.conversationId,
          operatorId: event.operatorId,
          queueId: event.queueId,
          channelId: event.channelId,
          score: event.score as 1 | 2 | 3 | 4 | 5,
          at,
        });
      case 'operator.updated':
        return this.operatorUpdated(event.operator, at);
      case 'callback.overdue':
        return engine.callbackOverdue(event.callback, event.waitedMs, at);
      case 'conversation.reassigned':
        return engine.conversationReassigned({ ...event, at });
      case 'callback.requested':
      case 'callback.changed':
      case 'template.changed':
      case 'template.deleted':
      case 'message.delivery':
      case 'conversation.typing': // ephemeral, for the holder's feed only: never seen here
      case 'customer.merged':
        return;
    }
  }

  private conversationUpdated(c: Conversation, at: number): void {
    const { engine } = this;
    const before = this.tracked.get(c.id);
    const open = before !== undefined && before.closedAt === null;
    if (c.status === 'queued') {
      if (!open) {
        const target = c.slaTargetMs ?? this.desk.directory.channels.get(c.channelId)?.slaFirstResponseMs ?? 60_000;
        engine.conversationQueued({
          conversationId: c.id,
          queueId: c.queueId,
          channelId: c.channelId,
          slaTargetMs: target,
          // Business time (issue 17 §1): the live figures use the deadline the operator sees.
          ...(this.desk.directory.channels.get(c.channelId)?.slaClock === 'business' &&
            c.slaDueAt !== null && { slaDueAt: c.slaDueAt }),
          at,
        });
      } else if (before.status !== 'queued' || before.queueId !== c.queueId || before.queuedAt !== c.queuedAt) {
        engine.conversationTransferred({ conversationId: c.id, toQueueId: c.queueId, at });
      }
      this.track(c);
      if (open && before.operatorId) this.operatorChanged(before.operatorId, at);
      return;
    }
    if (c.status === 'resolved') {
      if (!open) return;
      const holder = before.operatorId;
      if (c.firstResponseAt === null) engine.conversationAbandoned({ conversationId: c.id, at });
      else engine.conversationResolved({ conversationId: c.id, operatorId: holder, at });
      this.tracked.set(c.id, { ...before, status: 'resolved', operatorId: null, closedAt: at });
      if (holder) this.operatorChanged(holder, at);
      return;
    }
    // assigned: a reply or a new customer message changed its clock; the assignment itself
    // arrives as conversation.assigned.
    if (open) this.track(c);
  }

  private track(c: Conversation): void {
    this.tracked.set(c.id, {
      queueId: c.queueId,
      channelId: c.channelId,
      status: c.status,
      operatorId: c.operatorId,
      queuedAt: c.queuedAt,
      closedAt: c.status === 'resolved' ? this.desk.ctx.clock.now() : null,
    });
  }

  private locate(conversationId: string): { queueId: string; channelId: string } | undefined {
    return this.tracked.get(conversationId) ?? this.desk.book.get(conversationId);
  }

  /** Forgets closed conversations once no rating can arrive for them. */
  private pruneClosed(now: number): void {
    for (const [id, t] of this.tracked) {
      if (t.closedAt !== null && now - t.closedAt > RATING_WINDOW_MS + 60_000) this.tracked.delete(id);
    }
  }

  private operatorUpdated(view: Operator, at: number): void {
    if (view.role !== 'operator' && view.capacity === 0 && !this.shown.has(view.id)) return;
    this.shown.add(view.id);
    this.engine.operatorChanged({
      operatorId: view.id,
      name: view.name,
      status: view.status,
      capacity: view.capacity,
      load: this.desk.ctx.router.load(view.id),
      at,
    });
  }

  private showOperator(operatorId: string, at: number): void {
    if (this.shown.has(operatorId)) return;
    this.shown.add(operatorId);
    this.operatorChanged(operatorId, at);
  }

  private operatorChanged(operatorId: string, at: number): void {
    const record = this.desk.directory.operators.get(operatorId);
    if (!record || !this.shown.has(operatorId)) return;
    const view = this.desk.directory.operatorView(record);
    this.engine.operatorChanged({
      operatorId,
      name: view.name,
      status: view.status,
      capacity: view.capacity,
      load: view.load,
      at,
    });
  }
}

/** The operator console's status line: waiting and longest wait per queue. */
export function queueStatsLine(snapshot: StatsSnapshot): QueueStatsLine {
  return {
    at: snapshot.at,
    queues: snapshot.queues.map((q) => ({
      id: q.queueId,
      name: q.name,
      waiting: q.waiting,
      longestWaitMs: q.longestWaitMs,
    })),
  };
}
