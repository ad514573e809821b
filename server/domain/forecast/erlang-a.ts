// Erlang A (M/M/N+M): Erlang C's queue with customers who give up. Each waiting customer leaves
// after an exponential patience with mean `patienceSeconds`, so the queue is stable at any load
// and abandonment relieves the ones who stay. Used when abandonment in the history is material:
// Erlang C then overstates the waits and the staff needed.
//
// The queue is the birth–death chain with birth rate λ and death rate min(n, N)·μ + max(0, n−N)·θ.
// The waits come from following one arrival (it sees the chain's stationary state, PASTA):
// with j customers ahead it moves up at rate N·μ + j·θ (a service completion or an abandonment
// ahead of it) and leaves at its own rate θ. That transient chain is solved exactly by
// uniformisation, in chunks short enough that e^(−Λt) never underflows.
import { erlangB, offeredErlangs, type Load } from './erlang-c';

export interface ErlangAResult {
  slots: number;
  erlangs: number;
  /** Probability an arrival finds every slot busy. */
  probabilityOfWait: number;
  /** Share of arrivals who leave before being answered. */
  abandonment: number;
  /**
   * Share of all arrivals answered within the target: one who gave up counts as missed, however
   * early. What staffing aims at, so a plan never buys its service level with abandonment.
   */
  serviceLevel: number;
  /**
   * Service level as the desk's reports count it: answered within target over answered plus
   * abandoned after the target (those who left before it are not held against the desk).
   */
  reportedServiceLevel: number;
  /** Mean time in queue over all arrivals, seconds (Little's law: E[queue] / λ). */
  averageWaitSeconds: number;
  /** Share of slot time busy with dialogs that were answered. */
  occupancy: number;
}

/** Past this many customers queued the chain is cut: a desk never sees it and the tail is below 1e−12. */
const MAX_QUEUE = 50_000;
const TAIL = 1e-13;

export function erlangAFigures(
  load: Load,
  slots: number,
  targetSeconds: number,
  patienceSeconds: number,
): ErlangAResult {
  if (!Number.isInteger(slots) || slots < 0) throw new RangeError(`slots must be a whole number ≥ 0, got ${slots}`);
  if (!(targetSeconds >= 0)) throw new RangeError(`target answer time must be ≥ 0 s, got ${targetSeconds}`);
  if (!(patienceSeconds > 0) || !Number.isFinite(patienceSeconds)) {
    throw new RangeError(`mean patience must be a finite time > 0 s, got ${patienceSeconds}`);
  }
  const erlangs = offeredErlangs(load);
  const lambda = load.arrivalsPerSecond;
  if (lambda === 0) {
    return {
      slots,
      erlangs,
      probabilityOfWait: 0,
      abandonment: 0,
      serviceLevel: 1,
      reportedServiceLevel: 1,
      averageWaitSeconds: 0,
      occupancy: 0,
    };
  }
  const mu = 1 / load.handleSeconds;
  const theta = 1 / patienceSeconds;
  const served = slots * mu;

  // Stationary weights relative to π_N: Σ_{n≤N} π_n / π_N = 1 / B(N, A); the queue tail by ratios.
  const tail: number[] = [1]; // tail[k] = π_{N+k} / π_N
  let tailSum = 1;
  let queueSum = 0;
  for (let k = 1; k <= MAX_QUEUE; k++) {
    const next = (tail[k - 1] * lambda) / (served + k * theta);
    tail.push(next);
    tailSum += next;
    queueSum += k * next;
    if (served + k * theta > lambda && next < TAIL * tailSum) break;
  }
  const belowN = slots === 0 ? 0 : 1 / erlangB(slots, erlangs) - 1; // π_0..π_{N−1} over π_N
  const total = belowN + tailSum;
  const probabilityOfWait = tailSum / total;
  const meanQueue = queueSum / total;
  const abandonment = Math.min(1, (theta * meanQueue) / lambda);

  // The arrival's position: j ahead with probability π_{N+j} / total.
  const alive = tail.map((w) => w / total);
  const { answered, abandoned } = followArrival(alive, served, theta, targetSeconds);
  const answeredWithin = belowN / total + answered;
  const counted = 1 - abandoned;
  return {
    slots,
    erlangs,
    probabilityOfWait,
    abandonment,
    serviceLevel: Math.min(1, answeredWithin),
    reportedServiceLevel: counted <= 0 ? 0 : Math.min(1, answeredWithin / counted),
    averageWaitSeconds: meanQueue / lambda,
    occupancy: slots === 0 ? 1 : Math.min(1, (erlangs * (1 - abandonment)) / slots),
  };
}

