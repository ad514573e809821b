// textdesk against the raw limit, on this machine, in one go: the bare ws + SQLite relay
// (raw-relay.ts), then the real textdesk server in its own process under the same driver and the
// same load through its real path — customers on the web chat WebSocket (the browser's channel),
// operators on the console's tRPC subscription — and, for reference, customers on the HTTP API
// channel. Maximum throughput in closed loop, latency at a fixed rate in open loop, the ratios,
// and exact accounting for every session.
//
//   node --import tsx bench/textdesk-vs-raw.ts [--customers 2000] [--operators 500] [--capacity 4]
//        [--duration-ms 10000] [--rate 1000] [--channels webchat,api] [--skip-raw] [--repeat 1]
//        [--server-node-args "--cpu-prof --cpu-prof-dir /tmp/prof"]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { LatencyPercentiles } from '../cli/load/histogram';
import { spawnServer } from '../cli/load/spawn-server';
import { startCpuShare, type CpuShare } from './lib/cpu-share';
import { startRelayLoad, type ClosedLoopFigures, type DriverCounts, type OpenLoopFigures } from './lib/relay-load';
import { createTextdeskTarget } from './lib/textdesk-target';
import { isExact as isRawExact, runRawRelayBench, type RawRelayBenchFigures } from './raw-relay';

export interface TextdeskVsRawOptions {
  customers: number;
  operators: number;
  /** Conversations per operator; operators × capacity must cover the customers (default 4). */
  capacity?: number;
  durationMs: number;
  rate?: number;
  warmupMs?: number;
  /** Customer channels to measure textdesk on (default web chat, then the HTTP API for reference). */
  channels?: ('webchat' | 'api')[];
  skipRaw?: boolean;
  /** Extra node arguments for the textdesk server (profiling). */
  serverNodeArgs?: string[];
}

export interface TextdeskSessionStats {
  driver: DriverCounts;
  /** Errors outside the sends (operator feeds, connections). */
  errors: Record<string, number>;
  server: { cpuMs: number; rssBytes: number };
  cpu: CpuShare;
}

export interface TextdeskFigures {
  channel: 'webchat' | 'api';
  closed: ClosedLoopFigures;
  open: OpenLoopFigures;
  stats: TextdeskSessionStats;
  /** Setup: creating and logging in the operators, connecting the customers. */
  setupMs: number;
}

export interface TextdeskVsRawFigures {
  options: Required<Omit<TextdeskVsRawOptions, 'serverNodeArgs' | 'skipRaw'>>;
  raw: RawRelayBenchFigures | null;
  textdesk: TextdeskFigures[];
  /** textdesk (first channel, web chat by default) over raw: throughput, and p99 at the fixed rate. */
  ratio: { throughput: number; p99: number } | null;
}

/** One textdesk server process, closed loop then open loop on it. */
export async function runTextdeskBench(
  opts: TextdeskVsRawOptions,
  channel: 'webchat' | 'api',
): Promise<TextdeskFigures> {
  const capacity = opts.capacity ?? 4;
  if (opts.operators * capacity < opts.customers) {
    throw new Error(`${opts.operators} operators × capacity ${capacity} cannot hold ${opts.customers} conversations`);
  }
  const warmupMs = opts.warmupMs ?? 2_000;
  const server = await spawnServer({ nodeArgs: opts.serverNodeArgs });
  const target = createTextdeskTarget(
    { url: server.url, wsUrl: server.wsUrl, admin: { login: 'admin', password: server.adminPassword } },
    { channel, capacity },
  );
  try {
    const setupStart = performance.now();
    const load = await startRelayLoad(target, {
      customers: opts.customers,
      operators: opts.operators,
      drainTimeoutMs: 10_000,
      serverCpuMs: server.cpuMs,
    });
    const setupMs = performance.now() - setupStart;
    const cpuShare = startCpuShare();
    const serverCpu0 = server.cpuMs();
    try {
      const closed = await load.runClosed({ inFlightPerCustomer: 1, durationMs: opts.durationMs, warmupMs });
      const open = await load.runOpen({ ratePerSec: opts.rate ?? 1_000, durationMs: opts.durationMs, warmupMs });
      const serverCpuMs = server.cpuMs() - serverCpu0;
      return {
        channel,
        closed,
        open,
        setupMs,
        stats: {
          driver: load.counts(),
          errors: target.errors(),
          server: { cpuMs: serverCpuMs, rssBytes: server.rssBytes() },
          cpu: cpuShare(serverCpuMs),
        },
      };
    } finally {
      await load.close();
    }
  } finally {
    await server.stop();
  }
}

