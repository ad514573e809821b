// Live contact-center statistics, kept incrementally: each fact from the service layer updates
// counters and time buckets once, so a snapshot costs O(queues + channels + operators), not
// O(history). Pure: no I/O, time comes from the injected clock and the facts' own `at`.
import type { Alert, StatsSnapshot } from '../../shared/stats';
import type { Clock } from './clock';
import { AlertRules, type DiskAlertView } from './stats-alerts';
import { DeadlineHeap } from './stats-deadlines';
import { serviceRate } from './queue-position';
import type * as F from './stats-facts';
import { StatsCatalog } from './stats-catalog';
import { type OpenConversation, StatsScope } from './stats-scope';
import { MINUTE, type StatsFact, dayStartOf } from './stats-window';

export interface StatsEngineOptions {
  clock: Clock;
  /** Where "today" starts: local midnight of a zone this many minutes east of UTC. */
  utcOffsetMinutes?: number;
  /** The share answered within target the desk aims for; shown against service level. */
  serviceLevelGoal?: number;
  silentAfterMs?: number;
}

const NEAR_SHARE = 0.8;

export class StatsEngine {
  private readonly clock: Clock;
  private readonly utcOffsetMinutes: number;
  private readonly serviceLevelGoal: number;
  private readonly startedAt: number;
  private readonly conversations = new Map<string, OpenConversation>();
  private readonly catalog: StatsCatalog;
  private readonly total: StatsScope;
  private readonly deadlines = new DeadlineHeap();
  private readonly rules: AlertRules;
  private time: number;

  constructor(options: StatsEngineOptions) {
    this.clock = options.clock;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
    this.serviceLevelGoal = options.serviceLevelGoal ?? 0.8;
    this.rules = new AlertRules({ silentAfterMs: options.silentAfterMs ?? 5 * MINUTE });
    this.startedAt = this.time = this.clock.now();
    this.total = this.newScope();
    this.catalog = new StatsCatalog(
      () => this.newScope(),
      (at) => this.dayStart(at),
    );
  }

  setQueues(queues: F.QueueInfo[]): void {
    this.catalog.setQueues(queues, this.time);
  }

  setChannels(channels: F.ChannelInfo[]): void {
    this.catalog.setChannels(channels, this.time);
  }

  conversationQueued(f: F.ConversationQueued): void {
    this.catchUp(f.at);
    const old = this.conversations.get(f.conversationId);
    if (old) this.detach(old, f.at);
    const c: OpenConversation = {
      id: f.conversationId,
      queueId: f.queueId,
      channelId: f.channelId,
      slaTargetMs: f.slaTargetMs,
      ...(f.slaDueAt !== undefined && { slaDueAt: f.slaDueAt }),
      queuedAt: f.at,
      enteredQueueAt: f.at,
      operatorId: null,
      assignedAt: null,
      answered: false,
      sla: 'ok',
      awaitingReplySince: f.at,
    };
    this.conversations.set(c.id, c);
    this.attach(c, f.at);
    this.pushDeadlines(c);
  }

  /**
   * Seeds an open conversation after a restart: live figures count it from now on, but none of
   * its past (waits, answers) is recorded again. Deadlines already passed count as they fall due.
   */
  conversationRestored(f: F.ConversationRestored): void {
    const old = this.conversations.get(f.conversationId);
    if (old) this.detach(old, this.time);
    const c: OpenConversation = {
      id: f.conversationId,
      queueId: f.queueId,
      channelId: f.channelId,
      slaTargetMs: f.slaTargetMs,
      ...(f.slaDueAt !== undefined && { slaDueAt: f.slaDueAt }),
      queuedAt: f.queuedAt,
      enteredQueueAt: f.enteredQueueAt,
      operatorId: f.operatorId,
      assignedAt: f.operatorId === null ? null : (f.assignedAt ?? f.enteredQueueAt),
      answered: f.answered,
      sla: 'ok',
      awaitingReplySince: f.answered ? null : f.queuedAt,
    };
    this.conversations.set(c.id, c);
    this.attach(c, this.time);
    if (c.answered) return;
    this.pushDeadlines(c);
  }

  /** Near and breach: shares of the target on the wall clock, or of the span to a business-time deadline. */
  private pushDeadlines(c: OpenConversation): void {
    const base = { conversationId: c.id, queuedAt: c.queuedAt };
    const due = dueOf(c);
    this.deadlines.push({ ...base, kind: 'near', at: c.queuedAt + (due - c.queuedAt) * NEAR_SHARE });
    this.deadlines.push({ ...base, kind: 'breach', at: due });
  }

