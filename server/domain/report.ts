// Period KPIs from stored conversations: a pure function over rows, so every figure can be
// checked by hand. A conversation belongs to the period it was created in, and to one group:
// its queue, its channel, its last operator, or the local hour it was created in.
//
// Definitions (the live statistics use the same ones):
// - answered: has a first operator reply; its first-response time is firstResponseAt − createdAt.
//   A conversation the desk started owes a response only once the customer wrote: its clock runs
//   from their first message to the first public operator message after it (the opener answers
//   nothing, and neither does a follow-up sent before the customer wrote).
// - within target: that time ≤ the channel's first-response SLA.
// - abandoned: resolved while firstResponseAt is null — the customer left or the dialog was
//   closed before any answer; "after target" when it was resolved later than the SLA. A
//   conversation the desk started is abandoned only if the customer wrote in it: an order
//   confirmation nobody answered left nobody waiting.
// - resolved-idle: closed by the idle rule (tag `idle`, issue 17): not handled, so counted apart
//   from resolved, with no handle time, outcome or abandonment.
// - outbound: conversations the desk started (an operator's /new, a script).
// - service level: answeredWithinTarget / (answered + abandoned after target).
// - handle time: from the last assignment to the resolution.
// - CSAT: average rating 1–5, and the share of 4s and 5s.
// - percentiles: nearest rank (the value at rank ⌈p·n⌉ of the sorted values).
// - call-backs: the requests made in the period, by state now; time to call is request → done.
// - quality (issue 18 §4): the average quality score (0–100) of the reviewed conversations, and
//   over the period how it agrees with CSAT (server/domain/quality-agreement.ts).
// - SLA time (issue 17 §1): a conversation of a channel that counts business time is within
//   target when answered by its business-time deadline (`firstResponseDueAt`); the report says
//   which kind of time its figures use (`slaTime`: wall, business or mixed).
import type { Report, ReportGrouping, ReportRow } from '../../shared/stats';
import { csatQualityAgreement } from './quality-agreement';
import { IDLE_TAG } from './reply-timers';

export interface ReportConversation {
  id: string;
  queueId: string;
  channelId: string;
  status: string;
  lastOperatorId: string | null;
  createdAt: number;
  assignedAt: number | null;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  slaFirstResponseMs: number;
  outcome: string | null;
  rating: number | null;
  messagesIn: number;
  messagesOut: number;
  /** Started by the desk (issue 16); absent: by the customer. */
  outbound?: boolean;
  /** The first-response deadline in business time, when its channel counts business time; absent: wall clock. */
  firstResponseDueAt?: number;
  /** `idle` when the idle rule closed it (issue 17). */
  tag?: string | null;
  /** When the customer first wrote; null or absent: never. Read for outbound conversations only. */
  customerFirstAt?: number | null;
  /** The first public operator message at or after customerFirstAt; null or absent: none. Outbound only. */
  answeredAfterCustomerAt?: number | null;
  /** The supervisors' quality score of its review, 0–100 (issue 18 §4); null or absent: not reviewed. */
  qualityScore?: number | null;
}

/** When a conversation's first-response clock started (null: it never did) and when a response stopped it. */
function responseClock(r: ReportConversation): { startedAt: number | null; answeredAt: number | null } {
  if (!r.outbound) return { startedAt: r.createdAt, answeredAt: r.firstResponseAt };
  if (r.customerFirstAt === undefined || r.customerFirstAt === null) return { startedAt: null, answeredAt: null };
  return { startedAt: r.customerFirstAt, answeredAt: r.answeredAfterCustomerAt ?? null };
}

/** A call-back request as the report counts it (issue 17 §5). */
export interface ReportCallback {
  id: string;
  queueId: string;
  /** The channel of the conversation it was asked in. */
  channelId: string;
  requestedBy: string;
  requestedAt: number;
  status: string;
  closedAt: number | null;
}

export interface ReportOptions {
  from: number;
  to: number;
  by?: ReportGrouping | null;
  utcOffsetMinutes?: number;
  /** Display names of queues, channels and operators; the id is used when missing. */
  names?: (kind: 'queue' | 'channel' | 'operator', id: string) => string | undefined;
}

const HOUR = 3_600_000;
export const NO_OPERATOR = '-';

