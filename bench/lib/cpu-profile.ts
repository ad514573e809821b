// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time per function
// and per package or source file, optionally only within a window of monotonic-clock time (the
// measured phase as the load driver saw it, leaving out start-up, setup and warm-up).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  ms: number;
  pct: number;
}

/** Microseconds of CLOCK_MONOTONIC (process.hrtime), comparable across processes. */
export interface MonotonicWindow {
  fromUs: number;
  toUs: number;
}

export interface ProfileSummary {
  windowMs: number;
  /** Sampled time the main thread was busy (not idle). */
  busyMs: number;
  byFunction: ProfileEntry[];
  byArea: ProfileEntry[];
  /** Inclusive time of frames whose function/file matches each of `inclusive`'s patterns. */
  inclusive: ProfileEntry[];
}

/** Groups a frame: a package under node_modules, a repository source file, node internals, or
 * V8's pseudo-frames ((garbage collector), (program), (idle)). */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const repo = /\/((?:server|shared|cli)\/.*)$/.exec(url);
  return repo ? repo[1] : url;
}

export function summarizeCpuProfile(
  file: string,
  opts: { window?: MonotonicWindow; top?: number; inclusive?: Record<string, RegExp> } = {},
): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample i lasted timeDeltas[i + 1] (the delta is recorded on the next sample).
  const times: number[] = [];
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    times.push(t);
  }
  // V8 stamps samples with CLOCK_MONOTONIC microseconds, the clock process.hrtime reads.
  const windowStart = opts.window?.fromUs ?? p.startTime;
  const windowEnd = opts.window?.toUs ?? p.endTime;
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i] < windowStart || times[i] > windowEnd) continue;
    const dur = (i + 1 < p.samples.length ? p.timeDeltas[i + 1] : 0) / 1000;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dur);
  }
  let totalMs = 0;
  let idleMs = 0;
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    totalMs += ms;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const a = areaOf(url, functionName);
    const key = `${functionName || '(anonymous)'} ${a}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    area.set(a, (area.get(a) ?? 0) + ms);
    // Inclusive: count this sample once for every pattern any frame on its stack matches.
    if (opts.inclusive) {
      const hit = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const f = byId.get(cur)!.callFrame;
        const label = `${f.functionName} ${f.url}`;
        for (const [name, re] of Object.entries(opts.inclusive)) if (re.test(label)) hit.add(name);
      }
      for (const name of hit) incl.set(name, (incl.get(name) ?? 0) + ms);
    }
  }
  const busyMs = totalMs - idleMs;
  const list = (m: Map<string, number>, top: number): ProfileEntry[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, pct: (ms / busyMs) * 100 }));
  return {
    windowMs: (windowEnd - windowStart) / 1000,
    busyMs,
    byFunction: list(fn, opts.top ?? 30),
    byArea: list(area, opts.top ?? 30),
    inclusive: list(incl, 100),
  };
}
