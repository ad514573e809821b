// Wire shapes of supervisor statistics (issue 4): one snapshot per ~1 s tick, alerts pushed as
// events. Durations are milliseconds, rates are per minute, shares are fractions 0..1.
import { z } from 'zod';
import { OperatorStatus } from './schemas';
import { Medium } from './sla';

const count = z.number().int().nonnegative();
const durationMs = z.number().nonnegative();
const epochMs = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const id = z.string().min(1);

export const STATS_WINDOWS = ['5m', '1h', 'today'] as const;
export const StatsWindow = z.enum(STATS_WINDOWS);
export type StatsWindow = z.infer<typeof StatsWindow>;

/** counts[i] is how many ratings of score i + 1 were given. */
export const RatingStats = z.object({
  counts: z.tuple([count, count, count, count, count]),
  average: z.number().min(1).max(5).nullable(),
});
export type RatingStats = z.infer<typeof RatingStats>;

/**
 * What happened inside one window. "Answered" means the first operator reply (text channels
 * have no pick-up moment the customer notices). Service level is
 * answeredWithinTarget / (answered + abandonedAfterTarget): abandons before the target are not
 * held against the desk (the common contact-center definition; null when the divisor is 0).
 */
export const WindowStats = z.object({
  /** Time in queue before an operator was assigned, per queue stint. */
  avgWaitMs: durationMs.nullable(),
  p90WaitMs: durationMs.nullable(),
  /** From the conversation entering the desk to the first operator reply. */
  avgFirstResponseMs: durationMs.nullable(),
  p90FirstResponseMs: durationMs.nullable(),
  answered: count,
  answeredWithinTarget: count,
  abandoned: count,
  abandonedAfterTarget: count,
  serviceLevel: share.nullable(),
  /** First-response deadlines that passed without a reply, counted when they passed. */
  breaches: count,
  /** Conversations that reached 80 % of their target without a reply. */
  nearBreaches: count,
  messagesIn: count,
  messagesOut: count,
  inPerMinute: z.number().nonnegative(),
  outPerMinute: z.number().nonnegative(),
  ratings: RatingStats,
});
export type WindowStats = z.infer<typeof WindowStats>;

export const WindowSet = z.object({ '5m': WindowStats, '1h': WindowStats, today: WindowStats });
export type WindowSet = z.infer<typeof WindowSet>;

