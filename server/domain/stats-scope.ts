// Statistics of one slice of the desk (a queue, a channel, or the whole desk): live counters
// kept up to date as conversations join and leave it, plus its 5 min / 1 h / today windows.
import type { HistoryPoint, RatingStats, WindowSet, WindowStats } from '../../shared/stats';
import { type Aggregate, DayWindow, MINUTE, SlidingWindow, type StatsFact } from './stats-window';
import type { ServedIn } from './queue-position';
import type { ConversationRestored } from './stats-facts';

export type SlaState = 'ok' | 'near' | 'breached';

/** What the engine knows of one open conversation: the restored fact's fields, plus live state. */
export interface OpenConversation extends Omit<ConversationRestored, 'conversationId'> {
  id: string;
  sla: SlaState;
  /** Since when the customer waits for a reply; null when the operator spoke last. */
  awaitingReplySince: number | null;
}

const P90 = 0.9;

export class StatsScope {
  private waiting = 0;
  private assigned = 0;
  private nearBreach = 0;
  private breached = 0;
  /** Waiting conversations past 80 % of their first-response target: the queue alert. */
  waitingNearTarget = 0;
  // Insertion order is entry order, so the first entry is the longest waiting.
  private readonly waitingSince = new Map<string, number>();
  private readonly fiveMinutes: SlidingWindow;
  private readonly hour: SlidingWindow;
  private readonly today: DayWindow;

  constructor(
    now: number,
    utcOffsetMinutes: number,
    private readonly startedAt: number,
  ) {
    // 5 s buckets keep the 5 min window within 5 s of exact; 1 min buckets give the history.
    this.fiveMinutes = new SlidingWindow(5_000, 60, now);
    this.hour = new SlidingWindow(MINUTE, 60, now);
    this.today = new DayWindow(utcOffsetMinutes, now);
  }

  join(c: OpenConversation, at: number): void {
    this.count(c, 1);
    if (c.operatorId === null) this.waitingSince.set(c.id, c.enteredQueueAt);
    this.hour.noteWaiting(at, this.waiting);
  }

  leave(c: OpenConversation, at: number): void {
    this.count(c, -1);
    this.waitingSince.delete(c.id);
    this.hour.noteWaiting(at, this.waiting);
  }

  /** Call around a change of `c.sla`, which does not move it in or out of the scope. */
  slaChanging(c: OpenConversation, sign: 1 | -1): void {
    this.countSla(c, sign);
  }

  record(at: number, fact: StatsFact): void {
    this.fiveMinutes.record(at, fact, this.waiting);
    this.hour.record(at, fact, this.waiting);
    this.today.record(at, fact);
  }

  advance(now: number): void {
    this.fiveMinutes.advance(now, this.waiting);
    this.hour.advance(now, this.waiting);
    this.today.advance(now);
  }

  live(now: number) {
    const oldest = this.waitingSince.values().next();
    return {
      waiting: this.waiting,
      longestWaitMs: oldest.done ? 0 : Math.max(0, now - oldest.value),
      assigned: this.assigned,
      nearBreach: this.nearBreach,
      breached: this.breached,
    };
  }

  windows(now: number): WindowSet {
    // Rates divide by the time actually observed, so a restarted server does not under-report.
    const observed = (spanMs: number, from: number) =>
      Math.max(MINUTE, Math.min(spanMs, now - Math.max(from, this.startedAt)));
    return {
      '5m': windowStats(this.fiveMinutes.total, observed(this.fiveMinutes.spanMs, -Infinity)),
      '1h': windowStats(this.hour.total, observed(this.hour.spanMs, -Infinity)),
      today: windowStats(this.today.total, observed(Infinity, this.today.start)),
    };
  }

  /**
   * Assignments out of the scope (ended waits) in the last 5 minutes and the last hour, over the
   * minutes each window has actually observed: what a queue's service rate is computed from.
   */
  served(now: number): { fiveMinutes: ServedIn; hour: ServedIn } {
    this.advance(now);
    const observed = (spanMs: number) => Math.max(MINUTE, Math.min(spanMs, now - this.startedAt)) / MINUTE;
    return {
      fiveMinutes: { served: this.fiveMinutes.total.wait.count, minutes: observed(this.fiveMinutes.spanMs) },
      hour: { served: this.hour.total.wait.count, minutes: observed(this.hour.spanMs) },
    };
  }

  history(): HistoryPoint[] {
    return this.hour.buckets().map((b) => ({
      at: b.start,
      waiting: b.peakWaiting,
      messagesIn: b.messagesIn,
      messagesOut: b.messagesOut,
    }));
  }

  private count(c: OpenConversation, sign: 1 | -1): void {
    if (c.operatorId === null) this.waiting += sign;
    else this.assigned += sign;
    this.countSla(c, sign);
  }

  private countSla(c: OpenConversation, sign: 1 | -1): void {
    if (c.answered || c.sla === 'ok') return;
    if (c.sla === 'near') this.nearBreach += sign;
    else this.breached += sign;
    if (c.operatorId === null) this.waitingNearTarget += sign;
  }
}

function windowStats(total: Aggregate, spanMs: number): WindowStats {
  const c = total.counts;
  const slDivisor = c.answered + c.abandonedAfterTarget;
  const minutes = spanMs / MINUTE;
  return {
    avgWaitMs: total.wait.mean(),
    p90WaitMs: total.wait.percentile(P90),
    avgFirstResponseMs: total.firstResponse.mean(),
    p90FirstResponseMs: total.firstResponse.percentile(P90),
    answered: c.answered,
    answeredWithinTarget: c.answeredWithinTarget,
    abandoned: c.abandoned,
    abandonedAfterTarget: c.abandonedAfterTarget,
    serviceLevel: slDivisor === 0 ? null : c.answeredWithinTarget / slDivisor,
    breaches: c.breaches,
    nearBreaches: c.nearBreaches,
    messagesIn: c.messagesIn,
    messagesOut: c.messagesOut,
    inPerMinute: c.messagesIn / minutes,
    outPerMinute: c.messagesOut / minutes,
    ratings: ratingStats(c.ratings),
  };
}

export function ratingStats(counts: readonly number[]): RatingStats {
  let n = 0;
  let sum = 0;
  counts.forEach((k, i) => {
    n += k;
    sum += k * (i + 1);
  });
  return {
    counts: [counts[0], counts[1], counts[2], counts[3], counts[4]],
    average: n === 0 ? null : sum / n,
  };
}
