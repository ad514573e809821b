// Erlang A against hand-computed cases and its limit, Erlang C.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erlangAFigures, slotsForServiceLevelA } from '../../server/domain/forecast/erlang-a';
import { erlangCFigures, slotsForServiceLevel } from '../../server/domain/forecast/erlang-c';

describe('Erlang A', () => {
  it('one slot with patience equal to the handle time is M/M/∞ in disguise (closed form)', () => {
    // Death rate at n ≥ 1 is μ + (n−1)θ = nμ, so the number present is Poisson(A):
    // P(wait) = 1 − e^(−A), E[queue] = A − 1 + e^(−A), abandonment = θ·E[queue]/λ.
    const A = 100 / 60;
    const f = erlangAFigures({ arrivalsPerSecond: 1 / 60, handleSeconds: 100 }, 1, 30, 100);
    expect(f.probabilityOfWait).toBeCloseTo(1 - Math.exp(-A), 10);
    expect(f.abandonment).toBeCloseTo((A - 1 + Math.exp(-A)) / A, 10);
    expect(f.averageWaitSeconds).toBeCloseTo((A - 1 + Math.exp(-A)) * 60, 8);
    // With target 0 only those who find the slot free are answered in time.
    const zero = erlangAFigures({ arrivalsPerSecond: 1 / 60, handleSeconds: 100 }, 1, 0, 100);
    expect(zero.serviceLevel).toBeCloseTo(Math.exp(-A), 10);
    expect(zero.reportedServiceLevel).toBeCloseTo(Math.exp(-A), 10); // nobody gives up in no time
  });

  it('matches an independent solution of the same chains (matrix exponential, scipy)', () => {
    // N = 2, λ = 1/60 s, AHT 100 s, patience 200 s, target 20 s: the tagged arrival's
    // generator solved with scipy.linalg.expm over 300 queue places.
    const f = erlangAFigures({ arrivalsPerSecond: 1 / 60, handleSeconds: 100 }, 2, 20, 200);
    expect(f.probabilityOfWait).toBeCloseTo(0.547910628, 8);
    expect(f.abandonment).toBeCloseTo(0.172973732, 8);
    expect(f.serviceLevel).toBeCloseTo(0.538395714, 8);
    expect(f.reportedServiceLevel).toBeCloseTo(0.565447082, 8);
    expect(f.averageWaitSeconds).toBeCloseTo(34.594746, 5);
    // The worked example's load with 22 agents (under the Erlang load) and 2-minute patience.
    const g = erlangAFigures({ arrivalsPerSecond: 250 / 3600, handleSeconds: 330 }, 22, 30, 120);
    expect(g.abandonment).toBeCloseTo(0.12517499, 7);
    expect(g.serviceLevel).toBeCloseTo(0.716001742, 7);
    expect(g.reportedServiceLevel).toBeCloseTo(0.779494695, 7);
  });

  it('tends to Erlang C as patience grows without end', () => {
    const load = { arrivalsPerSecond: 250 / 3600, handleSeconds: 330 };
    for (const agents of [24, 28, 35]) {
      const a = erlangAFigures(load, agents, 30, 1e12);
      const c = erlangCFigures(load, agents, 30);
      expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
      expect(a.probabilityOfWait).toBeCloseTo(c.probabilityOfWait, 6);
      expect(a.averageWaitSeconds).toBeCloseTo(c.averageWaitSeconds, 3);
      expect(a.abandonment).toBeLessThan(1e-6);
    }
    expect(slotsForServiceLevelA(load, 30, 0.8, 1e9)).toBe(slotsForServiceLevel(load, 30, 0.8));
  });

  it('is stable at any load: over the slots, customers leave instead of piling up', () => {
    const f = erlangAFigures({ arrivalsPerSecond: 1, handleSeconds: 10 }, 5, 30, 60);
    expect(f.abandonment).toBeGreaterThan(0.4);
    expect(f.abandonment).toBeLessThan(1);
    expect(f.occupancy).toBeLessThanOrEqual(1);
    // Carried load can never exceed the slots: 10 E offered, 5 slots → at least half leave.
    expect(f.abandonment).toBeGreaterThanOrEqual(0.5 - 1e-9);
  });

  it('zero volume needs nobody', () => {
    expect(slotsForServiceLevelA({ arrivalsPerSecond: 0, handleSeconds: 300 }, 60, 0.8, 120)).toBe(0);
    expect(erlangAFigures({ arrivalsPerSecond: 0, handleSeconds: 300 }, 0, 60, 120).serviceLevel).toBe(1);
  });

  it('no patience is refused with what to give instead', () => {
    expect(() => erlangAFigures({ arrivalsPerSecond: 1, handleSeconds: 10 }, 5, 30, 0)).toThrow(/patience/);
  });

  it('more slots never lower the service level (random loads)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.0005, max: 0.2, noNaN: true }),
        fc.double({ min: 30, max: 900, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 30, max: 1200, noNaN: true }),
        (rate, handle, slots, patience) => {
          const load = { arrivalsPerSecond: rate, handleSeconds: handle };
          const a = erlangAFigures(load, slots, 60, patience);
          const b = erlangAFigures(load, slots + 1, 60, patience);
          expect(b.serviceLevel).toBeGreaterThanOrEqual(a.serviceLevel - 1e-9);
          expect(b.abandonment).toBeLessThanOrEqual(a.abandonment + 1e-9);
        },
      ),
      { numRuns: 100 },
    );
  });
});
