// Erlang C (M/M/N): Poisson arrivals, exponential handle times, N identical servers, an
// infinitely patient queue. In textdesk a server is a *slot*: an operator who carries c dialogs
// at once counts as c slots, each with the handle time measured at that concurrency.
//
// Everything is computed from Erlang B by its recursion B(n) = A·B(n−1) / (n + A·B(n−1)), which
// stays between 0 and 1 at every step, so hundreds or thousands of slots cost nothing and never
// overflow (A^N / N! does at a few hundred).

/** One interval's offered load: arrivals per second and mean handle time in seconds. */
export interface Load {
  arrivalsPerSecond: number;
  handleSeconds: number;
}

export interface ErlangCResult {
  /** Slots (servers) the figures are for. */
  slots: number;
  /** Offered traffic in Erlangs: arrival rate × handle time. */
  erlangs: number;
  /** False when the load is at or over the slots: the queue grows without end. */
  stable: boolean;
  /** Probability an arrival has to wait (1 when unstable). */
  probabilityOfWait: number;
  /** Share answered within the target time (0 when unstable). */
  serviceLevel: number;
  /** Mean wait of all arrivals, seconds (Infinity when unstable). */
  averageWaitSeconds: number;
  /** Share of slot time busy: erlangs / slots, at most 1. */
  occupancy: number;
}

export function offeredErlangs(load: Load): number {
  checkLoad(load);
  return load.arrivalsPerSecond * load.handleSeconds;
}

/** Erlang B blocking probability for `slots` servers offered `erlangs`. */
export function erlangB(slots: number, erlangs: number): number {
  checkSlots(slots);
  if (!(erlangs >= 0) || !Number.isFinite(erlangs)) throw new RangeError(`offered load must be ≥ 0, got ${erlangs}`);
  let b = 1;
  for (let n = 1; n <= slots; n++) b = (erlangs * b) / (n + erlangs * b);
  return b;
}

/** Erlang C probability of waiting; 1 when the load is at or over the slots. */
export function erlangC(slots: number, erlangs: number): number {
  if (erlangs === 0) return 0;
  if (erlangs >= slots) return 1;
  const b = erlangB(slots, erlangs);
  return (slots * b) / (slots - erlangs * (1 - b));
}

/** Every figure of the M/M/N model for `slots` servers and a target answer time in seconds. */
export function erlangCFigures(load: Load, slots: number, targetSeconds: number): ErlangCResult {
  checkSlots(slots);
  if (!(targetSeconds >= 0)) throw new RangeError(`target answer time must be ≥ 0 s, got ${targetSeconds}`);
  const erlangs = offeredErlangs(load);
  if (erlangs === 0) {
    return { slots, erlangs, stable: true, probabilityOfWait: 0, serviceLevel: 1, averageWaitSeconds: 0, occupancy: 0 };
  }
  if (slots === 0 || erlangs >= slots) {
    return {
      slots,
      erlangs,
      stable: false,
      probabilityOfWait: 1,
      serviceLevel: 0,
      averageWaitSeconds: Infinity,
      occupancy: 1,
    };
  }
  const c = erlangC(slots, erlangs);
  const spare = slots - erlangs;
  return {
    slots,
    erlangs,
    stable: true,
    probabilityOfWait: c,
    // The wait of one who waits is exponential with rate (N − A)/AHT.
    serviceLevel: 1 - c * Math.exp((-spare * targetSeconds) / load.handleSeconds),
    averageWaitSeconds: (c * load.handleSeconds) / spare,
    occupancy: erlangs / slots,
  };
}

/** Upper bound on slots searched: far beyond any desk; a target not met by then is refused. */
export const MAX_SLOTS = 100_000;

/**
 * The fewest slots whose service level reaches `serviceLevel` (a share, 0–1) within
 * `targetSeconds`. Zero volume needs 0. Starts from the smallest stable count, so it takes a few
 * dozen steps even for thousands of slots; each step reuses the Erlang B recursion.
 */
export function slotsForServiceLevel(load: Load, targetSeconds: number, serviceLevel: number): number {
  if (!(serviceLevel > 0 && serviceLevel < 1)) {
    throw new RangeError(`service level target must be between 0 and 1 (exclusive), got ${serviceLevel}`);
  }
  const erlangs = offeredErlangs(load);
  if (erlangs === 0) return 0;
  let n = Math.floor(erlangs) + 1;
  // Erlang B for n − 1 slots, carried forward so each step is one recursion step.
  let b = erlangB(n - 1, erlangs);
  for (; n <= MAX_SLOTS; n++) {
    b = (erlangs * b) / (n + erlangs * b);
    const c = (n * b) / (n - erlangs * (1 - b));
    const sl = 1 - c * Math.exp((-(n - erlangs) * targetSeconds) / load.handleSeconds);
    if (sl >= serviceLevel) return n;
  }
  throw new RangeError(`no staffing up to ${MAX_SLOTS} slots meets the target: check the volume and handle time`);
}

function checkSlots(slots: number): void {
  if (!Number.isInteger(slots) || slots < 0) throw new RangeError(`slots must be a whole number ≥ 0, got ${slots}`);
}

function checkLoad(load: Load): void {
  if (!(load.arrivalsPerSecond >= 0) || !Number.isFinite(load.arrivalsPerSecond)) {
    throw new RangeError(`arrival rate must be ≥ 0, got ${load.arrivalsPerSecond}`);
  }
  if (!(load.handleSeconds > 0) || !Number.isFinite(load.handleSeconds)) {
    throw new RangeError(`handle time must be > 0 s, got ${load.handleSeconds}`);
  }
}
