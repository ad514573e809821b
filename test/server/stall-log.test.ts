import fs from 'node:fs';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { openStallLog, type Stall } from '../../server/stall-log';
import { tempDataDir } from '../helpers/server';

const readStalls = (file: string): Stall[] =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Stall);

describe('stall log', () => {
  const dirs: string[] = [];
  const logFile = (): string => {
    const dir = tempDataDir();
    dirs.push(dir);
    return path.join(dir, 'stalls.jsonl');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes each stall at or over the threshold with its wall-clock start, and drops shorter ones', async () => {
    const file = logFile();
    const log = openStallLog(file, 1);
    const before = Date.now();
    log.record('commit', performance.now(), 4.5, 12);
    log.record('commit', performance.now(), 0.4, 1);
    await log.close();
    const stalls = readStalls(file);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ kind: 'commit', ms: 4.5, n: 12 });
    expect(stalls[0].at).toBeGreaterThanOrEqual(before - 1);
    expect(stalls[0].at).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('records garbage-collection pauses by kind', async () => {
    const file = logFile();
    const log = openStallLog(file, 0);
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    // Observers are told of an entry together, in the order they were created: once this one
    // hears of the pause, the stall log has too.
    const seen = new Promise<void>((resolve) => {
      const observer = new PerformanceObserver(() => {
        observer.disconnect();
        resolve();
      });
      observer.observe({ entryTypes: ['gc'] });
    });
    gc();
    await seen;
    await log.close();
    const kinds = readStalls(file).map((s) => s.kind);
    expect(kinds).toContain('gc-major');
  });
});