/** One minute of the last hour; waiting is the peak number of waiting conversations in it. */
export const HistoryPoint = z.object({
  at: epochMs,
  waiting: count,
  messagesIn: count,
  messagesOut: count,
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

/** What is true right now, for a queue, a channel or the whole desk. */
const live = {
  /** Conversations in the queue with no operator. */
  waiting: count,
  /** Longest time a waiting conversation has spent in its current queue. */
  longestWaitMs: durationMs,
  /** Open conversations with an operator. */
  assigned: count,
  /** Open conversations without a first reply, past 80 % of their target but not past it. */
  nearBreach: count,
  /** Open conversations without a first reply, past their target. */
  breached: count,
};

export const QueueStats = z.object({
  queueId: id,
  name: z.string(),
  ...live,
  windows: WindowSet,
  history: z.array(HistoryPoint),
});
export type QueueStats = z.infer<typeof QueueStats>;

export const ChannelStats = z.object({
  channelId: id,
  name: z.string(),
  medium: Medium,
  ...live,
  windows: WindowSet,
});
export type ChannelStats = z.infer<typeof ChannelStats>;

/** Per operator, since local midnight. */
export const OperatorStats = z.object({
  operatorId: id,
  name: z.string(),
  status: OperatorStatus,
  capacity: z.number().nonnegative(),
  /** Weighted load as the router counts it (an e-mail weighs less than a chat). */
  load: z.number().nonnegative(),
  assigned: count,
  /** Conversations this operator resolved today. */
  handled: count,
  /** From assignment to resolution, over the conversations handled today. */
  avgHandleTimeMs: durationMs.nullable(),
  /**
   * Answer time: from the dialog's assignment to this operator to their first reply, over the
   * dialogs they answered first today. Not FRT, which runs from the customer's first message
   * (queue wait included) and is a queue's and a report's figure.
   */
  avgAnswerTimeMs: durationMs.nullable(),
  timeInStatusMs: z.object({ available: durationMs, away: durationMs, offline: durationMs }),
  ratings: RatingStats,
});
export type OperatorStats = z.infer<typeof OperatorStats>;

export const StatsTotals = z.object({
  ...live,
  windows: WindowSet,
  operatorsAvailable: count,
  operatorsAway: count,
  operatorsOffline: count,
});
export type StatsTotals = z.infer<typeof StatsTotals>;

export const StatsSnapshot = z.object({
  at: epochMs,
  /** The service-level share the desk aims for (e.g. 0.8 for "80 % within target"). */
  serviceLevelGoal: share,
  queues: z.array(QueueStats),
  channels: z.array(ChannelStats),
  operators: z.array(OperatorStats),
  totals: StatsTotals,
  history: z.array(HistoryPoint),
});
export type StatsSnapshot = z.infer<typeof StatsSnapshot>;

export const AlertKind = z.enum([
  'queue_wait_near_target',
  'sla_breach',
  'operator_over_capacity',
  'operator_silent',
  'disk_low',
  'callback_overdue',
  /** Issue 17 §2: an operator sent nothing in the queue's time and the dialog went back to the queue. */
  'no_reply_reassigned',
]);
export type AlertKind = z.infer<typeof AlertKind>;
export const AlertSeverity = z.enum(['warning', 'critical']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const Alert = z.object({
  id,
  at: epochMs,
  kind: AlertKind,
  severity: AlertSeverity,
  queueId: id.optional(),
  operatorId: id.optional(),
  conversationId: id.optional(),
  text: z.string(),
});
export type Alert = z.infer<typeof Alert>;

/** What `supervisor.stats` yields every tick: the snapshot and the alerts raised since the last. */
export const StatsTick = z.object({ snapshot: StatsSnapshot, alerts: z.array(Alert) });
export type StatsTick = z.infer<typeof StatsTick>;

/** What `operator.queueStats` yields every tick, for the operator console's status line. */
export const QueueStatsLine = z.object({
  at: epochMs,
  queues: z.array(z.object({ id, name: z.string(), waiting: count, longestWaitMs: durationMs })),
});
export type QueueStatsLine = z.infer<typeof QueueStatsLine>;

// ---- reports from stored data (`supervisor.report`, `textdesk report`) ----------------------

export const REPORT_GROUPINGS = ['queue', 'channel', 'operator', 'hour'] as const;
export const ReportGrouping = z.enum(REPORT_GROUPINGS);
export type ReportGrouping = z.infer<typeof ReportGrouping>;

/** [from, to) in epoch ms; hours are local to a zone utcOffsetMinutes east of UTC. */
export const ReportInput = z
  .object({
    from: epochMs,
    to: epochMs,
    by: ReportGrouping.optional(),
    utcOffsetMinutes: z
      .number()
      .int()
      .min(-14 * 60)
      .max(14 * 60)
      .default(0),
  })
  .refine((r) => r.to > r.from, { path: ['to'], message: 'must be after from' })
  .refine((r) => r.to - r.from <= 366 * 86_400_000, { path: ['to'], message: 'a report covers at most 366 days' });
export type ReportInput = z.input<typeof ReportInput>;

/** KPIs of one group of conversations (those created in the period). */
export const ReportRow = z.object({
  /** The queue, channel or operator id, the hour ("2025-01-06T13:00"), or "all". */
  key: z.string(),
  name: z.string(),
  conversations: count,
  /** Of them, started by the desk (an operator's /new, a script): issue 16. Absent from older servers. */
  outbound: count.default(0),
  resolved: count,
  /** Issue 17: closed by the idle rule (tag `idle`), apart from `resolved` (handled). Absent from older servers. */
  resolvedIdle: count.default(0),
  open: count,
  /** Resolved before any operator reply: the customer left or the dialog was closed unanswered. */
  abandoned: count,
  abandonmentRate: share.nullable(),
  messagesIn: count,
  messagesOut: count,
  answered: count,
  answeredWithinTarget: count,
  /** answeredWithinTarget / (answered + abandoned after the target), as the live figures. */
  serviceLevel: share.nullable(),
  avgFirstResponseMs: durationMs.nullable(),
  p90FirstResponseMs: durationMs.nullable(),
  /** From the last assignment to the resolution. */
  avgHandleTimeMs: durationMs.nullable(),
  rated: count,
  csatAverage: z.number().min(1).max(5).nullable(),
  /** Share of ratings that are 4 or 5. */
  csatShare: share.nullable(),
  /** Resolved conversations per outcome given. */
  outcomes: z.record(z.string(), count),
  /** Resolved conversations with no outcome. */
  withoutOutcome: count,
  /**
   * Call-back requests made in the period (issue 17 §5), grouped like conversations (by the
   * request's queue, its conversation's channel, the operator who asked, the hour it was made).
   * Absent from servers before call-backs were kept.
   */
  callbacks: z
    .object({
      requested: count,
      done: count,
      cancelled: count,
      /** Median (nearest rank) of request → done, over the requests done. */
      medianTimeToCallMs: z.number().nonnegative().nullable(),
    })
    .optional(),
  /** Supervisors' reviews (issue 18 §4): how many were reviewed, and their average quality score 0–100. */
  quality: z.object({ reviewed: count, average: z.number().min(0).max(100).nullable() }).optional(),
});
export type ReportRow = z.infer<typeof ReportRow>;

export const Report = z.object({
  from: epochMs,
  to: epochMs,
  by: ReportGrouping.nullable(),
  utcOffsetMinutes: z.number().int(),
  /**
   * Which time the SLA figures count (issue 17 §1): `wall` clock, the queues' `business` hours
   * (channels set to count business time), or `mixed` when the period holds both.
   */
  slaTime: z.enum(['wall', 'business', 'mixed']).optional(),
  rows: z.array(ReportRow),
  total: ReportRow,
  /**
   * How CSAT and the quality score agree over the conversations that have both (issue 18 §4):
   * Pearson's r and the share where both say good or both say poor (server/domain/quality-agreement.ts).
   */
  csatVsQuality: z
    .object({ pairs: count, correlation: z.number().min(-1).max(1).nullable(), agreement: share.nullable() })
    .optional(),
});
export type Report = z.infer<typeof Report>;

/** A duration as a supervisor reads it at a glance: 45s, 3m05s, 1h05m, 2d03h. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${pad(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86_400)}d${pad(Math.floor(s / 3600) % 24)}h`;
}
