// An opt-in record of what holds the event loop: every garbage-collection pause and every group
// commit of the embedded store at least `minMs` long, one JSON line each with its wall-clock
// start, so the slow messages of a load run can be matched against what the server was doing
// at the time (bench/open-loop-tail.ts). Off unless `stallLog` names a file.
import fs from 'node:fs';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export type StallKind = 'gc-minor' | 'gc-major' | 'gc-other' | 'commit';

/** One line of the log. `at` is epoch milliseconds with sub-millisecond precision. */
export interface Stall {
  kind: StallKind;
  at: number;
  ms: number;
  /** Commits in the group commit. */
  n?: number;
}

export interface StallLog {
  /** `startedAt` on performance.now()'s clock. */
  record(kind: StallKind, startedAt: number, ms: number, n?: number): void;
  close(): Promise<void>;
}

const gcKind = (kind: number | undefined): StallKind =>
  kind === constants.NODE_PERFORMANCE_GC_MINOR
    ? 'gc-minor'
    : kind === constants.NODE_PERFORMANCE_GC_MAJOR
      ? 'gc-major'
      : 'gc-other';

export function openStallLog(file: string, minMs = 1): StallLog {
  const out = fs.createWriteStream(file, { flags: 'a' });
  const record = (kind: StallKind, startedAt: number, ms: number, n?: number): void => {
    if (ms < minMs) return;
    const stall: Stall = { kind, at: performance.timeOrigin + startedAt, ms, ...(n === undefined ? {} : { n }) };
    out.write(`${JSON.stringify(stall)}\n`);
  };
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail;
      record(gcKind(detail?.kind), entry.startTime, entry.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    record,
    close: () => {
      gc.disconnect();
      return new Promise((resolve) => out.end(resolve));
    },
  };
}
