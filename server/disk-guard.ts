// Free space on the embedded store's data directory, so that writes are refused cleanly (503,
// SERVICE_UNAVAILABLE) while space is low instead of failing in a commit, which by the commit
// rule (desk/changes.ts) stops the process. A timer re-reads the space (fs.statfs) about once a
// second; a request only reads the cached answer, so the check costs nothing on the hot path.
import fs from 'node:fs';
import type { Logger } from 'pino';
import { DeskError } from './desk/errors';

/** setTimeout, or a test's virtual time; returns how to cancel. */
export type DiskCheckTimer = (check: () => void, delayMs: number) => () => void;

export interface DiskSpaceState {
  /** Bytes an unprivileged writer may still use on the data directory's file system. */
  freeBytes: number;
  low: boolean;
}

const MIB = 1024 * 1024;

const realTimer: DiskCheckTimer = (check, delayMs) => {
  const timer = setTimeout(check, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

/** Whole MiB, rounded down: "0 MiB free" rather than a free space the disk does not have. */
export const mebibytes = (bytes: number): number => Math.floor(bytes / MIB);

export class DiskGuard {
  private state: DiskSpaceState | null = null;
  /** Checks overlap (the timer's and a caller's): a reading older than the one kept is dropped. */
  private started = 0;
  private kept = 0;
  private cancel: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly opts: {
      directory: string;
      minFreeBytes: number;
      log: Logger;
      intervalMs?: number;
      timer?: DiskCheckTimer;
      /** Tests: what fs.statfs would say. */
      statfs?: (directory: string) => Promise<{ bavail: number; bsize: number }>;
    },
  ) {}

  /** Free bytes at the last check; null before the first. */
  get freeBytes(): number | null {
    return this.state?.freeBytes ?? null;
  }

  /** Free space was below the threshold at the last check. */
  get low(): boolean {
    return this.state?.low ?? false;
  }

  /** Refuses a write before it starts while space is low: a SERVICE_UNAVAILABLE DeskError. */
  assertRoom(): void {
    if (!this.state?.low) return;
    throw new DeskError(
      'SERVICE_UNAVAILABLE',
      `disk space is low on the server (${mebibytes(this.state.freeBytes)} MiB free): nothing was stored, retry later`,
    );
  }

  /** Reads the free space now and keeps the answer; logs when it crosses the threshold. */
  async check(): Promise<DiskSpaceState> {
    const { directory, minFreeBytes, log } = this.opts;
    const order = ++this.started;
    const stats = await (this.opts.statfs ?? fs.promises.statfs)(directory);
    if (order < this.kept) return this.state!;
    this.kept = order;
    const freeBytes = stats.bavail * stats.bsize;
    const next = { freeBytes, low: freeBytes < minFreeBytes };
    if (next.low && !this.state?.low) {
      log.warn(
        { directory, freeBytes, minFreeBytes },
        `disk space low on the data directory: ${mebibytes(freeBytes)} MiB free, ` +
          `below ${mebibytes(minFreeBytes)} MiB: refusing writes until space is freed`,
      );
    } else if (!next.low && this.state?.low) {
      log.info({ directory, freeBytes }, `disk space recovered: ${mebibytes(freeBytes)} MiB free, accepting writes`);
    }
    this.state = next;
    return next;
  }

  /** Checks once, then every interval (the next check is set only once one has finished). */
  async start(): Promise<void> {
    await this.check();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = null;
  }

  private arm(): void {
    if (this.stopped) return;
    this.cancel = (this.opts.timer ?? realTimer)(() => {
      this.check()
        // The directory vanished or statfs failed: keep the last answer and say why.
        .catch((error: unknown) => this.opts.log.error({ err: error }, 'disk space check failed'))
        .finally(() => this.arm());
    }, this.opts.intervalMs ?? 1000);
  }
}

/** Where the store has no local data directory (PostgreSQL): never short of room here. */
export const NO_LOCAL_DISK = { low: false, freeBytes: null, assertRoom(): void {} } as const;
