// How textdesk-vs-raw.ts reports: one run's figures against the raw relay, exact accounting,
// and the median and range over repeated runs.
import type { LatencyPercentiles } from '../../cli/load/histogram';
import { isExact as isRawExact } from '../raw-relay';
import { median } from './median';
import type { TextdeskFigures, TextdeskVsRawFigures } from '../textdesk-vs-raw';
import type { ClosedLoopFigures, OpenLoopFigures } from './relay-load';

export function isTextdeskExact(f: TextdeskFigures): boolean {
  const d = f.stats.driver;
  return (
    d.delivered === d.sent &&
    d.duplicates === 0 &&
    d.unknown === 0 &&
    f.open.lost === 0 &&
    Object.keys(f.stats.errors).length === 0
  );
}

export const ms = (v: number): string => `${v.toFixed(2)} ms`;
export const int = (v: number): string => Math.round(v).toLocaleString('en-US');
const us = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v)} µs`);
/** Server CPU (all its threads) per message: steadier than throughput when the machine is noisy. */
const cpuPerMsg = (closed: ClosedLoopFigures, open: OpenLoopFigures, rate: number): string =>
  `  server CPU per message: ${us(closed.serverCpuUsPerMsg)} closed loop, ${us(open.serverCpuUsPerMsg)} at ${int(rate)} msg/s`;
const pct = (l: LatencyPercentiles): string =>
  `p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  p99.9 ${ms(l.p999)}  max ${ms(l.max)}  (n=${int(l.count)})`;

export function formatTextdeskVsRaw(f: TextdeskVsRawFigures): string {
  const o = f.options;
  const out: string[] = [
    `textdesk vs raw relay — ${int(o.customers)} customers, ${int(o.operators)} operators (textdesk capacity ${o.capacity}), ` +
      `${o.durationMs / 1000} s per mode after ${o.warmupMs / 1000} s warm-up; open loop at ${int(o.rate)} msg/s`,
  ];
  if (f.raw) {
    const r = f.raw;
    out.push(
      `raw relay (ws + SQLite WAL, synchronous=FULL, exclusive lock, one transaction per tick):`,
      `  max throughput ${int(r.closed.msgPerSec)} msg/s (closed loop, ${int(r.closed.inFlight)} in flight)`,
      `  at ${int(o.rate)} msg/s: ${pct(r.open.latency)}`,
      cpuPerMsg(r.closed, r.open, o.rate),
      `  accounting: sent ${int(r.closed.driver.sent + r.open.driver.sent)}, ` +
        `${isRawExact(r.closed) && isRawExact(r.open) ? 'every message delivered and persisted exactly once' : 'MISMATCH'}`,
      `  CPU % of one core: relay ${r.closed.cpu.relayPct}/${r.open.cpu.relayPct}, driver ${r.closed.cpu.driverPct}/${r.open.cpu.driverPct}, ` +
        `other processes ${r.closed.cpu.otherPct}/${r.open.cpu.otherPct} (closed/open)`,
    );
  }
  for (const t of f.textdesk) {
    const d = t.stats.driver;
    const errs = Object.entries(t.stats.errors);
    out.push(
      `textdesk, customers over ${t.channel === 'webchat' ? 'web chat (WebSocket)' : 'the HTTP API channel (reference)'}, operators over tRPC subscriptions:`,
      `  max throughput ${int(t.closed.msgPerSec)} msg/s (closed loop, ${int(t.closed.inFlight)} in flight)`,
      `  at ${int(t.open.ratePerSec)} msg/s: ${pct(t.open.latency)}`,
      cpuPerMsg(t.closed, t.open, t.open.ratePerSec),
      `  accounting: sent ${int(d.sent)}, delivered ${int(d.delivered)}, duplicates ${d.duplicates}, unknown ${d.unknown}, ` +
        `lost ${t.open.lost}; errors ${errs.length === 0 ? 'none' : errs.map(([k, v]) => `${k} ${v}`).join(', ')}` +
        (isTextdeskExact(t) ? ' — exact' : ' — MISMATCH'),
      `  server: CPU ${int(t.stats.server.cpuMs)} ms over both modes, RSS ${int(t.stats.server.rssBytes / 2 ** 20)} MiB; ` +
        `CPU % of one core: server ${t.stats.cpu.relayPct}, driver ${t.stats.cpu.driverPct}, other processes ${t.stats.cpu.otherPct}` +
        (t.stats.cpu.otherPct > 20 ? ' — machine busy, figures understated' : '') +
        `; setup ${(t.setupMs / 1000).toFixed(1)} s`,
    );
  }
  if (f.ratio && f.raw) {
    const tp = f.ratio.throughput;
    const p99 = f.textdesk[0].open.latency.p99;
    out.push(
      `ratio (textdesk ${f.textdesk[0].channel} / raw): throughput ${(tp * 100).toFixed(0)} % (goal ≥ 50 %: ${tp >= 0.5 ? 'met' : 'NOT met'}); ` +
        `p99 at ${int(o.rate)} msg/s ${ms(p99)} vs ${ms(f.raw.open.latency.p99)} (×${f.ratio.p99.toFixed(1)}; goal < 15 ms: ${p99 < 15 ? 'met' : 'NOT met'})`,
    );
    const cpuRatio = cpuPerMsgRatio(f);
    if (cpuRatio !== null)
      out.push(
        `  server CPU per message in the closed loop, textdesk / raw: ×${cpuRatio.toFixed(1)} (50 % of raw throughput needs about ×2)`,
      );
  }
  return out.join('\n');
}

function cpuPerMsgRatio(f: TextdeskVsRawFigures): number | null {
  const t = f.textdesk[0]?.closed.serverCpuUsPerMsg;
  const r = f.raw?.closed.serverCpuUsPerMsg;
  return t != null && r != null ? t / r : null;
}

/** Over repeated runs (each raw then textdesk, so machine drift hits both): median and range. */
export function formatSpread(runs: TextdeskVsRawFigures[]): string {
  const spread = (label: string, values: number[], unit: string, digits = 0): string => {
    const f = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: digits });
    return `  ${label}: median ${f(median(values))}${unit} (range ${f(Math.min(...values))}–${f(Math.max(...values))}${unit})`;
  };
  const lines = [`over ${runs.length} runs:`];
  const raws = runs.flatMap((r) => (r.raw ? [r.raw] : []));
  if (raws.length > 0) {
    lines.push(
      spread(
        'raw max throughput',
        raws.map((r) => r.closed.msgPerSec),
        ' msg/s',
      ),
    );
    lines.push(
      spread(
        'raw p99 at the fixed rate',
        raws.map((r) => r.open.latency.p99),
        ' ms',
        1,
      ),
    );
  }
  const channels = runs[0].textdesk.map((t) => t.channel);
  channels.forEach((channel, i) => {
    lines.push(
      spread(
        `textdesk (${channel}) max throughput`,
        runs.map((r) => r.textdesk[i].closed.msgPerSec),
        ' msg/s',
      ),
    );
    lines.push(
      spread(
        `textdesk (${channel}) p99 at the fixed rate`,
        runs.map((r) => r.textdesk[i].open.latency.p99),
        ' ms',
        1,
      ),
    );
  });
  const cpuPerMsgOf = (figures: (ClosedLoopFigures | undefined)[]): number[] =>
    figures.flatMap((c) => (c?.serverCpuUsPerMsg != null ? [c.serverCpuUsPerMsg] : []));
  const rawCpu = cpuPerMsgOf(raws.map((r) => r.closed));
  if (rawCpu.length > 0) lines.push(spread('raw server CPU per message, closed loop', rawCpu, ' µs'));
  const textdeskCpu = cpuPerMsgOf(runs.map((r) => r.textdesk[0]?.closed));
  if (textdeskCpu.length > 0)
    lines.push(spread(`textdesk (${channels[0]}) server CPU per message, closed loop`, textdeskCpu, ' µs'));
  const cpuRatios = runs.flatMap((r) => {
    const v = cpuPerMsgRatio(r);
    return v === null ? [] : [v];
  });
  if (cpuRatios.length > 0) lines.push(spread('server CPU per message ratio (textdesk / raw)', cpuRatios, '×', 1));
  const ratios = runs.flatMap((r) => (r.ratio ? [r.ratio.throughput * 100] : []));
  if (ratios.length > 0) lines.push(spread('throughput ratio', ratios, ' %'));
  return lines.join('\n');
}
