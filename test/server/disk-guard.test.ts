// The disk guard (issue 12, §6): the cached answer a request reads, when it changes, and the
// timer that keeps it current — on virtual time and a statfs the test controls.
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { DeskError } from '../../server/desk/errors';
import { DiskGuard } from '../../server/disk-guard';
import { VirtualTime } from '../helpers/virtual-time';

const MIB = 1024 * 1024;
const BLOCK = 4096;

/** A file system whose free space the test sets; each statfs can be held until released. */
class FakeDisk {
  freeBytes = 100 * MIB;
  calls = 0;
  failWith: Error | null = null;
  private held: Array<() => void> | null = null;

  statfs = async (): Promise<{ bavail: number; bsize: number }> => {
    this.calls++;
    // Read when the call is made, as the kernel would, whenever the answer is delivered.
    const reading = { bavail: Math.floor(this.freeBytes / BLOCK), bsize: BLOCK };
    const error = this.failWith;
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    if (error) throw error;
    return reading;
  };

  hold(): void {
    this.held = [];
  }

  releaseOldestLast(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const release of held.reverse()) release();
  }
}

function guard(disk: FakeDisk, time = new VirtualTime()) {
  const lines: Array<{ level: number; msg: string }> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const g = new DiskGuard({
    directory: '/data',
    minFreeBytes: 10 * MIB,
    log,
    intervalMs: 1000,
    timer: time.schedule,
    statfs: disk.statfs,
  });
  return { g, lines, time };
}

describe('disk guard', () => {
  test('free space below the threshold refuses writes with SERVICE_UNAVAILABLE; at the threshold it does not', async () => {
    const disk = new FakeDisk();
    const { g } = guard(disk);
    disk.freeBytes = 10 * MIB;
    expect(await g.check()).toEqual({ freeBytes: 10 * MIB, low: false });
    expect(() => g.assertRoom()).not.toThrow();
    disk.freeBytes = 10 * MIB - BLOCK;
    await g.check();
    expect(g.low).toBe(true);
    expect(g.freeBytes).toBe(10 * MIB - BLOCK);
    let refusal: unknown;
    try {
      g.assertRoom();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DeskError);
    expect(refusal).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect((refusal as Error).message).toMatch(/^disk space is low on the server \(9 MiB free\).*retry later/);
  });

  test('a request reads the cached answer: no statfs per call', async () => {
    const disk = new FakeDisk();
    const { g } = guard(disk);
    await g.check();
    disk.freeBytes = 0;
    for (let i = 0; i < 100; i++) g.assertRoom();
    expect(disk.calls).toBe(1);
  });

  test('the timer re-reads the space every interval once started, and not after stop()', async () => {
    const disk = new FakeDisk();
    const { g, time } = guard(disk);
    await g.start();
    expect(disk.calls).toBe(1);
    disk.freeBytes = MIB;
    await time.advance(999);
    expect(g.low).toBe(false);
    await time.advance(1);
    expect(g.low).toBe(true);
    disk.freeBytes = 50 * MIB;
    await time.advance(1000);
    expect(g.low).toBe(false);
    expect(disk.calls).toBe(3);
    g.stop();
    expect(time.pending()).toEqual([]);
    await time.advance(5000);
    expect(disk.calls).toBe(3);
  });

  test('the next timed check is set only once the previous one finished', async () => {
    const disk = new FakeDisk();
    const { g, time } = guard(disk);
    await g.start();
    disk.hold();
    await time.advance(1000);
    expect(time.pending()).toEqual([]); // the check is still waiting for statfs
    await time.advance(5000);
    expect(disk.calls).toBe(2);
    disk.releaseOldestLast();
    expect(await time.nextTimer()).toBe(1000);
    g.stop();
  });

  test('a reading that started before a newer one finished is dropped', async () => {
    const disk = new FakeDisk();
    const { g } = guard(disk);
    disk.hold();
    const older = g.check(); // reads 100 MiB
    disk.freeBytes = MIB;
    const newer = g.check(); // reads 1 MiB
    disk.releaseOldestLast(); // the newer answer arrives first
    await newer;
    await older;
    expect(g.low).toBe(true);
    expect(g.freeBytes).toBe(MIB);
  });

  test('a failed check keeps the last answer, is logged, and the timer goes on', async () => {
    const disk = new FakeDisk();
    const { g, time, lines } = guard(disk);
    disk.freeBytes = MIB;
    await g.start();
    disk.failWith = Object.assign(new Error('no such directory'), { code: 'ENOENT' });
    await time.advance(1000);
    expect(g.low).toBe(true);
    expect(lines.some((l) => l.level === 50 && l.msg === 'disk space check failed')).toBe(true);
    disk.failWith = null;
    disk.freeBytes = 20 * MIB;
    await time.advance(1000);
    expect(g.low).toBe(false);
    g.stop();
  });

  test('crossing the threshold is logged once each way', async () => {
    const disk = new FakeDisk();
    const { g, lines } = guard(disk);
    await g.check();
    disk.freeBytes = 2 * MIB;
    await g.check();
    await g.check();
    disk.freeBytes = 30 * MIB;
    await g.check();
    await g.check();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'disk space low on the data directory: 2 MiB free, below 10 MiB: refusing writes until space is freed'],
      [30, 'disk space recovered: 30 MiB free, accepting writes'],
    ]);
  });
});

describe('disk guard threshold setting', () => {
  test('minFreeBytes defaults to 64 MiB, comes from TEXTDESK_MIN_FREE_BYTES, and is never negative', () => {
    expect(loadConfig({ env: {} }).minFreeBytes).toBe(64 * MIB);
    expect(loadConfig({ env: { TEXTDESK_MIN_FREE_BYTES: '1048576' } }).minFreeBytes).toBe(MIB);
    expect(loadConfig({ env: { TEXTDESK_MIN_FREE_BYTES: '0' } }).minFreeBytes).toBe(0);
    expect(() => loadConfig({ env: { TEXTDESK_MIN_FREE_BYTES: '-1' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { TEXTDESK_MIN_FREE_BYTES: '-1' } })).toThrow(/minFreeBytes/);
  });
});
