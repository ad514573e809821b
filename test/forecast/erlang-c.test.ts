// Erlang C against a published worked example and hand-computed edges.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erlangB, erlangC, erlangCFigures, slotsForServiceLevel } from '../../server/domain/forecast/erlang-c';

// The widely cited worked example (Call Centre Helper, "Erlang C formula — made simple"):
// 250 calls an hour, 330 s average handle time, 80 % to be answered in 30 s → 28 agents.
// Reference values computed independently with exact rational arithmetic over the textbook
// formula (A^N/N! · N/(N−A) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)), Python fractions), not with
// this code: at 27 agents SL = 0.782, at 28 SL = 0.857, at 29 SL = 0.908.
const EXAMPLE = { arrivalsPerSecond: 250 / 3600, handleSeconds: 330 };

describe('Erlang C: the published worked example', () => {
  it('needs 28 agents for 80 % answered in 30 s', () => {
    expect(slotsForServiceLevel(EXAMPLE, 30, 0.8)).toBe(28);
  });

  it.each([
    [27, 0.782, 0.315728, 25.516],
    [28, 0.857, 0.227241, 14.752],
    [29, 0.908, 0.160314, 8.697],
  ])('at %i agents: service level %f, P(wait) %f, ASA %f s', (agents, sl, pw, asa) => {
    const f = erlangCFigures(EXAMPLE, agents, 30);
    expect(f.erlangs).toBeCloseTo(22.9167, 4);
    expect(f.serviceLevel).toBeCloseTo(sl, 3);
    expect(f.probabilityOfWait).toBeCloseTo(pw, 6);
    expect(f.averageWaitSeconds).toBeCloseTo(asa, 3);
    expect(f.occupancy).toBeCloseTo(22.916667 / agents, 6);
    expect(f.stable).toBe(true);
  });
});

describe('Erlang C: edges', () => {
  it('one server is M/M/1: P(wait) = ρ and SL = 1 − ρ·e^(−(1−ρ)t/AHT)', () => {
    const f = erlangCFigures({ arrivalsPerSecond: 0.5 / 60, handleSeconds: 60 }, 1, 30);
    expect(f.probabilityOfWait).toBeCloseTo(0.5, 12);
    expect(f.serviceLevel).toBeCloseTo(1 - 0.5 * Math.exp(-0.25), 12);
    expect(f.averageWaitSeconds).toBeCloseTo(60, 9); // ρ/(1−ρ)·AHT
  });

  it('a load equal to the slots is unstable: service level 0, everyone waits, the wait has no end', () => {
    const f = erlangCFigures({ arrivalsPerSecond: 1 / 60, handleSeconds: 300 }, 5, 60);
    expect(f).toMatchObject({ stable: false, serviceLevel: 0, probabilityOfWait: 1, occupancy: 1 });
    expect(f.averageWaitSeconds).toBe(Infinity);
  });

  it('a load over the slots, and no slots at all, are unstable too', () => {
    expect(erlangCFigures({ arrivalsPerSecond: 1, handleSeconds: 10 }, 9, 60).stable).toBe(false);
    expect(erlangCFigures({ arrivalsPerSecond: 1, handleSeconds: 10 }, 0, 60).serviceLevel).toBe(0);
  });

  it('zero volume needs nobody and meets any target', () => {
    expect(slotsForServiceLevel({ arrivalsPerSecond: 0, handleSeconds: 300 }, 60, 0.8)).toBe(0);
    const f = erlangCFigures({ arrivalsPerSecond: 0, handleSeconds: 300 }, 0, 60);
    expect(f).toMatchObject({ stable: true, serviceLevel: 1, averageWaitSeconds: 0, occupancy: 0 });
  });

  it('stays finite for thousands of slots, where A^N/N! overflows', () => {
    const b = erlangB(2000, 1950);
    expect(Number.isFinite(b) && b > 0 && b < 1).toBe(true);
    const n = slotsForServiceLevel({ arrivalsPerSecond: 1000 / 60, handleSeconds: 300 }, 60, 0.8);
    // 5,000 Erlangs: a big pool needs little above the load (square-root staffing).
    expect(n).toBeGreaterThan(5000);
    expect(n).toBeLessThan(5100);
    expect(erlangCFigures({ arrivalsPerSecond: 1000 / 60, handleSeconds: 300 }, n - 1, 60).serviceLevel).toBeLessThan(
      0.8,
    );
  });

  it('refuses nonsense with what was wrong', () => {
    expect(() => erlangCFigures({ arrivalsPerSecond: 1, handleSeconds: 0 }, 3, 60)).toThrow(/handle time must be > 0/);
    expect(() => erlangCFigures({ arrivalsPerSecond: -1, handleSeconds: 5 }, 3, 60)).toThrow(/arrival rate/);
    expect(() => erlangCFigures({ arrivalsPerSecond: 1, handleSeconds: 5 }, 2.5, 60)).toThrow(/whole number/);
    expect(() => slotsForServiceLevel(EXAMPLE, 30, 1)).toThrow(/between 0 and 1/);
  });
});

describe('Erlang C: properties', () => {
  it('more slots never lower the service level nor raise P(wait) or the wait', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 1, max: 3600, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.double({ min: 0, max: 3600, noNaN: true }),
        (rate, handle, slots, target) => {
          const load = { arrivalsPerSecond: rate, handleSeconds: handle };
          const a = erlangCFigures(load, slots, target);
          const b = erlangCFigures(load, slots + 1, target);
          expect(b.serviceLevel).toBeGreaterThanOrEqual(a.serviceLevel - 1e-12);
          expect(b.probabilityOfWait).toBeLessThanOrEqual(a.probabilityOfWait + 1e-12);
          expect(b.averageWaitSeconds).toBeLessThanOrEqual(a.averageWaitSeconds);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the slots it finds meet the target and one fewer does not', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 2, noNaN: true }),
        fc.double({ min: 10, max: 1800, noNaN: true }),
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        (rate, handle, target) => {
          const load = { arrivalsPerSecond: rate, handleSeconds: handle };
          const n = slotsForServiceLevel(load, 60, target);
          expect(erlangCFigures(load, n, 60).serviceLevel).toBeGreaterThanOrEqual(target);
          expect(erlangCFigures(load, n - 1, 60).serviceLevel).toBeLessThan(target);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('erlangC is 0 with no load and 1 at or over the slots', () => {
    expect(erlangC(3, 0)).toBe(0);
    expect(erlangC(3, 3)).toBe(1);
  });
});
