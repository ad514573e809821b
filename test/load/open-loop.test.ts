// The load tool's schedulers on a virtual clock and timer queue (test/helpers/virtual-time.ts):
// every figure below is exact, whatever the machine's speed.
import { describe, expect, it } from 'vitest';
import { runClosedLoop, scheduleOpenLoop } from '../../cli/load/open-loop';
import { VirtualTime } from '../helpers/virtual-time';

const START = 1000;

describe('scheduleOpenLoop', () => {
  it('fires rate × duration sends at evenly spaced intended times, each at its time', async () => {
    const time = new VirtualTime(START);
    const fired: { intendedAt: number; at: number }[] = [];
    const done = scheduleOpenLoop({
      ratePerSec: 200,
      durationMs: 300,
      clock: time.now,
      schedule: time.schedule,
      send: async (intendedAt) => {
        fired.push({ intendedAt, at: time.now() });
      },
    });
    await time.advance(300);
    const result = await done;
    const every5ms = Array.from({ length: 60 }, (_, i) => START + 5 * i);
    expect([...result.intendedAt]).toEqual(every5ms);
    expect(fired).toEqual(every5ms.map((at) => ({ intendedAt: at, at })));
    expect(result).toMatchObject({ errors: 0, maxLagMs: 0 });
  });

  it('keeps firing while earlier sends are still pending, and waits for them to settle', async () => {
    const time = new VirtualTime(START);
    let outstanding = 0;
    let maxOutstanding = 0;
    let settled = 0;
    let finished = false;
    const done = scheduleOpenLoop({
      ratePerSec: 500,
      durationMs: 100,
      clock: time.now,
      schedule: time.schedule,
      send: () => {
        maxOutstanding = Math.max(maxOutstanding, ++outstanding);
        return new Promise((resolve) =>
          time.schedule(() => {
            outstanding--;
            settled++;
            resolve();
          }, 40),
        );
      },
    }).then((result) => {
      finished = true;
      return result;
    });
    // A send takes 40 ms and one is due every 2 ms: 20 are in flight at once, where a closed
    // loop would have one. The last is due at 98 ms and settles at 138 ms; not before that.
    await time.advance(137);
    expect(maxOutstanding).toBe(20);
    expect(settled).toBe(49);
    expect(finished).toBe(false);
    await time.advance(1);
    const result = await done;
    expect(result.intendedAt.length).toBe(50);
    expect(settled).toBe(50);
  });

  it('catches up after a late timer instead of thinning out the rate, and reports the lag', async () => {
    const time = new VirtualTime(START);
    const firedAt: number[] = [];
    const done = scheduleOpenLoop({
      ratePerSec: 1000,
      durationMs: 20,
      clock: time.now,
      // Every wake-up comes 3.5 ms late, as on a busy event loop.
      schedule: (callback, delayMs) => time.schedule(callback, delayMs + 3.5),
      send: async () => {
        firedAt.push(time.now());
      },
    });
    await time.advance(100);
    const result = await done;
    expect([...result.intendedAt]).toEqual(Array.from({ length: 20 }, (_, i) => START + i));
    // Each wake-up fires every send that fell due meanwhile: 1–4 at 4.5 ms, 5–8 at 8.5 ms, …
    // None is dropped, and the worst lag is the timer's.
    const wakeUps = [0, 4.5, 8.5, 12.5, 16.5, 20.5];
    const batches = [1, 4, 4, 4, 4, 3];
    expect(firedAt).toEqual(wakeUps.flatMap((at, i) => Array<number>(batches[i]).fill(START + at)));
    expect(result.maxLagMs).toBe(3.5);
  });

  it('counts rejected and throwing sends as errors', async () => {
    const time = new VirtualTime(START);
    let n = 0;
    const done = scheduleOpenLoop({
      ratePerSec: 1000,
      durationMs: 30,
      clock: time.now,
      schedule: time.schedule,
      send: () => {
        n++;
        if (n % 3 === 0) throw new Error('sync');
        return n % 3 === 1 ? Promise.reject(new Error('async')) : Promise.resolve();
      },
    });
    await time.advance(30);
    const result = await done;
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
    const time = new VirtualTime(START);
    const inFlight = [0, 0, 0, 0];
    let violations = 0;
    let calls = 0;
    const done = runClosedLoop({
      concurrency: 4,
      durationMs: 50,
      clock: time.now,
      send: async (worker) => {
        calls++;
        if (++inFlight[worker] > 1) violations++;
        await new Promise<void>((resolve) => time.schedule(resolve, 5));
        inFlight[worker]--;
      },
    });
    await time.advance(50);
    const result = await done;
    // Each worker sends at 0, 5, … 45 ms: ten sends of 5 ms back to back, all inside the window.
    expect(calls).toBe(40);
    expect(result.completed).toBe(40);
    expect(violations).toBe(0);
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
