// Load schedulers: open loop (fixed arrival rate) for latency, closed loop (fixed concurrency)
// for maximum throughput.
//
// Why open loop for latency: a closed-loop sender waits for a reply before sending again, so
// when the server stalls it stops sending and the stall is measured once instead of for every
// request that should have been sent meanwhile ("coordinated omission"). Here sends fire at
// their planned times whether or not earlier ones completed, and each send is handed its
// INTENDED time: the caller measures latency from that, so lateness of the generator itself
// (a timer firing late, a busy event loop) counts against the result instead of hiding.
//
// Times are milliseconds on `performance.now()`, which is Node's monotonic hrtime clock (the
// one process.hrtime reads) with sub-microsecond resolution.

export type Clock = () => number;
/** Runs `callback` once, `delayMs` later on the clock. */
export type Schedule = (callback: () => void, delayMs: number) => void;

const defaultClock: Clock = () => performance.now();
const defaultSchedule: Schedule = (callback, delayMs) => void setTimeout(callback, delayMs);

export interface OpenLoopOptions {
  ratePerSec: number;
  durationMs: number;
  /** Starts one send; `intendedAt` is its planned time on the clock. Not awaited before the next. */
  send: (intendedAt: number) => Promise<void>;
  /** The rate climbs linearly from 0 to ratePerSec over this long (default 0: full rate at once). */
  rampUpMs?: number;
  clock?: Clock;
  /** How the loop waits for the next planned send (default setTimeout); tests pass one on their own clock. */
  schedule?: Schedule;
  /** Stop waiting for sends still in flight when firing is done (the caller accounts for them). */
  noWait?: boolean;
}

/** Offsets from the start of the i-th send for a rate that climbs linearly over `rampUpMs`, then
 * holds: with r per ms, the ramp holds r·T/2 sends, the i-th at √(2·i·T/r). */
export function openLoopPlan(
  ratePerSec: number,
  durationMs: number,
  rampUpMs = 0,
): { total: number; offsetOf: (i: number) => number } {
  const r = ratePerSec / 1000;
  const T = Math.min(rampUpMs, durationMs);
  const inRamp = (r * T) / 2;
  const total = Math.floor(durationMs <= T ? (r * durationMs * durationMs) / (2 * T) : inRamp + r * (durationMs - T));
  const offsetOf = (i: number): number => (i < inRamp ? Math.sqrt((2 * i * T) / r) : T + (i - inRamp) / r);
  return { total, offsetOf };
}

export interface OpenLoopResult {
  /** Planned time of every send, in firing order: start + i · (1000 / ratePerSec). */
  intendedAt: Float64Array;
  /** Sends whose promise rejected or that threw. */
  errors: number;
  /** Worst delay between a planned time and the moment it was fired: the generator's own lag. */
  maxLagMs: number;
}

export async function scheduleOpenLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const clock = opts.clock ?? defaultClock;
  const schedule = opts.schedule ?? defaultSchedule;
  const { total, offsetOf } = openLoopPlan(opts.ratePerSec, opts.durationMs, opts.rampUpMs);
  const intendedAt = new Float64Array(total);
  let fired = 0;
  let outstanding = 0;
  let errors = 0;
  let maxLagMs = 0;
  let firingDone = false;
  let allSettled: () => void = () => {};
  const settled = new Promise<void>((resolve) => (allSettled = resolve));

  const onSettled = (): void => {
    outstanding--;
    if (firingDone && outstanding === 0) allSettled();
  };
  const onError = (): void => {
    errors++;
    onSettled();
  };

  const start = clock();
  const fireDue = (): void => {
    const now = clock();
    // Catch up on every send that is due: a late timer must not thin out the arrival rate.
    while (fired < total && start + offsetOf(fired) <= now) {
      const at = start + offsetOf(fired);
      intendedAt[fired++] = at;
      maxLagMs = Math.max(maxLagMs, now - at);
      outstanding++;
      try {
        opts.send(at).then(onSettled, onError);
      } catch {
        onError();
      }
    }
    if (fired < total) {
      schedule(fireDue, start + offsetOf(fired) - clock());
      return;
    }
    firingDone = true;
    if (outstanding === 0 || opts.noWait) allSettled();
  };
  fireDue();
  await settled;
  return { intendedAt, errors, maxLagMs };
}

export interface ClosedLoopOptions {
  /** Number of independent senders, each with one send in flight at a time. */
  concurrency: number;
  /** Length of the measured window. */
  durationMs: number;
  /** Completions during this initial period are not counted (connections, JIT, caches warm up). */
  warmupMs?: number;
  /** One request; resolves when it completed. `worker` is 0 … concurrency − 1. */
  send: (worker: number) => Promise<void>;
  clock?: Clock;
}

export interface ClosedLoopResult {
  /** Completions inside the measured window. */
  completed: number;
  elapsedMs: number;
  perSec: number;
}

/** Runs until warm-up + duration has passed and every in-flight send has settled; rejects with
 * the first send error (after the others have settled), since a failing target has no
 * meaningful throughput. */
export async function runClosedLoop(opts: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const clock = opts.clock ?? defaultClock;
  const measureFrom = clock() + (opts.warmupMs ?? 0);
  const end = measureFrom + opts.durationMs;
  let completed = 0;
  let failure: { error: unknown } | undefined;

  const worker = async (w: number): Promise<void> => {
    while (failure === undefined && clock() < end) {
      try {
        await opts.send(w);
      } catch (error) {
        failure ??= { error };
        return;
      }
      const doneAt = clock();
      if (doneAt >= measureFrom && doneAt <= end) completed++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  if (failure !== undefined) throw failure.error;
  return { completed, elapsedMs: opts.durationMs, perSec: (completed * 1000) / opts.durationMs };
}
