// Handle time and concurrency measured from stored dialogs. A dialog is held by its operator from
// its (last) assignment to its resolution; while an operator holds k dialogs at once, each takes
// longer on the clock than it would alone, because the operator's attention is shared. So each
// dialog's handle time is paired with the concurrency it was actually worked at (the time-average
// of how many dialogs its operator held during it), and a line through those pairs,
// handle(k) = a + b·k, says how much one more concurrent dialog stretches each of them.

export interface HeldDialog {
  operatorId: string;
  assignedAt: number;
  resolvedAt: number;
}

export interface WorkedDialog {
  /** Wall-clock handle time, seconds. */
  handleSeconds: number;
  /** Time-average number of dialogs its operator held while it was open (≥ 1). */
  concurrency: number;
  /** The operator's time it took: ∫ 1/held(t) dt over its span, seconds. Sums to busy time. */
  effortSeconds: number;
}

/** Each dialog's concurrency and effort, at its index in `dialogs`; null for one of zero length. */
export function measureDialogs(dialogs: readonly HeldDialog[]): (WorkedDialog | null)[] {
  const byOperator = new Map<string, number[]>();
  dialogs.forEach((d, i) => {
    if (!(d.resolvedAt > d.assignedAt)) return;
    const list = byOperator.get(d.operatorId);
    if (list) list.push(i);
    else byOperator.set(d.operatorId, [i]);
  });
  const out = new Array<WorkedDialog | null>(dialogs.length).fill(null);
  for (const indexes of byOperator.values()) {
    const list = indexes.map((i) => dialogs[i]);
    // The operator's held count is a step function; integrate it and its inverse once, then read
    // each dialog's span off the running integrals (its ends are among the steps).
    const steps = new Map<number, number>();
    for (const d of list) {
      steps.set(d.assignedAt, (steps.get(d.assignedAt) ?? 0) + 1);
      steps.set(d.resolvedAt, (steps.get(d.resolvedAt) ?? 0) - 1);
    }
    const times = [...steps.keys()].sort((a, b) => a - b);
    const held = new Map<number, number>(); // ∫ held dt from the first step to t
    const share = new Map<number, number>(); // ∫ 1/held dt (while held > 0)
    let count = 0;
    let h = 0;
    let s = 0;
    for (let i = 0; i < times.length; i++) {
      if (i > 0) {
        const dt = (times[i] - times[i - 1]) / 1000;
        h += count * dt;
        if (count > 0) s += dt / count;
      }
      held.set(times[i], h);
      share.set(times[i], s);
      count += steps.get(times[i])!;
    }
    for (const i of indexes) {
      const d = dialogs[i];
      const seconds = (d.resolvedAt - d.assignedAt) / 1000;
      out[i] = {
        handleSeconds: seconds,
        concurrency: (held.get(d.resolvedAt)! - held.get(d.assignedAt)!) / seconds,
        effortSeconds: share.get(d.resolvedAt)! - share.get(d.assignedAt)!,
      };
    }
  }
  return out;
}

export interface HandleTimeModel {
  dialogs: number;
  /** Mean wall-clock handle time, seconds. */
  meanHandleSeconds: number;
  /** Mean operator effort per dialog, seconds. */
  meanEffortSeconds: number;
  /** Concurrency worked, weighted by time: total handle time / total effort. */
  workedConcurrency: number;
  /** Handle time at one dialog at a time (a), seconds; null when it could not be fitted. */
  soloSeconds: number | null;
  /** Seconds each more concurrent dialog adds to every dialog's handle time (b ≥ 0). */
  perExtraDialogSeconds: number;
  note: string;
}

/** Concurrency must vary at least this much across dialogs for a slope to mean anything. */
const MIN_SPREAD = 0.25;
const MIN_DIALOGS = 20;

export function fitHandleTime(worked: readonly WorkedDialog[]): HandleTimeModel {
  const n = worked.length;
  if (n === 0) {
    return {
      dialogs: 0,
      meanHandleSeconds: 0,
      meanEffortSeconds: 0,
      workedConcurrency: 1,
      soloSeconds: null,
      perExtraDialogSeconds: 0,
      note: 'no handled dialogs in the history',
    };
  }
  let sh = 0;
  let se = 0;
  let sk = 0;
  for (const w of worked) {
    sh += w.handleSeconds;
    se += w.effortSeconds;
    sk += w.concurrency;
  }
  const mh = sh / n;
  const mk = sk / n;
  let sxy = 0;
  let sxx = 0;
  for (const w of worked) {
    sxy += (w.concurrency - mk) * (w.handleSeconds - mh);
    sxx += (w.concurrency - mk) ** 2;
  }
  const base = {
    dialogs: n,
    meanHandleSeconds: mh,
    meanEffortSeconds: se / n,
    workedConcurrency: se > 0 ? sh / se : 1,
  };
  const spread = Math.sqrt(sxx / n);
  if (n < MIN_DIALOGS || spread < MIN_SPREAD) {
    return {
      ...base,
      soloSeconds: null,
      perExtraDialogSeconds: 0,
      note: `concurrency hardly varied (${n} dialogs, spread ${spread.toFixed(2)}): handle time taken as measured, not inflated`,
    };
  }
  const slope = sxy / sxx;
  if (slope <= 0) {
    return {
      ...base,
      soloSeconds: mh,
      perExtraDialogSeconds: 0,
      note: 'handle time did not grow with concurrency in this history: taken as measured',
    };
  }
  const solo = Math.max(0, mh - slope * mk) + slope; // a + b·1
  return {
    ...base,
    soloSeconds: solo,
    perExtraDialogSeconds: slope,
    note: `each more concurrent dialog adds ${Math.round(slope)} s (${Math.round((100 * slope) / solo)} % of the solo ${Math.round(solo)} s)`,
  };
}

/** Handle time of a dialog when operators carry `concurrency` dialogs at once. */
export function handleSecondsAt(model: HandleTimeModel, concurrency: number): number {
  if (model.soloSeconds === null || model.perExtraDialogSeconds === 0) return model.meanHandleSeconds;
  return model.soloSeconds + model.perExtraDialogSeconds * (concurrency - 1);
}
