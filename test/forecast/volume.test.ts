// The volume model on synthetic history whose seasonality and trend are known.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../cli/load/scenario';
import { binArrivals, forecastVolume, holdoutAccuracy, slotsPerWeek } from '../../server/domain/forecast/volume';

const WEEK = slotsPerWeek(60); // 168 hours

/** A desk's hour-of-week rate: quiet nights, a midday peak, weekends at 40 %. */
function trueRate(hourOfWeek: number): number {
  const day = Math.floor(hourOfWeek / 24);
  const hour = hourOfWeek % 24;
  const daily = hour < 8 || hour >= 21 ? 1 : 10 + 20 * Math.exp(-((hour - 13) ** 2) / 8);
  return daily * (day >= 5 ? 0.4 : 1);
}

function poisson(mean: number, random: () => number): number {
  // Knuth's method is fine for these small means.
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

function history(weeks: number, rate: (i: number) => number): number[] {
  return Array.from({ length: weeks * WEEK }, (_, i) => rate(i));
}

describe('volume forecast', () => {
  it('recovers an hour-of-week pattern exactly from clean history', () => {
    const f = forecastVolume(
      history(4, (i) => trueRate(i % WEEK)),
      60,
      WEEK,
    );
    expect(f.method).toBe('hour-of-week+trend');
    expect(f.weeklyTrend).toBeCloseTo(0, 12);
    f.arrivals.forEach((v, k) => expect(v).toBeCloseTo(trueRate(k), 9));
  });

  it('recovers the pattern from noisy (Poisson) history within a few percent', () => {
    const random = seededRandom(19);
    const past = history(8, (i) => poisson(trueRate(i % WEEK), random));
    const f = forecastVolume(past, 60, WEEK);
    let error = 0;
    let total = 0;
    f.arrivals.forEach((v, k) => {
      error += Math.abs(v - trueRate(k));
      total += trueRate(k);
    });
    expect(error / total).toBeLessThan(0.12);
    // The peak is where it was: weekday 13:00, not a weekend hour.
    const peak = f.arrivals.indexOf(Math.max(...f.arrivals));
    expect(peak % 24).toBeGreaterThanOrEqual(12);
    expect(peak % 24).toBeLessThanOrEqual(14);
    expect(Math.floor(peak / 24)).toBeLessThan(5);
    // The holdout error is close to the Poisson noise itself, which a perfect model cannot beat.
    const holdout = holdoutAccuracy(past, 60);
    expect(holdout.wape).toBeGreaterThan(0.05);
    expect(holdout.wape).toBeLessThan(0.3);
    expect(holdout.note).toMatch(/from the 7 before/);
  });

  it('carries a steady growth forward (the weekly trend)', () => {
    // Each week 10 % of the first week's volume more.
    const f = forecastVolume(
      history(6, (i) => trueRate(i % WEEK) * (1 + 0.1 * Math.floor(i / WEEK))),
      60,
      2 * WEEK,
    );
    expect(f.method).toBe('hour-of-week+trend');
    // Week 7 is 1.6 × the first week, week 8 is 1.7 ×.
    expect(f.arrivals[13]).toBeCloseTo(trueRate(13) * 1.6, 6);
    expect(f.arrivals[WEEK + 13]).toBeCloseTo(trueRate(13) * 1.7, 6);
  });

  it('weights recent weeks more: a level shift two weeks ago mostly shows', () => {
    const f = forecastVolume(
      history(6, (i) => (i >= 4 * WEEK ? 20 : 10)),
      60,
      1,
      { trendWeeks: 1 }, // no slope fitted over one week: the weighting alone
    );
    expect(f.arrivals[0]).toBeGreaterThan(15);
    expect(f.arrivals[0]).toBeLessThan(20);
  });

  it('with less than a week it says so and uses an hour-of-day profile', () => {
    const f = forecastVolume(history(1, (i) => trueRate(i % 24)).slice(0, 3 * 24), 60, 48);
    expect(f.method).toBe('hour-of-day');
    expect(f.note).toMatch(/less than a week of history \(3 days\)/);
    expect(f.arrivals[13]).toBeCloseTo(trueRate(13), 9);
    expect(f.arrivals[24 + 3]).toBeCloseTo(trueRate(3), 9);
    expect(
      holdoutAccuracy(
        history(1, () => 1),
        60,
      ).wape,
    ).toBeNull();
  });

  it('with less than a day, a flat average; with nothing, zeros and a note', () => {
    const flat = forecastVolume([2, 4, 6], 60, 5);
    expect(flat.method).toBe('flat');
    expect(flat.arrivals).toEqual([4, 4, 4, 4, 4]);
    const none = forecastVolume([], 15, 3);
    expect(none).toMatchObject({ method: 'none', arrivals: [0, 0, 0] });
    expect(none.note).toMatch(/no history/);
  });

  it('bins arrival times into intervals, ignoring those outside', () => {
    const from = Date.UTC(2026, 10, 30, 0, 0);
    const m = 60_000;
    expect(
      binArrivals(
        [from - 1, from, from + 14 * m, from + 15 * m, from + 59 * m, from + 60 * m],
        from,
        from + 60 * m,
        15,
      ),
    ).toEqual([2, 1, 0, 1]);
  });
});