export function computeReport(
  rows: readonly ReportConversation[],
  options: ReportOptions,
  callbacks: readonly ReportCallback[] = [],
): Report {
  const { from, to } = options;
  const by = options.by ?? null;
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
  const inPeriod = rows.filter((r) => r.createdAt >= from && r.createdAt < to);
  const groups = new Map<string, ReportConversation[]>();
  const keyOf = (r: ReportConversation): string => {
    switch (by) {
      case 'queue':
        return r.queueId;
      case 'channel':
        return r.channelId;
      case 'operator':
        return r.lastOperatorId ?? NO_OPERATOR;
      case 'hour':
        return localHour(r.createdAt, offsetMs);
      case null:
        return 'all';
    }
  };
  for (const r of inPeriod) {
    const key = keyOf(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const nameOf = (key: string): string => {
    if (by === 'queue' || by === 'channel' || by === 'operator') {
      if (by === 'operator' && key === NO_OPERATOR) return '(no operator)';
      return options.names?.(by, key) ?? key;
    }
    return by === 'hour' ? key.replace('T', ' ') : 'all';
  };
  const callbackKey = (c: ReportCallback): string => {
    switch (by) {
      case 'queue':
        return c.queueId;
      case 'channel':
        return c.channelId;
      case 'operator':
        return c.requestedBy;
      case 'hour':
        return localHour(c.requestedAt, offsetMs);
      case null:
        return 'all';
    }
  };
  const callbacksInPeriod = callbacks.filter((c) => c.requestedAt >= from && c.requestedAt < to);
  const callbackGroups = new Map<string, ReportCallback[]>();
  for (const c of callbacksInPeriod) {
    const key = callbackKey(c);
    const list = callbackGroups.get(key);
    if (list) list.push(c);
    else callbackGroups.set(key, [c]);
  }
  const keys = [...new Set([...groups.keys(), ...callbackGroups.keys()])].sort();
  return {
    from,
    to,
    by,
    utcOffsetMinutes: options.utcOffsetMinutes ?? 0,
    slaTime: slaTimeOf(inPeriod),
    rows: keys.map((key) => ({
      ...kpis(key, nameOf(key), groups.get(key) ?? []),
      callbacks: callbackKpis(callbackGroups.get(key) ?? []),
    })),
    total: { ...kpis('total', 'Total', inPeriod), callbacks: callbackKpis(callbacksInPeriod) },
    csatVsQuality: csatQualityAgreement(
      inPeriod.flatMap((r) =>
        r.rating !== null && r.qualityScore != null ? [{ rating: r.rating, quality: r.qualityScore }] : [],
      ),
    ),
  };
}

/** When the first response was due: the business-time deadline where one was computed, else the target after the clock started. */
const firstResponseDue = (r: ReportConversation, startedAt: number): number =>
  r.firstResponseDueAt ?? startedAt + r.slaFirstResponseMs;

function slaTimeOf(rows: readonly ReportConversation[]): 'wall' | 'business' | 'mixed' {
  const business = rows.filter((r) => r.firstResponseDueAt !== undefined).length;
  return business === 0 ? 'wall' : business === rows.length ? 'business' : 'mixed';
}

function kpis(key: string, name: string, rows: readonly ReportConversation[]): ReportRow {
  let resolved = 0;
  let resolvedIdle = 0;
  let abandoned = 0;
  let abandonedAfterTarget = 0;
  let answeredWithinTarget = 0;
  let messagesIn = 0;
  let messagesOut = 0;
  let outbound = 0;
  const firstResponses: number[] = [];
  const handleTimes: number[] = [];
  const ratings: number[] = [];
  const qualities: number[] = [];
  const outcomes: Record<string, number> = {};
  let withoutOutcome = 0;
  for (const r of rows) {
    messagesIn += r.messagesIn;
    messagesOut += r.messagesOut;
    if (r.outbound) outbound++;
    if (r.rating !== null) ratings.push(r.rating);
    if (r.qualityScore != null) qualities.push(r.qualityScore);
    const clock = responseClock(r);
    if (clock.startedAt !== null && clock.answeredAt !== null) {
      const frt = Math.max(0, clock.answeredAt - clock.startedAt);
      firstResponses.push(frt);
      if (clock.answeredAt <= firstResponseDue(r, clock.startedAt)) answeredWithinTarget++;
    }
    if (r.status !== 'resolved' || r.resolvedAt === null) continue;
    if (r.tag === IDLE_TAG) {
      resolvedIdle++;
      continue;
    }
    resolved++;
    // No outcome is not an outcome named "" (stores written before blanks were kept as null have some).
    const outcome = r.outcome?.trim();
    if (outcome) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    else withoutOutcome++;
    if (r.assignedAt !== null) handleTimes.push(Math.max(0, r.resolvedAt - r.assignedAt));
    // Nobody was left waiting where the clock never started (a started conversation nobody answered).
    if (clock.startedAt !== null && clock.answeredAt === null) {
      abandoned++;
      if (r.resolvedAt > firstResponseDue(r, clock.startedAt)) abandonedAfterTarget++;
    }
  }
  const answered = firstResponses.length;
  const slDivisor = answered + abandonedAfterTarget;
  return {
    key,
    name,
    conversations: rows.length,
    outbound,
    resolved,
    resolvedIdle,
    open: rows.length - resolved - resolvedIdle,
    abandoned,
    abandonmentRate: resolved === 0 ? null : abandoned / resolved,
    messagesIn,
    messagesOut,
    answered,
    answeredWithinTarget,
    serviceLevel: slDivisor === 0 ? null : answeredWithinTarget / slDivisor,
    avgFirstResponseMs: mean(firstResponses),
    p90FirstResponseMs: percentile(firstResponses, 0.9),
    avgHandleTimeMs: mean(handleTimes),
    rated: ratings.length,
    csatAverage: mean(ratings),
    csatShare: ratings.length === 0 ? null : ratings.filter((s) => s >= 4).length / ratings.length,
    outcomes,
    withoutOutcome,
    quality: { reviewed: qualities.length, average: mean(qualities) },
  };
}

function callbackKpis(callbacks: readonly ReportCallback[]): NonNullable<ReportRow['callbacks']> {
  const toCall = callbacks.flatMap((c) =>
    c.status === 'done' && c.closedAt !== null ? [Math.max(0, c.closedAt - c.requestedAt)] : [],
  );
  return {
    requested: callbacks.length,
    done: toCall.length,
    cancelled: callbacks.filter((c) => c.status === 'cancelled').length,
    medianTimeToCallMs: percentile(toCall, 0.5),
  };
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Nearest rank: the value at rank ⌈p·n⌉ of the sorted values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** "2025-01-06T13:00": the local hour an instant falls in. */
export function localHour(at: number, offsetMs: number): string {
  const local = at + offsetMs;
  return new Date(local - (((local % HOUR) + HOUR) % HOUR)).toISOString().slice(0, 16);
}