  /** Also for a re-assignment from one operator to another. */
  conversationAssigned(f: F.ConversationAssigned): void {
    const c = this.open(f.conversationId, f.at);
    if (!c) return;
    const waitMs = c.operatorId === null ? f.at - c.enteredQueueAt : null;
    this.detach(c, f.at);
    c.operatorId = f.operatorId;
    c.assignedAt = f.at;
    this.attach(c, f.at);
    if (waitMs !== null) this.record(c, f.at, { kind: 'waited', waitMs });
  }

  /** Only the first call per conversation counts. */
  firstResponse(f: F.FirstResponse): void {
    const c = this.open(f.conversationId, f.at);
    if (!c || c.answered) return;
    const firstResponseMs = f.at - c.queuedAt;
    this.changeSla(c, () => (c.answered = true));
    this.record(c, f.at, {
      kind: 'answered',
      firstResponseMs,
      withinTarget: f.at <= dueOf(c),
    });
    const ownAssignment = c.operatorId === f.operatorId && c.assignedAt !== null;
    const since = ownAssignment ? (c.assignedAt as number) : c.queuedAt;
    // The operator's answer time runs from their assignment; FRT above from the customer's message.
    this.catalog.operator(f.operatorId, f.at).answered(f.at - since, this.dayStart(f.at));
  }

  messageIn(f: F.MessageIn): void {
    this.catchUp(f.at);
    this.recordIn(f.queueId, f.channelId, f.at, { kind: 'messageIn' });
    const c = this.conversations.get(f.conversationId);
    if (c && c.awaitingReplySince === null) c.awaitingReplySince = f.at;
  }

  messageOut(f: F.MessageOut): void {
    this.catchUp(f.at);
    this.recordIn(f.queueId, f.channelId, f.at, { kind: 'messageOut' });
    if (f.operatorId === null) return;
    const c = this.conversations.get(f.conversationId);
    if (c) c.awaitingReplySince = null;
    this.catalog.operator(f.operatorId, f.at).replied(f.at);
  }

  conversationResolved(f: F.ConversationResolved): void {
    const c = this.open(f.conversationId, f.at);
    if (c) this.close(c, f.at);
    if (f.operatorId === null) return;
    const handleMs = c && c.operatorId === f.operatorId && c.assignedAt !== null ? f.at - c.assignedAt : null;
    this.catalog.operator(f.operatorId, f.at).resolved(handleMs, this.dayStart(f.at));
  }

  /** The customer left before any operator reply; after a reply it is only a close. */
  conversationAbandoned(f: F.ConversationAbandoned): void {
    const c = this.open(f.conversationId, f.at);
    if (!c) return;
    this.close(c, f.at);
    if (c.answered) return;
    this.record(c, f.at, { kind: 'abandoned', afterTarget: f.at - c.queuedAt > c.slaTargetMs });
  }

  /** Back to waiting in another (or the same) queue; the first-response deadline stays. */
  conversationTransferred(f: F.ConversationTransferred): void {
    const c = this.open(f.conversationId, f.at);
    if (!c) return;
    this.detach(c, f.at);
    c.queueId = f.toQueueId;
    c.operatorId = null;
    c.assignedAt = null;
    c.enteredQueueAt = f.at;
    this.attach(c, f.at);
  }

  /** Issue 17 §2: raises the supervisors' alert; the return itself comes as the dialog's update. */
  conversationReassigned(f: { conversationId: string; operatorId: string; queueId: string; at: number }): void {
    const names = {
      operator: this.catalog.operators.get(f.operatorId)?.name ?? f.operatorId,
      queue: this.catalog.queue(f.queueId).name,
    };
    this.rules.reassigned(f, names, f.at);
  }

  operatorChanged(f: F.OperatorChanged): void {
    this.catchUp(f.at);
    const op = this.catalog.operator(f.operatorId, f.at);
    op.name = f.name;
    op.capacity = f.capacity;
    op.load = f.load;
    op.setStatus(f.status, f.at, this.dayStart(f.at));
  }

  rating(f: F.Rating): void {
    this.catchUp(f.at);
    const fact: StatsFact = { kind: 'rating', score: f.score };
    this.catalog.queue(f.queueId).scope.record(f.at, fact);
    if (f.channelId !== undefined) this.catalog.channel(f.channelId).scope.record(f.at, fact);
    this.total.record(f.at, fact);
    if (f.operatorId === null) return;
    this.catalog.operator(f.operatorId, f.at).rated(f.score, this.dayStart(f.at));
  }

  /** A queue's measured service rate in assignments per minute (queue-position.ts), or null with no history. */
  serviceRate(queueId: string): number | null {
    const now = this.clock.now();
    this.catchUp(now);
    const queue = this.catalog.queues.get(queueId);
    if (!queue) return null;
    const { fiveMinutes, hour } = queue.scope.served(now);
    return serviceRate(fiveMinutes, hour);
  }

