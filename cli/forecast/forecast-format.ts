// A staffing plan as a terminal table per channel with a sparkline of the operators to schedule,
// as CSV (one row per channel and interval, for planners' spreadsheets) or as JSON. Names come
// from admins, but pass the terminal sanitiser all the same (STACK.md, "Untrusted text").
import { sanitizeLine } from '../../shared/terminal-text';
import type { ChannelPlan, Plan } from '../../server/domain/forecast/plan';
import { toCsv, type CsvValue } from '../report/csv';

export type TimeLabel = (at: number) => string;

/** "2026-12-01 10:00" in UTC or the local zone. */
export function timeLabel(utc: boolean): TimeLabel {
  return (at) => {
    const d = new Date(utc ? at : at - new Date(at).getTimezoneOffset() * 60_000);
    return d.toISOString().slice(0, 16).replace('T', ' ');
  };
}

const pct = (v: number | null, digits = 1) => (v === null ? '—' : `${(v * 100).toFixed(digits)} %`);
const num = (v: number, digits = 1) => v.toFixed(digits);

export function planText(plan: Plan, label: TimeLabel): string {
  const out: string[] = [];
  out.push(
    `Staffing plan from ${label(plan.start)}, ${plan.horizon === 'day' ? 'next day' : 'next week'} in ${plan.interval}-minute intervals, shrinkage ${pct(plan.shrinkage, 0)}`,
  );
  if (plan.channels.length === 0) out.push('', 'No channels: add one with textdesk admin channel add.');
  for (const c of plan.channels) out.push('', ...channelBlock(c, plan, label));
  out.push('', 'All channels (sum of the channels above; operators shared across channels need fewer)');
  out.push(
    table(
      ['interval', 'volume', 'on task', 'scheduled'],
      plan.starts.map((at, i) => [
        label(at),
        num(plan.totals[i].volume),
        String(plan.totals[i].operators),
        String(plan.totals[i].scheduled),
      ]),
    ),
  );
  out.push(
    `scheduled ${sparkline(plan.totals.map((t) => t.scheduled))} peak ${Math.max(0, ...plan.totals.map((t) => t.scheduled))}`,
  );
  return `${out.join('\n')}\n`;
}

function channelBlock(c: ChannelPlan, plan: Plan, label: TimeLabel): string[] {
  const name = sanitizeLine(c.channel.name);
  const queue = sanitizeLine(c.channel.queueName);
  const lines = [`== ${name} (${c.channel.medium}, queue ${queue}) — ${c.kind === 'live' ? 'live' : 'deferred'}`];
  lines.push(`model:   ${c.modelReason}`);
  lines.push(`volume:  ${c.volume.note}`);
  lines.push(
    `holdout: ${c.holdout.wape === null ? c.holdout.note : `WAPE ${pct(c.holdout.wape)} (bias ${c.holdout.bias! >= 0 ? '+' : ''}${pct(c.holdout.bias)}), ${c.holdout.note}`}`,
  );
  const h = c.handle;
  lines.push(
    c.kind === 'live'
      ? `handle:  ${Math.round(c.handleSeconds)} s per dialog at ${c.concurrency} at once (worked ${num(h.workedConcurrency, 2)} at once over ${h.dialogs} dialogs; ${h.note})`
      : `handle:  ${Math.round(c.handleSeconds)} s of operator time per message (${h.dialogs} dialogs, worked ${num(h.workedConcurrency, 2)} at once)`,
  );
  lines.push(
    c.kind === 'live'
      ? `target:  ${pct(c.serviceLevelTarget, 0)} assigned within ${Math.round(c.answerSeconds)} s`
      : `target:  every message done within ${Math.round(c.answerSeconds / 60)} min; ${c.backlog} waiting now`,
  );
  for (const n of c.notes) lines.push(`note:    ${n}`);
  const erlangA = c.model === 'erlang-a';
  const header = [
    'interval',
    'volume',
    'AHT s',
    'on task',
    'scheduled',
    'occupancy',
    'SL',
    'wait s',
    ...(erlangA ? ['abandon'] : []),
  ];
  const rows = c.rows.map((r, i) => [
    label(plan.starts[i]),
    num(r.volume),
    String(Math.round(r.handleSeconds)),
    String(r.operators),
    String(r.scheduled),
    pct(r.occupancy, 0),
    pct(r.serviceLevel),
    r.averageWaitSeconds === null ? '—' : Number.isFinite(r.averageWaitSeconds) ? num(r.averageWaitSeconds) : '∞',
    ...(erlangA ? [pct(r.abandonment)] : []),
  ]);
  lines.push(table(header, rows));
  lines.push(
    `scheduled ${sparkline(c.rows.map((r) => r.scheduled))} peak ${Math.max(0, ...c.rows.map((r) => r.scheduled))}`,
  );
  return lines;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const BARS = '▁▂▃▄▅▆▇█';

/** One character per interval, the tallest bar at the peak; blank for none (readable without colour). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => (v <= 0 || max === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.ceil((v / max) * BARS.length) - 1)]))
    .join('');
}

const CSV_COLUMNS = [
  'interval_start',
  'queue',
  'channel',
  'medium',
  'model',
  'volume',
  'handle_time_s',
  'concurrency',
  'operators',
  'scheduled',
  'occupancy',
  'service_level',
  'wait_s',
  'abandonment',
];

export function planCsv(plan: Plan): string {
  const rows: CsvValue[][] = [CSV_COLUMNS];
  for (const c of plan.channels) {
    c.rows.forEach((r, i) => {
      rows.push([
        new Date(plan.starts[i]).toISOString(),
        c.channel.queueName,
        c.channel.name,
        c.channel.medium,
        c.model,
        round(r.volume, 3),
        round(r.handleSeconds, 1),
        c.concurrency,
        r.operators,
        r.scheduled,
        round(r.occupancy, 4),
        round(r.serviceLevel, 4),
        r.averageWaitSeconds === null ? null : round(r.averageWaitSeconds, 1),
        r.abandonment === null ? null : round(r.abandonment, 4),
      ]);
    });
  }
  return toCsv(rows);
}

/** The plan as JSON, times as ISO strings; an endless wait is null (JSON has no Infinity). */
export function planJson(plan: Plan): string {
  const iso = (t: number) => new Date(t).toISOString();
  return `${JSON.stringify(
    { ...plan, start: iso(plan.start), starts: plan.starts.map(iso) },
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value),
    2,
  )}\n`;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