export function isTextdeskExact(f: TextdeskFigures): boolean {
  const d = f.stats.driver;
  return d.delivered === d.sent && d.duplicates === 0 && d.unknown === 0 && f.open.lost === 0 && Object.keys(f.stats.errors).length === 0;
}

export async function runTextdeskVsRaw(opts: TextdeskVsRawOptions): Promise<TextdeskVsRawFigures> {
  const options = {
    customers: opts.customers,
    operators: opts.operators,
    capacity: opts.capacity ?? 4,
    durationMs: opts.durationMs,
    rate: opts.rate ?? 1_000,
    warmupMs: opts.warmupMs ?? 2_000,
    channels: opts.channels ?? ['webchat', 'api'],
  };
  const raw = opts.skipRaw ? null : await runRawRelayBench(options);
  const textdesk: TextdeskFigures[] = [];
  for (const channel of options.channels) textdesk.push(await runTextdeskBench({ ...opts, ...options }, channel));
  const first = textdesk[0];
  const ratio =
    raw && first
      ? { throughput: first.closed.msgPerSec / raw.closed.msgPerSec, p99: first.open.latency.p99 / raw.open.latency.p99 }
      : null;
  return { options, raw, textdesk, ratio };
}

const ms = (v: number): string => `${v.toFixed(2)} ms`;
const int = (v: number): string => Math.round(v).toLocaleString('en-US');
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
    if (cpuRatio !== null) out.push(`  server CPU per message in the closed loop, textdesk / raw: ×${cpuRatio.toFixed(1)} (50 % of raw throughput needs about ×2)`);
  }
  return out.join('\n');
}

/** For run-all: the headline figures. */
export async function run(opts: Partial<TextdeskVsRawOptions> = {}): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const f = await runTextdeskVsRaw({ customers: 2_000, operators: 500, durationMs: 10_000, ...opts });
  const rows: [string, string][] = [];
  if (f.raw) rows.push(['raw relay max throughput', `${int(f.raw.closed.msgPerSec)} msg/s`], ['raw relay p99 @ rate', ms(f.raw.open.latency.p99)]);
  for (const x of f.textdesk) {
    rows.push([`textdesk (${x.channel}) max throughput`, `${int(x.closed.msgPerSec)} msg/s`], [`textdesk (${x.channel}) p99 @ rate`, ms(x.open.latency.p99)]);
  }
  if (f.ratio) rows.push(['textdesk / raw throughput', `${(f.ratio.throughput * 100).toFixed(0)} %`]);
  const ok = f.textdesk.every(isTextdeskExact) && (!f.raw || (isRawExact(f.raw.closed) && isRawExact(f.raw.open)));
  return { text: formatTextdeskVsRaw(f), rows, ok };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '2000' },
      operators: { type: 'string', default: '500' },
      capacity: { type: 'string', default: '4' },
      'duration-ms': { type: 'string', default: '10000' },
      rate: { type: 'string', default: '1000' },
      channels: { type: 'string', default: 'webchat,api' },
      'skip-raw': { type: 'boolean', default: false },
      'server-node-args': { type: 'string' },
      json: { type: 'boolean', default: false },
      // The machine's noise moves single runs by ±15 %: repeat and read the median.
      repeat: { type: 'string', default: '1' },
    },
  });
  const runs: TextdeskVsRawFigures[] = [];
  for (let i = 0; i < Number(values.repeat); i++) {
    const f = await runTextdeskVsRaw({
      customers: Number(values.customers),
      operators: Number(values.operators),
      capacity: Number(values.capacity),
      durationMs: Number(values['duration-ms']),
      rate: Number(values.rate),
      channels: values.channels.split(',') as ('webchat' | 'api')[],
      skipRaw: values['skip-raw'],
      serverNodeArgs: values['server-node-args']?.split(/\s+/).filter(Boolean),
    });
    runs.push(f);
    console.log(values.json ? JSON.stringify(f, null, 2) : formatTextdeskVsRaw(f));
    if (!f.textdesk.every(isTextdeskExact)) process.exitCode = 1;
  }
  if (runs.length > 1 && !values.json) console.log(formatSpread(runs));
}

