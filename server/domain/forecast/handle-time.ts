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
  // The integrals when each dialog began, by its index.
  const heldAtStart = new Float64Array(dialogs.length);
  const shareAtStart = new Float64Array(dialogs.length);
  for (const indexes of byOperator.values()) {
    // The operator's held count is a step function. Sweep its starts and ends in time order,
    // integrating the count and its inverse; a dialog's figures are the integrals' growth over
    // its span. At equal times the order does not matter: no time passes between them.
    const byStart = Int32Array.from(indexes).sort((x, y) => dialogs[x].assignedAt - dialogs[y].assignedAt);
    const byEnd = Int32Array.from(indexes).sort((x, y) => dialogs[x].resolvedAt - dialogs[y].resolvedAt);
    const n = indexes.length;
    let i = 0;
    let count = 0;
    let held = 0; // ∫ held dt, seconds
    let share = 0; // ∫ 1/held dt while held > 0, seconds
    let previous = dialogs[byStart[0]].assignedAt;
    for (let j = 0; j < n;) {
      const startFirst = i < n && dialogs[byStart[i]].assignedAt <= dialogs[byEnd[j]].resolvedAt;
      const k = startFirst ? byStart[i] : byEnd[j];
      const t = startFirst ? dialogs[k].assignedAt : dialogs[k].resolvedAt;
      const dt = (t - previous) / 1000;
      held += count * dt;
      if (count > 0) share += dt / count;
      previous = t;
      if (startFirst) {
        heldAtStart[k] = held;
        shareAtStart[k] = share;
        count++;
        i++;
      } else {
        const d = dialogs[k];
        const seconds = (d.resolvedAt - d.assignedAt) / 1000;
        out[k] = {
          handleSeconds: seconds,
          concurrency: (held - heldAtStart[k]) / seconds,
          effortSeconds: share - shareAtStart[k],
        };
        count--;
        j++;
      }
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
