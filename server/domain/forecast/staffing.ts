// Operators needed per interval for one channel, from its forecast volume.
// - Live channels (chat, messengers, social, SMS): Erlang C, or Erlang A when customers give up,
//   on slots. An operator carrying c dialogs is c slots, each dialog held for the handle time
//   measured at concurrency c; the operators needed are the slots over c, rounded up, and the
//   service level shown is the one those operators' slots give.
// - Deferred channels (e-mail): nobody waits on the line, so there is no queueing formula: each
//   message's work (the operator time it takes) is spread evenly over its SLA window, and the
//   open backlog over the first window. Staffed so, every message is done within its window.
// Shrinkage (breaks, training, absence) then turns operators on task into operators scheduled.
import { erlangAFigures, slotsForServiceLevelA } from './erlang-a';
import { erlangCFigures, slotsForServiceLevel } from './erlang-c';

export type QueueModel = 'erlang-c' | 'erlang-a';

export interface LiveTarget {
  kind: 'live';
  /** Share to be answered within `answerSeconds` (0–1). */
  serviceLevel: number;
  answerSeconds: number;
  concurrency: number;
  /** Handle time of one dialog at that concurrency, seconds. */
  handleSeconds: number;
  model: QueueModel;
  /** Mean patience for Erlang A, seconds. */
  patienceSeconds?: number;
}

export interface DeferredTarget {
  kind: 'deferred';
  /** Every message done within this many seconds of arriving. */
  windowSeconds: number;
  /** Operator time one message takes, seconds. */
  effortSeconds: number;
  /** Messages already waiting when the plan starts. */
  backlog: number;
}

export interface IntervalPlan {
  /** Expected arrivals in the interval. */
  volume: number;
  handleSeconds: number;
  /** Operators on task to meet the target. */
  operators: number;
  /** Operators to schedule: operators / (1 − shrinkage), rounded up. */
  scheduled: number;
  /** Share of the operators' slots (live) or time (deferred) that is busy. */
  occupancy: number;
  /** Expected service level with those operators (deferred: share done within the window). */
  serviceLevel: number;
  /** Expected mean wait, seconds (deferred: null, no one waits on the line). */
  averageWaitSeconds: number | null;
  /** Expected share of arrivals who give up (Erlang A only). */
  abandonment: number | null;
}

export function checkShrinkage(shrinkage: number): void {
  if (!(shrinkage >= 0 && shrinkage < 1))
    throw new RangeError(`shrinkage must be at least 0 % and under 100 %, got ${shrinkage * 100} %`);
}

export function staffLive(
  volumes: readonly number[],
  intervalSeconds: number,
  target: LiveTarget,
  shrinkage: number,
): IntervalPlan[] {
  checkShrinkage(shrinkage);
  if (!Number.isInteger(target.concurrency) || target.concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of dialogs ≥ 1, got ${target.concurrency}`);
  }
  const { concurrency: c, handleSeconds, answerSeconds } = target;
  return volumes.map((volume) => {
    if (volume <= 0 || handleSeconds <= 0) {
      return {
        volume,
        handleSeconds,
        operators: 0,
        scheduled: 0,
        occupancy: 0,
        serviceLevel: 1,
        averageWaitSeconds: 0,
        abandonment: target.model === 'erlang-a' ? 0 : null,
      };
    }
    const load = { arrivalsPerSecond: volume / intervalSeconds, handleSeconds };
    // Erlang A when customers give up in the history, else Erlang C; the rest is the same.
    const patience = target.model === 'erlang-a' ? (target.patienceSeconds ?? Infinity) : null;
    const slots =
      patience === null
        ? slotsForServiceLevel(load, answerSeconds, target.serviceLevel)
        : slotsForServiceLevelA(load, answerSeconds, target.serviceLevel, patience);
    const operators = Math.ceil(slots / c);
    const f =
      patience === null
        ? { ...erlangCFigures(load, operators * c, answerSeconds), abandonment: null }
        : erlangAFigures(load, operators * c, answerSeconds, patience);
    return {
      volume,
      handleSeconds,
      operators,
      scheduled: Math.ceil(operators / (1 - shrinkage)),
      occupancy: f.occupancy,
      serviceLevel: f.serviceLevel,
      averageWaitSeconds: f.averageWaitSeconds,
      abandonment: f.abandonment,
    };
  });
}

export function staffDeferred(
  volumes: readonly number[],
  intervalSeconds: number,
  target: DeferredTarget,
  shrinkage: number,
): IntervalPlan[] {
  checkShrinkage(shrinkage);
  if (!(target.windowSeconds > 0))
    throw new RangeError(`the SLA window must be longer than 0 s, got ${target.windowSeconds}`);
  // How many intervals one message's work is spread over (at least its own).
  const span = Math.max(1, Math.round(target.windowSeconds / intervalSeconds));
  const window = span * intervalSeconds;
  const backlogLoad = (target.backlog * target.effortSeconds) / window;
  let inWindow = 0;
  return volumes.map((volume, i) => {
    inWindow += volume;
    if (i >= span) inWindow -= volumes[i - span];
    // Operators busy on average: work in flight spread over its window, plus the backlog's share.
    const load = (Math.max(0, inWindow) * target.effortSeconds) / window + (i < span ? backlogLoad : 0);
    const operators = load <= 1e-9 ? 0 : Math.ceil(load - 1e-9);
    return {
      volume,
      handleSeconds: target.effortSeconds,
      operators,
      scheduled: Math.ceil(operators / (1 - shrinkage)),
      occupancy: operators === 0 ? 0 : load / operators,
      serviceLevel: 1,
      averageWaitSeconds: null,
      abandonment: null,
    };
  });
}
