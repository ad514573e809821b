// Where textdesk's time goes per message: runs the textdesk side of textdesk-vs-raw with the
// server under `node --cpu-prof`, then summarizes the server's main-thread profile over the
// measured phase (closed loop + open loop, warm-ups included; setup left out): self time by area
// (package or source file) and by function, inclusive time of the main subsystems, and µs per
// message at the measured throughput.
//
//   node --import tsx bench/profile.ts [--channel webchat|api] [--customers 2000] [--operators 500]
//        [--duration-ms 8000] [--closed-only] [--keep]   (--keep leaves the .cpuprofile for Chrome DevTools)
//   --closed-only summarizes the closed loop (maximum throughput) alone, without the open loop's
//   single-message commits.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summarizeCpuProfile, type ProfileEntry } from './lib/cpu-profile';
import { runTextdeskBench } from './textdesk-vs-raw';
import { DESK_SIZE_OPTIONS } from './lib/load-options';

const SUBSYSTEMS: Record<string, RegExp> = {
  'SQLite (all)': /better-sqlite3|store\/sqlite-store/,
  'SQLite commit (flush)': /^flush .*sqlite-store/,
  'socket writes (writev)': /^writev/,
  'tRPC server': /@trpc\/server/,
  'live feed (operator events)': /api\/live-feed/,
  'web chat channel': /channels\/webchat/,
  'HTTP API channel': /channels\/api\/|channels\/http-json/,
  'inbound (desk)': /desk\/inbound/,
  statistics: /domain\/stats|stats-service/,
  zod: /node_modules\/zod/,
  'JSON.stringify': /^stringify /,
};

const { values } = parseArgs({
  options: {
    channel: { type: 'string', default: 'webchat' },
    ...DESK_SIZE_OPTIONS,
    'duration-ms': { type: 'string', default: '8000' },
    'closed-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
// The server runs from the sources, so the profile names files rather than bundle chunks.
process.env.TEXTDESK_SOURCES = '1';
const dir = mkdtempSync(join(tmpdir(), 'textdesk-profile-'));
const durationMs = Number(values['duration-ms']);
const warmupMs = 2_000;
const f = await runTextdeskBench(
  {
    customers: Number(values.customers),
    operators: Number(values.operators),
    durationMs,
    warmupMs,
    serverNodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '250'],
  },
  values.channel as 'webchat' | 'api',
);
// The main thread's profile is the largest (tsx's loader thread writes a small one too).
const file = readdirSync(dir)
  .map((name) => join(dir, name))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
const closedOnly = values['closed-only'];
// The measured parts as the driver timed them: no setup, no warm-up, no shutdown.
const window = closedOnly ? f.closed.measured : { fromUs: f.closed.measured.fromUs, toUs: f.open.measured.toUs };
const s = summarizeCpuProfile(file, { window, top: 25, inclusive: SUBSYSTEMS });
// The open loop's warm-up lies between the two measured parts: its messages count too.
const messages = f.closed.completed + (closedOnly ? 0 : f.open.sent + (f.open.ratePerSec * warmupMs) / 1000);
const perMsg = (ms: number): string => `${((ms * 1000) / messages).toFixed(0)} µs/msg`;
const table = (title: string, rows: ProfileEntry[]): void => {
  console.log(title);
  for (const r of rows) console.log(`  ${r.pct.toFixed(1).padStart(5)} %  ${perMsg(r.ms).padStart(12)}  ${r.name}`);
};
console.log(
  `textdesk (${f.channel}) under --cpu-prof: ${Math.round(f.closed.msgPerSec)} msg/s closed loop, ` +
    `${f.open.ratePerSec} msg/s open loop (p99 ${f.open.latency.p99.toFixed(1)} ms); ${closedOnly ? 'closed loop only: ' : ''}server main thread busy ` +
    `${(s.busyMs / 1000).toFixed(1)} s of ${(s.windowMs / 1000).toFixed(0)} s ≈ ${perMsg(s.busyMs)} over ${Math.round(messages)} messages`,
);
table('self time by area', s.byArea.slice(0, 15));
table('self time by function', s.byFunction.slice(0, 25));
table('inclusive time by subsystem (overlapping)', s.inclusive);
if (values.keep) console.log(`profile: ${file}`);
else rmSync(dir, { recursive: true, force: true });
process.exit(0);
