// The raw limit (DESIGN.md §5): a bare ws relay that persists every message to SQLite (WAL,
// synchronous=FULL, group commit per tick) and forwards it to an operator socket, driven by the
// same load driver textdesk is measured with. Prints maximum throughput (closed loop) and
// latency at a fixed rate (open loop).
//
//   node --import tsx bench/raw-relay.ts [--customers 2000] [--operators 500]
//        [--duration-ms 10000] [--rate 1000]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { LatencyPercentiles } from '../cli/load/histogram';
import { startCpuShare, type CpuShare } from './lib/cpu-share';
import type { RelayStats } from './lib/raw-relay-server';
import { createRawRelayTarget } from './lib/raw-relay-target';
import {
  startRelayLoad,
  type ClosedLoopFigures,
  type DriverCounts,
  type OpenLoopFigures,
  type RelayLoad,
} from './lib/relay-load';
import { startRawRelayProcess } from './lib/relay-process';
import { DESK_SIZE_OPTIONS } from './lib/load-options';

export interface RawRelayBenchOptions {
  customers: number;
  operators: number;
  /** Measured time of each mode. */
  durationMs: number;
  /** Open-loop rate, msg/s over all customers (default 1,000). */
  rate?: number;
  /** Unmeasured lead-in of each mode (default 2,000 ms). */
  warmupMs?: number;
  /** Closed loop: messages each customer keeps in flight (default 1). */
  inFlightPerCustomer?: number;
}

/** One mode's session: the driver's exactly-once accounting, the relay's own counters and
 * where the machine's CPU went meanwhile. */
export interface SessionCounts {
  driver: DriverCounts;
  relay: RelayStats;
  cpu: CpuShare;
}

export interface RawRelayBenchFigures {
  closed: ClosedLoopFigures & SessionCounts;
  open: OpenLoopFigures & SessionCounts;
}

// Each mode gets a fresh relay process and database, so the open-loop figures do not inherit
// the closed loop's WAL growth or garbage.
async function withRawRelay<T>(
  opts: RawRelayBenchOptions,
  run: (load: RelayLoad) => Promise<T>,
): Promise<T & SessionCounts> {
  const cpuShare = startCpuShare();
  const relay = await startRawRelayProcess();
  let load: RelayLoad | undefined;
  try {
    load = await startRelayLoad(createRawRelayTarget(relay.url), { ...opts, serverCpuMs: relay.cpuMs });
    const figures = await run(load);
    const driver = load.counts();
    await load.close();
    load = undefined;
    const relayStats = await relay.stop();
    return { ...figures, driver, relay: relayStats, cpu: cpuShare(relayStats.cpuMs) };
  } catch (error) {
    await load?.close();
    await relay.stop().catch(() => {});
    throw error;
  }
}

export async function runRawRelayBench(opts: RawRelayBenchOptions): Promise<RawRelayBenchFigures> {
  const warmupMs = opts.warmupMs ?? 2_000;
  const closed = await withRawRelay(opts, (load) =>
    load.runClosed({ inFlightPerCustomer: opts.inFlightPerCustomer ?? 1, durationMs: opts.durationMs, warmupMs }),
  );
  const open = await withRawRelay(opts, (load) =>
    load.runOpen({ ratePerSec: opts.rate ?? 1_000, durationMs: opts.durationMs, warmupMs }),
  );
  return { closed, open };
}

/** Every message sent was delivered exactly once and persisted exactly once. */
export function isExact(counts: SessionCounts): boolean {
  const { driver, relay } = counts;
  return (
    driver.delivered === driver.sent &&
    driver.duplicates === 0 &&
    driver.unknown === 0 &&
    relay.persisted === driver.sent &&
    relay.dropped === 0
  );
}

const ms = (v: number): string => `${v.toFixed(2)} ms`;
const int = (v: number): string => Math.round(v).toLocaleString('en-US');
const percentiles = (l: LatencyPercentiles): string =>
  `p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  p99.9 ${ms(l.p999)}  max ${ms(l.max)}  (n=${int(l.count)})`;
const accounting = (c: SessionCounts): string =>
  `sent ${int(c.driver.sent)}, delivered ${int(c.driver.delivered)}, duplicates ${c.driver.duplicates}, ` +
  `unknown ${c.driver.unknown}; persisted ${int(c.relay.persisted)}, dropped ${c.relay.dropped}` +
  (isExact(c) ? ' — exact' : ' — MISMATCH');
const cpu = ({ cpu: c }: SessionCounts): string =>
  `CPU, % of one core (${c.cores} cores): driver ${c.driverPct}, relay ${c.relayPct}, other processes ${c.otherPct}` +
  (c.otherPct > 20 ? ' — machine busy, figures understated' : '');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...DESK_SIZE_OPTIONS,
      'duration-ms': { type: 'string', default: '10000' },
      rate: { type: 'string', default: '1000' },
    },
  });
  const opts: RawRelayBenchOptions = {
    customers: Number(values.customers),
    operators: Number(values.operators),
    durationMs: Number(values['duration-ms']),
    rate: Number(values.rate),
  };
  console.log(
    `raw relay — ws + SQLite (WAL, synchronous=FULL, exclusive lock, one transaction per tick), relay in its own process; ` +
      `${int(opts.customers)} customers → ${int(opts.operators)} operators, ${opts.durationMs / 1000} s per mode`,
  );
  const { closed, open } = await runRawRelayBench(opts);
  console.log(`closed loop (${int(closed.inFlight)} in flight): ${int(closed.msgPerSec)} msg/s`);
  console.log(`  latency from send, informational: ${percentiles(closed.latency)}`);
  console.log(`  relay CPU per message: ${Math.round(closed.serverCpuUsPerMsg ?? 0)} µs`);
  console.log(`  ${accounting(closed)}`);
  console.log(`  ${cpu(closed)}`);
  console.log(`open loop at ${int(open.ratePerSec)} msg/s, latency from intended send time:`);
  console.log(`  ${percentiles(open.latency)}`);
  console.log(
    `  lost ${open.lost}, driver scheduler lag max ${ms(open.maxSchedulerLagMs)}, relay CPU per message ${Math.round(open.serverCpuUsPerMsg ?? 0)} µs`,
  );
  console.log(`  ${accounting(open)}`);
  console.log(`  ${cpu(open)}`);
  if (!isExact(closed) || !isExact(open)) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
