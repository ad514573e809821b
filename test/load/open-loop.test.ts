import { describe, expect, it } from 'vitest';
import { runClosedLoop, scheduleOpenLoop } from '../../cli/load/open-loop';

describe('scheduleOpenLoop', () => {
  it('fires rate × duration sends at evenly spaced intended times, never early', async () => {
    const fired: { intendedAt: number; at: number }[] = [];
    const result = await scheduleOpenLoop({
      ratePerSec: 200,
      durationMs: 300,
      send: async (intendedAt) => {
        fired.push({ intendedAt, at: performance.now() });
      },
    });
    expect(result.intendedAt.length).toBe(60);
    expect(fired.map((f) => f.intendedAt)).toEqual([...result.intendedAt]);
    for (let i = 1; i < result.intendedAt.length; i++) {
      expect(result.intendedAt[i] - result.intendedAt[i - 1]).toBeCloseTo(5, 9);
    }
    for (const f of fired) expect(f.at).toBeGreaterThanOrEqual(f.intendedAt);
    expect(result.errors).toBe(0);
  });

  it('keeps firing while earlier sends are still pending, and waits for them to settle', async () => {
    let outstanding = 0;
    let maxOutstanding = 0;
    let settled = 0;
    const result = await scheduleOpenLoop({
      ratePerSec: 500,
      durationMs: 100,
      send: () => {
        maxOutstanding = Math.max(maxOutstanding, ++outstanding);
        return new Promise((resolve) =>
          setTimeout(() => {
            outstanding--;
            settled++;
            resolve();
          }, 40),
        );
      },
    });
    // A send takes 40 ms and one is due every 2 ms: a closed loop would have had one at a time.
    expect(maxOutstanding).toBeGreaterThan(5);
    expect(settled).toBe(result.intendedAt.length);
  });

  it('counts rejected and throwing sends as errors', async () => {
    let n = 0;
    const result = await scheduleOpenLoop({
      ratePerSec: 1000,
      durationMs: 30,
      send: () => {
        n++;
        if (n % 3 === 0) throw new Error('sync');
        return n % 3 === 1 ? Promise.reject(new Error('async')) : Promise.resolve();
      },
    });
    expect(result.intendedAt.length).toBe(30);
    expect(result.errors).toBe(20);
  });
});

describe('runClosedLoop', () => {
  // A fake clock that advances 1 ms per request makes the count exact.
  const fakeService = () => {
    let now = 0;
    return {
      clock: () => now,
      send: async () => {
        now += 1;
      },
    };
  };

  it('counts only completions inside the measured window after warm-up', async () => {
    const { clock, send } = fakeService();
    // Window is [5, 15]; requests complete at 1, 2, … 15.
    const result = await runClosedLoop({ concurrency: 1, durationMs: 10, warmupMs: 5, send, clock });
    expect(result).toEqual({ completed: 11, elapsedMs: 10, perSec: 1100 });
  });

  it('keeps exactly one send in flight per worker', async () => {
    const inFlight = [0, 0, 0, 0];
    let violations = 0;
    let calls = 0;
    await runClosedLoop({
      concurrency: 4,
      durationMs: 50,
      send: async (worker) => {
        calls++;
        if (++inFlight[worker] > 1) violations++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight[worker]--;
      },
    });
    expect(violations).toBe(0);
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(inFlight).toEqual([0, 0, 0, 0]);
  });

  it('rejects with the first send error', async () => {
    await expect(
      runClosedLoop({
        concurrency: 3,
        durationMs: 1000,
        send: async (worker) => {
          if (worker === 1) throw new Error('boom');
        },
      }),
    ).rejects.toThrow('boom');
  });
});
