// A report as CSV: one row per group and a total row; durations in seconds, shares as
// fractions, an empty cell where there is nothing to measure; one column per outcome. `sla_time`
// says on every row which time the SLA figures count (wall, business or mixed: issue 17 §1), and
// `csat_quality_r`, `csat_quality_agreement` how CSAT and the quality score agree over the period.
import type { KbUsageRow } from '../../shared/kb-schemas';
import type { Report, ReportRow } from '../../shared/stats';
import { type CsvValue, toCsv } from './csv';

const COLUMNS: Array<[string, (r: ReportRow) => CsvValue]> = [
  ['key', (r) => r.key],
  ['name', (r) => r.name],
  ['conversations', (r) => r.conversations],
  ['resolved', (r) => r.resolved],
  ['open', (r) => r.open],
  ['abandoned', (r) => r.abandoned],
  ['abandonment_rate', (r) => share(r.abandonmentRate)],
  ['messages_in', (r) => r.messagesIn],
  ['messages_out', (r) => r.messagesOut],
  ['answered', (r) => r.answered],
  ['answered_within_target', (r) => r.answeredWithinTarget],
  ['service_level', (r) => share(r.serviceLevel)],
  ['frt_avg_s', (r) => seconds(r.avgFirstResponseMs)],
  ['frt_p90_s', (r) => seconds(r.p90FirstResponseMs)],
  ['handle_time_avg_s', (r) => seconds(r.avgHandleTimeMs)],
  ['rated', (r) => r.rated],
  ['csat_avg', (r) => (r.csatAverage === null ? null : round(r.csatAverage, 2))],
  ['csat_share', (r) => share(r.csatShare)],
  // Beside CSAT (issue 18 §4): conversations supervisors reviewed, and their quality score 0–100.
  ['quality_reviewed', (r) => r.quality?.reviewed ?? 0],
  ['quality_avg', (r) => (r.quality?.average == null ? null : round(r.quality.average, 1))],
  ['without_outcome', (r) => r.withoutOutcome],
  ['outbound', (r) => r.outbound],
  // Call-backs (issue 17 §5): requests made in the period; time to call is request → done.
  ['callbacks_requested', (r) => r.callbacks?.requested ?? 0],
  ['callbacks_done', (r) => r.callbacks?.done ?? 0],
  ['callbacks_cancelled', (r) => r.callbacks?.cancelled ?? 0],
  ['callback_to_call_median_s', (r) => seconds(r.callbacks?.medianTimeToCallMs ?? null)],
  ['resolved_idle', (r) => r.resolvedIdle],
];

export function reportCsv(report: Report): string {
  const outcomes = [...new Set([report.total, ...report.rows].flatMap((r) => Object.keys(r.outcomes)))].sort();
  const header = [
    ...COLUMNS.map(([name]) => name),
    'sla_time',
    'csat_quality_r',
    'csat_quality_agreement',
    ...outcomes.map((o) => `outcome:${o}`),
  ];
  const slaTime = report.slaTime ?? 'wall';
  // Period-wide, like sla_time: how CSAT and the quality score agree (server/domain/quality-agreement.ts).
  const agreement = report.csatVsQuality;
  const correlation = agreement?.correlation == null ? null : round(agreement.correlation, 3);
  const line = (r: ReportRow) => [
    ...COLUMNS.map(([, get]) => get(r)),
    slaTime,
    correlation,
    share(agreement?.agreement ?? null),
    ...outcomes.map((o) => r.outcomes[o] ?? 0),
  ];
  return toCsv([header, ...report.rows.map(line), line(report.total)]);
}

/** The top knowledge-base articles: uses (paragraphs and links put into drafts) and by how many operators. */
export function articlesCsv(rows: readonly KbUsageRow[]): string {
  return toCsv([
    ['article_id', 'title', 'uses', 'operators'],
    ...rows.map((r) => [r.articleId, r.title ?? '(deleted)', r.uses, r.operators]),
  ]);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function share(v: number | null): number | null {
  return v === null ? null : round(v, 4);
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : round(ms / 1000, 1);
}
