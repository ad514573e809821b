// What `textdesk load` prints: a progress line on stderr while it runs, then the summary.
import type { LatencyPercentiles } from './histogram';
import type { LedgerCounts } from './ledger';
import type { LoadSummary } from './load-summary';
import type { Progress } from './run-load';

const int = (v: number): string => Math.round(v).toLocaleString('en-US');
const ms = (v: number): string => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`);

export function progressLine(p: Progress): string {
  return (
    `[${(p.elapsedMs / 1000).toFixed(1).padStart(5)} s ${p.phase}] sent ${int(p.sent)}  delivered ${int(p.delivered)}  ` +
    `replies ${int(p.repliesDelivered)}/${int(p.replies)}  errors ${int(p.errors)}  ` +
    `rate ${int(p.ratePerSec)}/s  p99 ${ms(p.p99)}`
  );
}

const latencyLine = (label: string, l: LatencyPercentiles): string =>
  l.count === 0
    ? `  ${label.padEnd(22)} (no samples)`
    : `  ${label.padEnd(22)} p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  p99.9 ${ms(l.p999)}  max ${ms(l.max)}  (n=${int(l.count)})`;

const ledgerLine = (label: string, c: LedgerCounts): string =>
  `  ${label.padEnd(22)} sent ${int(c.sent)}, accepted ${int(c.accepted)}, refused ${int(c.rejected)}, ` +
  `delivered ${int(c.delivered)}, lost ${int(c.lost)}, duplicated ${int(c.duplicates)}, unknown ${int(c.unknown)}`;

export function summaryText(s: LoadSummary): string {
  const sc = s.scenario;
  const mode =
    sc.mode === 'open'
      ? `open loop at ${int(sc.ratePerSec!)} msg/s`
      : `closed loop, ${sc.inFlightPerCustomer} in flight per customer`;
  const think = typeof sc.thinkMs === 'number' ? `${sc.thinkMs} ms` : `${sc.thinkMs[0]}–${sc.thinkMs[1]} ms`;
  const lines = [
    `textdesk load — scenario "${sc.name}" against ${s.server.url}`,
    `  ${int(sc.customers)} customers (${sc.channel}), ${int(sc.operators)} operators × capacity ${sc.capacity}; ${mode}; ` +
      `${sc.durationMs / 1000} s (ramp-up ${sc.rampUpMs / 1000} s), ${sc.messageBytes}-byte messages, think ${think}, ` +
      `reply ratio ${sc.replyRatio}${sc.resolveAfterReplies > 0 ? `, resolve after ${sc.resolveAfterReplies} replies` : ''}`,
    'throughput',
    `  customer messages sent ${int(s.throughput.sentPerSec)}/s, delivered to operators ${int(s.throughput.deliveredPerSec)}/s, ` +
      `replies delivered to customers ${int(s.throughput.repliesDeliveredPerSec)}/s`,
    'latency',
    latencyLine('customer → operator', s.latency.customerToOperator),
    latencyLine('operator → customer', s.latency.operatorToCustomer),
    latencyLine('routing wait', s.latency.routingWait),
    'accounting',
    ledgerLine('customer messages', s.customerMessages),
    ledgerLine('operator replies', s.replies),
    `  conversations assigned ${int(s.conversations.assigned)}, resolved ${int(s.conversations.resolved)}; drain ${int(s.drainMs)} ms` +
      (s.schedulerLagMs !== null ? `; load tool scheduler lag max ${ms(s.schedulerLagMs)}` : ''),
    `errors: ${
      s.errorCount === 0
        ? 'none'
        : Object.entries(s.errors)
            .map(([k, v]) => `${k} ${int(v)}`)
            .join(', ')
    }`,
    ...Object.entries(s.errorSamples).map(([k, v]) => `  first ${k}: ${v}`),
    s.exact
      ? 'every message delivered exactly once'
      : 'MISMATCH: messages lost, duplicated or unknown (see accounting)',
  ];
  return lines.join('\n');
}
