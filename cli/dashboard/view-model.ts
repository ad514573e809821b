// What the supervisor dashboard shows, computed from a stats snapshot without touching blessed:
// table rows, chart series, the service-level gauge and alert lines, all terminal-safe text.
import type { Callback } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { callbackTable } from './callback-table';
import { type Alert, type OperatorStats, type StatsSnapshot, type WindowSet, formatDuration } from '../../shared/stats';

/** A queue id, or null for the whole desk. */
export type QueueFilter = string | null;

export interface Table {
  headers: string[];
  rows: string[][];
}

export interface DashboardViewModel {
  /** Name of what the chart and gauge show: a queue or "All queues". */
  scopeName: string;
  queues: Table;
  operators: Table;
  chart: { x: string[]; waiting: number[]; messagesIn: number[]; messagesOut: number[] };
  /** label is short, e.g. "72% LOW goal 80%": the narrow gauge has 24 columns. */
  serviceLevel: { share: number | null; goal: number; label: string };
  alertLines: string[];
  /** Call-back requests not closed yet, oldest first (issue 17 §5). */
  callbacks: Table;
}

export interface ViewOptions {
  filter: QueueFilter;
  /** More columns for a terminal with room for them. */
  wide: boolean;
  /** For alert times; the caller passes the local zone (blessed-free code reads no globals). */
  utcOffsetMinutes?: number;
  maxAlertLines?: number;
  /** The call-back requests the dashboard holds (open and claimed). */
  callbacks?: readonly Callback[];
}

// Enough for any name or alert on a wide terminal; the widgets clip to their width anyway.
const TEXT_MAX = 160;
const ALL_QUEUES = 'All queues';

/** The next filter in the order the keys step through: all queues, then each queue. */
export function cycleFilter(snapshot: StatsSnapshot, filter: QueueFilter, step: 1 | -1): QueueFilter {
  const order: QueueFilter[] = [null, ...snapshot.queues.map((q) => q.queueId)];
  const at = Math.max(0, order.indexOf(filter));
  return order[(at + step + order.length) % order.length];
}

export function buildViewModel(
  snapshot: StatsSnapshot,
  alerts: readonly Alert[],
  options: ViewOptions,
): DashboardViewModel {
  const selected = snapshot.queues.find((q) => q.queueId === options.filter);
  const scope = selected ?? { ...snapshot.totals, name: ALL_QUEUES, history: snapshot.history };
  const scopeName = clean(scope.name);
  const sl = scope.windows.today.serviceLevel;
  const goal = snapshot.serviceLevelGoal;
  return {
    scopeName,
    queues: queueTable(snapshot, selected?.queueId ?? null, options.wide),
    operators: operatorTable(snapshot.operators, options.wide),
    chart: {
      x: scope.history.map((_, i, all) => minutesAgo(all.length - 1 - i)),
      waiting: scope.history.map((p) => p.waiting),
      messagesIn: scope.history.map((p) => p.messagesIn),
      messagesOut: scope.history.map((p) => p.messagesOut),
    },
    serviceLevel: {
      share: sl,
      goal,
      label:
        sl === null ? `- goal ${percent(goal)}` : `${percent(sl)} ${sl >= goal ? 'OK' : 'LOW'} goal ${percent(goal)}`,
    },
    alertLines: alerts
      .filter((a) => !selected || a.queueId === undefined || a.queueId === selected.queueId)
      .slice(-(options.maxAlertLines ?? 50))
      .reverse()
      .map((a) => alertLine(a, options.utcOffsetMinutes ?? 0)),
    callbacks: callbackTable(options.callbacks ?? [], {
      now: snapshot.at,
      wide: options.wide,
      queueId: selected?.queueId ?? null,
      operatorNames: new Map(snapshot.operators.map((o) => [o.operatorId, o.name])),
    }),
  };
}

function queueTable(snapshot: StatsSnapshot, selectedId: string | null, wide: boolean): Table {
  const headers = ['  Queue', 'Waiting', 'Longest', 'SL%', 'SLA'];
  if (wide) headers.push('SL 1h', 'Asgn', 'p90 FRT', 'In/min');
  const row = (mark: boolean, name: string, s: LiveScope) => {
    const cells = [
      `${mark ? '>' : ' '} ${name}`,
      String(s.waiting),
      s.waiting === 0 ? '-' : formatDuration(s.longestWaitMs),
      percentOrDash(s.windows.today.serviceLevel),
      slaMark(s),
    ];
    if (!wide) return cells;
    const hour = s.windows['1h'];
    return [
      ...cells,
      percentOrDash(hour.serviceLevel),
      String(s.assigned),
      hour.p90FirstResponseMs === null ? '-' : formatDuration(hour.p90FirstResponseMs),
      s.windows['5m'].inPerMinute.toFixed(1),
    ];
  };
  return {
    headers,
    rows: [
      row(selectedId === null, ALL_QUEUES, snapshot.totals),
      ...snapshot.queues.map((q) => row(q.queueId === selectedId, clean(q.name), q)),
    ],
  };
}

interface LiveScope {
  waiting: number;
  longestWaitMs: number;
  assigned: number;
  nearBreach: number;
  breached: number;
  windows: WindowSet;
}

/** A word, not only a colour: "BREACH 2", "near 1" or "ok". */
function slaMark(s: LiveScope): string {
  if (s.breached > 0) return `BREACH ${s.breached}`;
  if (s.nearBreach > 0) return `near ${s.nearBreach}`;
  return 'ok';
}

const STATUS_WORD = { available: 'avail', away: 'away', offline: 'off' } as const;

/** Over capacity first, then the fullest; offline operators last. */
function operatorTable(operators: readonly OperatorStats[], wide: boolean): Table {
  const fill = (o: OperatorStats) => (o.capacity === 0 ? (o.load > 0 ? Infinity : 0) : o.load / o.capacity);
  const sorted = [...operators].sort(
    (a, b) =>
      Number(a.status === 'offline') - Number(b.status === 'offline') ||
      fill(b) - fill(a) ||
      a.name.localeCompare(b.name),
  );
  // Answer time (from assignment), not FRT (from the customer's message): see shared/stats.ts.
  const headers = ['Operator', 'Status', 'Load', 'Done', 'Answer'];
  if (wide) headers.push('Asgn', 'AHT', 'Rating');
  const rows = sorted.map((o) => {
    const cells = [
      clean(o.name),
      STATUS_WORD[o.status],
      `${trim(o.load)}/${trim(o.capacity)}${o.load > o.capacity ? '!' : ''}`,
      String(o.handled),
      o.avgAnswerTimeMs === null ? '-' : formatDuration(o.avgAnswerTimeMs),
    ];
    if (!wide) return cells;
    return [
      ...cells,
      String(o.assigned),
      o.avgHandleTimeMs === null ? '-' : formatDuration(o.avgHandleTimeMs),
      o.ratings.average === null ? '-' : o.ratings.average.toFixed(1),
    ];
  });
  return { headers, rows };
}

function alertLine(a: Alert, utcOffsetMinutes: number): string {
  const local = new Date(a.at + utcOffsetMinutes * 60_000).toISOString().slice(11, 19);
  return `${local} ${a.severity === 'critical' ? '!!' : '! '} ${clean(a.text)}`;
}

function clean(text: string): string {
  return sanitizeLine(text, { maxLength: TEXT_MAX });
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function percentOrDash(share: number | null): string {
  return share === null ? '-' : percent(share);
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function minutesAgo(n: number): string {
  return n === 0 ? 'now' : `-${n}m`;
}