function cpuPerMsgRatio(f: TextdeskVsRawFigures): number | null {
  const t = f.textdesk[0]?.closed.serverCpuUsPerMsg;
  const r = f.raw?.closed.serverCpuUsPerMsg;
  return t != null && r != null ? t / r : null;
}

/** Over repeated runs (each raw then textdesk, so machine drift hits both): median and range. */
export function formatSpread(runs: TextdeskVsRawFigures[]): string {
  const spread = (label: string, values: number[], unit: string, digits = 0): string => {
    const sorted = [...values].sort((a, b) => a - b);
    const f = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: digits });
    return `  ${label}: median ${f(sorted[Math.floor(sorted.length / 2)])}${unit} (range ${f(sorted[0])}–${f(sorted[sorted.length - 1])}${unit})`;
  };
  const lines = [`over ${runs.length} runs:`];
  const raws = runs.flatMap((r) => (r.raw ? [r.raw] : []));
  if (raws.length > 0) {
    lines.push(spread('raw max throughput', raws.map((r) => r.closed.msgPerSec), ' msg/s'));
    lines.push(spread('raw p99 at the fixed rate', raws.map((r) => r.open.latency.p99), ' ms', 1));
  }
  const channels = runs[0].textdesk.map((t) => t.channel);
  channels.forEach((channel, i) => {
    lines.push(spread(`textdesk (${channel}) max throughput`, runs.map((r) => r.textdesk[i].closed.msgPerSec), ' msg/s'));
    lines.push(spread(`textdesk (${channel}) p99 at the fixed rate`, runs.map((r) => r.textdesk[i].open.latency.p99), ' ms', 1));
  });
  const cpuPerMsgOf = (figures: (ClosedLoopFigures | undefined)[]): number[] =>
    figures.flatMap((c) => (c?.serverCpuUsPerMsg != null ? [c.serverCpuUsPerMsg] : []));
  const rawCpu = cpuPerMsgOf(raws.map((r) => r.closed));
  if (rawCpu.length > 0) lines.push(spread('raw server CPU per message, closed loop', rawCpu, ' µs'));
  const textdeskCpu = cpuPerMsgOf(runs.map((r) => r.textdesk[0]?.closed));
  if (textdeskCpu.length > 0) lines.push(spread(`textdesk (${channels[0]}) server CPU per message, closed loop`, textdeskCpu, ' µs'));
  const cpuRatios = runs.flatMap((r) => {
    const v = cpuPerMsgRatio(r);
    return v === null ? [] : [v];
  });
  if (cpuRatios.length > 0) lines.push(spread('server CPU per message ratio (textdesk / raw)', cpuRatios, '×', 1));
  const ratios = runs.flatMap((r) => (r.ratio ? [r.ratio.throughput * 100] : []));
  if (ratios.length > 0) lines.push(spread('throughput ratio', ratios, ' %'));
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
