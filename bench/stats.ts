// The cost of one statistics tick (snapshot + alerts, what the server does every second) on a
// large desk: 1,000 operators and 10,000 open dialogs over 20 queues and 10 channels, with an
// hour of history in the windows and about 100 events between ticks.
// Run: node --import tsx bench/stats.ts
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../cli/load/scenario';
import { ManualClock } from '../server/domain/clock';
import { StatsEngine } from '../server/domain/stats';

const OPERATORS = 1_000;
const OPEN = 10_000;
const QUEUES = 20;
const CHANNELS = 10;
const EVENTS_PER_TICK = 100;
const HISTORY_TICKS = 3_600;
const TICKS = 600;

export interface StatsBenchFigures {
  operators: number;
  openDialogs: number;
  queues: number;
  channels: number;
  ticks: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Bytes of one snapshot as JSON: what each supervisor's socket carries per tick. */
  snapshotBytes: number;
}

export function runStatsBench(opts: { ticks?: number; historyTicks?: number } = {}): StatsBenchFigures {
  const random = seededRandom(42); // seeded, so that every run measures the same desk
  const pickInt = (n: number) => Math.floor(random() * n);
  const clock = new ManualClock(Date.UTC(2025, 0, 6, 8, 0, 0));
  const engine = new StatsEngine({ clock });
  engine.setQueues(Array.from({ length: QUEUES }, (_, i) => ({ id: `q${i}`, name: `Queue ${i}` })));
  engine.setChannels(
    Array.from({ length: CHANNELS }, (_, i) => ({
      id: `ch${i}`,
      name: `Channel ${i}`,
      medium: i % 3 === 0 ? 'email' : 'chat',
    })),
  );
  for (let i = 0; i < OPERATORS; i++) {
    engine.operatorChanged({
      operatorId: `op${i}`,
      name: `Operator ${i}`,
      status: i % 10 === 0 ? 'away' : 'available',
      capacity: 10,
      load: 0,
      at: clock.now(),
    });
  }
  const where = (i: number) => ({ queueId: `q${i % QUEUES}`, channelId: `ch${i % CHANNELS}` });
  let next = 0;
  const open: string[] = [];
  const load = new Map<string, number>();
  const openOne = () => {
    const id = `c${next++}`;
    const w = where(next);
    engine.conversationQueued({ conversationId: id, ...w, slaTargetMs: 60_000, at: clock.now() });
    engine.messageIn({ conversationId: id, ...w, at: clock.now() });
    open.push(id);
    // Nine in ten get an operator (and most an answer); the rest wait.
    if (random() < 0.9) {
      const operatorId = `op${pickInt(OPERATORS)}`;
      engine.conversationAssigned({ conversationId: id, operatorId, at: clock.now() });
      load.set(operatorId, (load.get(operatorId) ?? 0) + 1);
      if (random() < 0.8) {
        engine.firstResponse({ conversationId: id, operatorId, at: clock.now() });
        engine.messageOut({ conversationId: id, ...w, operatorId, at: clock.now() });
      }
    }
  };
  const closeOne = () => {
    const index = pickInt(open.length);
    const id = open[index];
    open[index] = open[open.length - 1];
    open.pop();
    const operatorId = `op${pickInt(OPERATORS)}`;
    if (random() < 0.1) engine.conversationAbandoned({ conversationId: id, at: clock.now() });
    else engine.conversationResolved({ conversationId: id, operatorId, at: clock.now() });
    if (random() < 0.3)
      engine.rating({
        conversationId: id,
        operatorId,
        ...where(Number(id.slice(1))),
        score: (1 + pickInt(5)) as 1,
        at: clock.now(),
      });
  };
  // The desk fills up, then an hour of steady traffic fills the windows and the history.
  for (let i = 0; i < OPEN; i++) openOne();
  const step = () => {
    for (let e = 0; e < EVENTS_PER_TICK / 4; e++) {
      closeOne();
      openOne();
      const id = open[pickInt(open.length)];
      engine.messageIn({ conversationId: id, ...where(Number(id.slice(1))), at: clock.now() });
    }
    for (const [operatorId, n] of load)
      if (random() < 0.01)
        engine.operatorChanged({
          operatorId,
          name: operatorId,
          status: 'available',
          capacity: 10,
          load: n % 10,
          at: clock.now(),
        });
    clock.advance(1000);
  };
  for (let i = 0; i < (opts.historyTicks ?? HISTORY_TICKS); i++) {
    step();
    if (i % 60 === 0) {
      engine.snapshot();
      engine.alerts();
    }
  }
  const ticks = opts.ticks ?? TICKS;
  const samples: number[] = [];
  let snapshotBytes = 0;
  for (let i = 0; i < ticks; i++) {
    step();
    const start = process.hrtime.bigint();
    const snapshot = engine.snapshot();
    engine.alerts();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (i === ticks - 1) snapshotBytes = Buffer.byteLength(JSON.stringify(snapshot));
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
  return {
    operators: OPERATORS,
    openDialogs: open.length,
    queues: QUEUES,
    channels: CHANNELS,
    ticks,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    maxMs: round(samples[samples.length - 1]),
    snapshotBytes,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function print(f: StatsBenchFigures): void {
  console.log(
    `stats tick: ${f.operators} operators, ${f.openDialogs} open dialogs, ${f.queues} queues, ${f.channels} channels`,
  );
  console.log(`snapshot + alerts over ${f.ticks} ticks: p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  max ${f.maxMs} ms`);
  console.log(`snapshot as JSON: ${(f.snapshotBytes / 1024).toFixed(0)} KiB per tick per supervisor`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  print(runStatsBench());
}