/**
 * Runs the tagged arrival's chain for `seconds`. `alive` (modified in place) holds the chance of
 * being j-th in line; returns how much was answered and how much left within that time.
 */
function followArrival(
  alive: number[],
  served: number,
  theta: number,
  seconds: number,
): { answered: number; abandoned: number } {
  let answered = 0;
  let abandoned = 0;
  if (seconds === 0) return { answered, abandoned };
  const top = alive.length - 1;
  const rate = served + top * theta + theta;
  // Chunks of at most 200 expected jumps keep e^(−Λ·Δ) far from underflow.
  const chunks = Math.max(1, Math.ceil((rate * seconds) / 200));
  const lt = (rate * seconds) / chunks;
  const size = alive.length;
  let v = new Float64Array(size);
  let next = new Float64Array(size);
  for (let chunk = 0; chunk < chunks; chunk++) {
    v.set(alive);
    let vAnswered = 0;
    let vAbandoned = 0;
    const acc = new Float64Array(size);
    let accAnswered = 0;
    let accAbandoned = 0;
    let weight = Math.exp(-lt);
    let cumulative = 0;
    for (let m = 0; ; m++) {
      if (m > 0) {
        // One uniformised step: move up at (N·μ + j·θ)/Λ, leave at θ/Λ, stay otherwise.
        vAnswered += (v[0] * served) / rate;
        let gone = 0;
        for (let j = 0; j < size; j++) {
          const up = j + 1 < size ? (v[j + 1] * (served + (j + 1) * theta)) / rate : 0;
          gone += v[j];
          next[j] = v[j] * (1 - (served + j * theta + theta) / rate) + up;
        }
        vAbandoned += (gone * theta) / rate;
        [v, next] = [next, v];
        weight *= lt / m;
      }
      for (let j = 0; j < size; j++) acc[j] += weight * v[j];
      accAnswered += weight * vAnswered;
      accAbandoned += weight * vAbandoned;
      cumulative += weight;
      if (1 - cumulative < 1e-13 && m > lt) break;
      if (m > lt + 60 * Math.sqrt(lt) + 100) break;
    }
    for (let j = 0; j < size; j++) alive[j] = acc[j];
    answered += accAnswered;
    abandoned += accAbandoned;
  }
  return { answered, abandoned };
}

/** The fewest slots whose Erlang A service level reaches the target; 0 for no volume. */
export function slotsForServiceLevelA(
  load: Load,
  targetSeconds: number,
  serviceLevel: number,
  patienceSeconds: number,
): number {
  if (!(serviceLevel > 0 && serviceLevel < 1)) {
    throw new RangeError(`service level target must be between 0 and 1 (exclusive), got ${serviceLevel}`);
  }
  if (offeredErlangs(load) === 0) return 0;
  const meets = (n: number) => erlangAFigures(load, n, targetSeconds, patienceSeconds).serviceLevel >= serviceLevel;
  let hi = Math.max(1, Math.ceil(offeredErlangs(load)));
  while (!meets(hi)) {
    hi *= 2;
    if (hi > 100_000)
      throw new RangeError('no staffing up to 100000 slots meets the target: check the volume and handle time');
  }
  let lo = 0; // fails (a load > 0 with no slots answers nobody)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
