// What the open loop's slowest messages waited for: textdesk (web chat customers, tRPC
// operators) at a fixed rate with the server's stall log on (every GC pause and group commit of
// 1 ms or more, server/stall-log.ts), then each message at or over p90 and p99 put down to the
// stalls that overlapped its way from send to delivery.
//
//   node --import tsx bench/open-loop-tail.ts [--customers 2000] [--operators 500] [--rate 1000]
//        [--duration-ms 8000] [--server-node-args=--max-semi-space-size=16]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnServer } from '../cli/load/spawn-server';
import type { Stall } from '../server/stall-log';
import { startRelayLoad, type OpenLoopFigures } from './lib/relay-load';
import { attributeTail, type TailAttribution, type TimedMessage } from './lib/tail-attribution';
import { createTextdeskTarget } from './lib/textdesk-target';
import { DESK_SIZE_OPTIONS, splitNodeArgs } from './lib/load-options';

const { values } = parseArgs({
  options: {
    ...DESK_SIZE_OPTIONS,
    rate: { type: 'string', default: '1000' },
    'duration-ms': { type: 'string', default: '8000' },
    'server-node-args': { type: 'string' },
  },
});
const warmupMs = 2_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-tail-'));
const stallLog = path.join(dir, 'stalls.jsonl');
const server = await spawnServer({
  env: { TEXTDESK_STALL_LOG: stallLog },
  nodeArgs: splitNodeArgs(values['server-node-args']),
});
const target = createTextdeskTarget(
  { url: server.url, wsUrl: server.wsUrl, admin: { login: 'admin', password: server.adminPassword } },
  { channel: 'webchat', capacity: 4 },
);
// Every message sent after the warm-up, on the epoch clock the stall log uses.
const timed: TimedMessage[] = [];
let recording = false;
let recordFrom = Infinity;
const onDeliver = target.onDeliver.bind(target);
target.onDeliver = (cb) =>
  onDeliver((operatorIdx, msg) => {
    const sentAt = performance.timeOrigin + msg.t / 1e6;
    if (recording && sentAt >= recordFrom)
      timed.push({ sentAt, deliveredAt: performance.timeOrigin + performance.now() });
    cb(operatorIdx, msg);
  });
let open: OpenLoopFigures;
try {
  const load = await startRelayLoad(target, {
    customers: Number(values.customers),
    operators: Number(values.operators),
    drainTimeoutMs: 10_000,
  });
  const warmedUp = setTimeout(() => {
    recording = true;
    recordFrom = performance.timeOrigin + performance.now();
  }, warmupMs);
  open = await load.runOpen({ ratePerSec: Number(values.rate), durationMs: Number(values['duration-ms']), warmupMs });
  clearTimeout(warmedUp);
  recording = false;
  await load.close();
} finally {
  // Stopping the server closes its stall log, so the file is whole below.
  await server.stop();
}
const stalls = fs
  .readFileSync(stallLog, 'utf8')
  .trim()
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Stall);
fs.rmSync(dir, { recursive: true, force: true });
const ms = (x: number): string => `${x.toFixed(1)} ms`;
console.log(
  `textdesk open loop at ${values.rate} msg/s, ${values.customers} web chat customers, ${values.operators} operators: ` +
    `p50 ${ms(open.latency.p50)}  p90 ${ms(open.latency.p90)}  p99 ${ms(open.latency.p99)}  max ${ms(open.latency.max)}; lost ${open.lost}`,
);
const report = (a: TailAttribution, label: string): void => {
  const causes = Object.entries(a.byCause).sort((x, y) => y[1] - x[1]);
  console.log(
    `  ${a.slow} messages at or over ${label} (${ms(a.thresholdMs)}) overlapped: ${causes.map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
};
const p90 = attributeTail(timed, stalls, { quantile: 0.9, minStallMs: 2 });
console.log(
  `  stalls of 2 ms or more during the run: ${Object.entries(p90.stalls)
    .map(([k, s]) => `${k} ×${s.count} (${ms(s.totalMs)} in all, longest ${ms(s.maxMs)})`)
    .join('; ')}`,
);
report(p90, 'p90');
report(attributeTail(timed, stalls, { quantile: 0.99, minStallMs: 2 }), 'p99');
process.exit(0);
