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
import { spawnServer } from '../cli/load/spawn-server';
import { startCpuShare, type CpuShare } from './lib/cpu-share';
import { startRelayLoad, type ClosedLoopFigures, type DriverCounts, type OpenLoopFigures } from './lib/relay-load';
import { createTextdeskTarget } from './lib/textdesk-target';
import { formatSpread, formatTextdeskVsRaw, int, isTextdeskExact, ms } from './lib/textdesk-vs-raw-report';
import { isExact as isRawExact, runRawRelayBench, type RawRelayBenchFigures } from './raw-relay';
import { DESK_SIZE_OPTIONS, splitNodeArgs } from './lib/load-options';

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
      ? {
          throughput: first.closed.msgPerSec / raw.closed.msgPerSec,
          p99: first.open.latency.p99 / raw.open.latency.p99,
        }
      : null;
  return { options, raw, textdesk, ratio };
}

/** For run-all: the headline figures. */
export async function run(
  opts: Partial<TextdeskVsRawOptions> = {},
): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const f = await runTextdeskVsRaw({ customers: 2_000, operators: 500, durationMs: 10_000, ...opts });
  const rows: [string, string][] = [];
  if (f.raw)
    rows.push(
      ['raw relay max throughput', `${int(f.raw.closed.msgPerSec)} msg/s`],
      ['raw relay p99 @ rate', ms(f.raw.open.latency.p99)],
    );
  for (const x of f.textdesk) {
    rows.push(
      [`textdesk (${x.channel}) max throughput`, `${int(x.closed.msgPerSec)} msg/s`],
      [`textdesk (${x.channel}) p99 @ rate`, ms(x.open.latency.p99)],
    );
  }
  if (f.ratio) rows.push(['textdesk / raw throughput', `${(f.ratio.throughput * 100).toFixed(0)} %`]);
  const ok = f.textdesk.every(isTextdeskExact) && (!f.raw || (isRawExact(f.raw.closed) && isRawExact(f.raw.open)));
  return { text: formatTextdeskVsRaw(f), rows, ok };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...DESK_SIZE_OPTIONS,
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
      serverNodeArgs: splitNodeArgs(values['server-node-args']),
    });
    runs.push(f);
    console.log(values.json ? JSON.stringify(f, null, 2) : formatTextdeskVsRaw(f));
    if (!f.textdesk.every(isTextdeskExact)) process.exitCode = 1;
  }
  if (runs.length > 1 && !values.json) console.log(formatSpread(runs));
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
