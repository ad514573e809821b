// Assignment decision latency at the DESIGN.md §5 scale: 10,000 waiting conversations, 1,000
// operators, 20 queues; target p99 < 1 ms. Run: node --import tsx bench/routing.ts
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../cli/load/scenario';
import { ManualClock } from '../server/domain/clock';
import { Router } from '../server/domain/routing';

const TOPICS = 10;
const BUSY_QUEUES = 19;
/** Operators of the one queue kept empty, so that an arrival there finds someone with room. */
const VIP_OPERATORS = 50;
const OPERATORS = 1_000;
const CAPACITY = 3;
const WAITING = 10_000;
const SAMPLES = 10_000;
const WARMUP = 2_000;
const TARGET_P99_US = 1_000;

export interface CaseFigures {
  name: string;
  count: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

export interface RoutingBenchFigures {
  waiting: number;
  operators: number;
  queues: number;
  cases: CaseFigures[];
  targetP99Us: number;
  pass: boolean;
}

interface Desk {
  clock: ManualClock;
  router: Router;
  random: () => number;
  newId: () => string;
  /** Conversations currently assigned, per kind of queue, for picking one to release. */
  assigned: { busy: string[]; vip: string[] };
}

function buildDesk(): Desk {
  const clock = new ManualClock(1_700_000_000_000);
  const router = new Router(clock);
  const random = seededRandom(42); // seeded, so that every run measures the same desk
  let next = 0;
  const newId = () => `conv-${next++}`;

  for (let i = 0; i < BUSY_QUEUES; i++) {
    const skills = [`topic${i % TOPICS}`, ...(i >= TOPICS ? ['english'] : [])];
    router.setQueue({ id: `q${i}`, skills, priority: i % 3 });
  }
  router.setQueue({ id: 'vip', skills: ['vip'], priority: 3 });

  for (let i = 0; i < OPERATORS; i++) {
    const id = `op${String(i).padStart(4, '0')}`;
    const skills =
      i < VIP_OPERATORS
        ? ['vip']
        : [
            ...new Set([0, 1, 2].map(() => `topic${Math.floor(random() * TOPICS)}`)),
            ...(random() < 0.5 ? ['english'] : []),
          ];
    router.setOperator({ id, skills, capacity: CAPACITY });
    router.connect(id);
    router.setStatus(id, 'available');
  }

  const assigned = { busy: [] as string[], vip: [] as string[] };
  for (let i = 0; i < VIP_OPERATORS * CAPACITY; i++) {
    const id = newId();
    router.enqueue(arrival(clock, random, id, 'vip'));
    assigned.vip.push(id);
  }
  while (router.waitingCount() < WAITING) {
    const id = newId();
    if (router.enqueue(arrival(clock, random, id, `q${Math.floor(random() * BUSY_QUEUES)}`))) assigned.busy.push(id);
    clock.advance(10);
  }
  const idle = router.operatorIds().filter((op) => router.load(op) < CAPACITY);
  if (idle.length > 0) throw new Error(`bench setup left ${idle.length} operators with room`);
  return { clock, router, random, newId, assigned };
}

function arrival(clock: ManualClock, random: () => number, conversationId: string, queueId: string) {
  const now = clock.now();
  const slaDueAt = random() < 0.8 ? now + Math.floor(random() * 3_600_000) : null;
  return { conversationId, queueId, weight: 1, slaDueAt, waitingSince: now };
}

function timed(histogram: RecordableHistogram | null, fn: () => void): void {
  const start = process.hrtime.bigint();
  fn();
  const ns = Number(process.hrtime.bigint() - start);
  histogram?.record(Math.max(ns, 1));
}

function takeRandom(list: string[], random: () => number): string {
  const i = Math.floor(random() * list.length);
  const [id] = list.splice(i, 1, list[list.length - 1]);
  list.pop();
  return id;
}

/** (a) an arrival when nobody has room: it only joins its queue. Released afterwards, untimed. */
function arrivalNobodyFree(desk: Desk, histogram: RecordableHistogram | null): void {
  const id = desk.newId();
  const item = arrival(desk.clock, desk.random, id, `q${Math.floor(desk.random() * BUSY_QUEUES)}`);
  timed(histogram, () => desk.router.enqueue(item));
  desk.router.release(id);
}

/** (b) a release: the operator pulls the best head it covers. A new arrival refills, untimed. */
function releaseAndPull(desk: Desk, histogram: RecordableHistogram | null): void {
  const id = takeRandom(desk.assigned.busy, desk.random);
  let pulled: string[] = [];
  timed(histogram, () => {
    pulled = desk.router.release(id).map((a) => a.conversationId);
  });
  desk.assigned.busy.push(...pulled);
  desk.router.enqueue(arrival(desk.clock, desk.random, desk.newId(), `q${Math.floor(desk.random() * BUSY_QUEUES)}`));
}

/** (c) an arrival that finds an operator with room (one vip dialog was released, untimed, first). */
function arrivalFindsOperator(desk: Desk, histogram: RecordableHistogram | null): void {
  desk.router.release(takeRandom(desk.assigned.vip, desk.random));
  const id = desk.newId();
  const item = arrival(desk.clock, desk.random, id, 'vip');
  timed(histogram, () => {
    if (!desk.router.enqueue(item)) throw new Error('vip arrival found nobody');
  });
  desk.assigned.vip.push(id);
}

function measure(name: string, desk: Desk, step: (desk: Desk, h: RecordableHistogram | null) => void): CaseFigures {
  for (let i = 0; i < WARMUP; i++) step(desk, null);
  const histogram = createHistogram();
  for (let i = 0; i < SAMPLES; i++) {
    step(desk, histogram);
    desk.clock.advance(1);
  }
  const us = (ns: number) => Math.round(ns / 10) / 100;
  return {
    name,
    count: histogram.count,
    p50Us: us(histogram.percentile(50)),
    p90Us: us(histogram.percentile(90)),
    p99Us: us(histogram.percentile(99)),
    p999Us: us(histogram.percentile(99.9)),
    maxUs: us(histogram.max),
  };
}

export async function runRoutingBench(): Promise<RoutingBenchFigures> {
  const desk = buildDesk();
  const cases = [
    measure('(a) arrival, nobody has room', desk, arrivalNobodyFree),
    measure('(b) release, operator pulls next', desk, releaseAndPull),
    measure('(c) arrival finds a free operator', desk, arrivalFindsOperator),
  ];
  return {
    waiting: desk.router.waitingCount(),
    operators: desk.router.operatorIds().length,
    queues: BUSY_QUEUES + 1,
    cases,
    targetP99Us: TARGET_P99_US,
    pass: cases.every((c) => c.p99Us < TARGET_P99_US),
  };
}

function print(figures: RoutingBenchFigures): void {
  console.log(`routing: ${figures.waiting} waiting, ${figures.operators} operators, ${figures.queues} queues`);
  const columns = ['count', 'p50 µs', 'p90 µs', 'p99 µs', 'p99.9 µs', 'max µs'];
  const nameWidth = Math.max(...figures.cases.map((c) => c.name.length));
  console.log(['case'.padEnd(nameWidth), ...columns.map((c) => c.padStart(9))].join(' '));
  for (const c of figures.cases) {
    const cells = [c.count, c.p50Us, c.p90Us, c.p99Us, c.p999Us, c.maxUs].map((v) => String(v).padStart(9));
    console.log([c.name.padEnd(nameWidth), ...cells].join(' '));
  }
  console.log(`target: p99 < 1 ms  ${figures.pass ? 'PASS' : 'FAIL'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await runRoutingBench();
  print(figures);
  if (!figures.pass) process.exitCode = 1;
}