  snapshot(): StatsSnapshot {
    const now = this.clock.now();
    this.catchUp(now);
    const dayStart = this.dayStart(now);
    const scopeStats = (s: StatsScope) => {
      s.advance(now);
      return { ...s.live(now), windows: s.windows(now) };
    };
    const operators = [...this.catalog.operators.values()].map((op) => op.toStats(now, dayStart));
    const byStatus = (status: string) => operators.filter((o) => o.status === status).length;
    return {
      at: now,
      serviceLevelGoal: this.serviceLevelGoal,
      queues: [...this.catalog.queues].map(([queueId, q]) => ({
        queueId,
        name: q.name,
        ...scopeStats(q.scope),
        history: q.scope.history(),
      })),
      channels: [...this.catalog.channels].map(([channelId, c]) => ({
        channelId,
        name: c.name,
        medium: c.medium,
        ...scopeStats(c.scope),
      })),
      operators,
      totals: {
        ...scopeStats(this.total),
        operatorsAvailable: byStatus('available'),
        operatorsAway: byStatus('away'),
        operatorsOffline: byStatus('offline'),
      },
      history: this.total.history(),
    };
  }

  /** A call-back request waited past its target: an alert on the next tick. */
  callbackOverdue(
    c: { id: string; queueId: string; conversationId: string; phone: string },
    waitedMs: number,
    at: number,
  ): void {
    this.rules.callbackOverdue(c, waitedMs, at);
  }

  /** Alerts raised since the last call; call once per tick. `disk`: the data directory's free space. */
  alerts(disk?: DiskAlertView): Alert[] {
    const now = this.clock.now();
    this.catchUp(now);
    const queues = [...this.catalog.queues].map(([id, q]) => ({
      id,
      name: q.name,
      waitingNearTarget: q.scope.waitingNearTarget,
    }));
    return this.rules.evaluate(now, queues, this.catalog.operators.values(), this.conversations, disk);
  }

  /** Applies the SLA moments that passed up to `at`, before the fact stamped `at`. */
  private catchUp(at: number): void {
    this.time = Math.max(this.time, at);
    for (let d = this.deadlines.popDue(this.time); d; d = this.deadlines.popDue(this.time)) {
      const c = this.conversations.get(d.conversationId);
      if (!c || c.answered || c.queuedAt !== d.queuedAt || c.sla === 'breached') continue;
      if (c.sla === 'ok') this.record(c, d.at, { kind: 'nearBreach' });
      if (d.kind === 'near') {
        this.changeSla(c, () => (c.sla = 'near'));
        continue;
      }
      this.changeSla(c, () => (c.sla = 'breached'));
      this.record(c, d.at, { kind: 'breach' });
      this.rules.breached(c, this.catalog.queue(c.queueId).name, d.at);
    }
  }

  private open(conversationId: string, at: number): OpenConversation | undefined {
    this.catchUp(at);
    return this.conversations.get(conversationId);
  }

  private close(c: OpenConversation, at: number): void {
    this.detach(c, at);
    this.conversations.delete(c.id);
  }

  private changeSla(c: OpenConversation, change: () => unknown): void {
    for (const s of this.scopesOf(c)) s.slaChanging(c, -1);
    change();
    for (const s of this.scopesOf(c)) s.slaChanging(c, 1);
  }

  private attach(c: OpenConversation, at: number): void {
    for (const s of this.scopesOf(c)) s.join(c, at);
    if (c.operatorId !== null) this.catalog.operator(c.operatorId, at).conversations.add(c.id);
  }

  private detach(c: OpenConversation, at: number): void {
    for (const s of this.scopesOf(c)) s.leave(c, at);
    if (c.operatorId !== null) this.catalog.operators.get(c.operatorId)?.conversations.delete(c.id);
  }

  private record(c: OpenConversation, at: number, fact: StatsFact): void {
    for (const s of this.scopesOf(c)) s.record(at, fact);
  }

  private recordIn(queueId: string, channelId: string, at: number, fact: StatsFact): void {
    this.catalog.queue(queueId).scope.record(at, fact);
    this.catalog.channel(channelId).scope.record(at, fact);
    this.total.record(at, fact);
  }

  private scopesOf(c: OpenConversation): StatsScope[] {
    const { catalog } = this;
    return [catalog.queue(c.queueId).scope, catalog.channel(c.channelId).scope, this.total];
  }

  private newScope(): StatsScope {
    return new StatsScope(this.time, this.utcOffsetMinutes, this.startedAt);
  }

  private dayStart(at: number): number {
    return dayStartOf(at, this.utcOffsetMinutes);
  }
}

/** When a conversation's first response is due: its business-time deadline, or the target after it queued. */
function dueOf(c: OpenConversation): number {
  return c.slaDueAt ?? c.queuedAt + c.slaTargetMs;
}
