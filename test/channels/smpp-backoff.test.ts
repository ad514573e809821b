// The SMPP session's rebind backoff: doubling from 0.5 s, jittered to half-to-all of each step,
// capped at 30 s, so a refusing SMSC is not hammered and a fleet of binds does not come back at once.
import { describe, expect, it } from 'vitest';
import { rebindDelayMs } from '../../server/channels/sms/smsc-session';

describe('rebindDelayMs', () => {
  it('doubles from half a second, each step between half and all of its ceiling', () => {
    const ceilings = [500, 1000, 2000, 4000, 8000, 16_000];
    ceilings.forEach((ceiling, attempt) => {
      expect(rebindDelayMs(attempt, () => 0)).toBe(ceiling / 2);
      expect(rebindDelayMs(attempt, () => 0.999_999)).toBe(ceiling);
    });
  });

  it('grows whatever the jitter: a step at its shortest outlasts the one two before it at its longest', () => {
    for (let attempt = 0; attempt < 4; attempt++)
      expect(rebindDelayMs(attempt + 2, () => 0)).toBeGreaterThan(rebindDelayMs(attempt, () => 0.999_999));
  });

  it('stops growing at 30 s, also after very many attempts', () => {
    expect(rebindDelayMs(6, () => 0.999_999)).toBe(30_000);
    expect(rebindDelayMs(1000, () => 0.999_999)).toBe(30_000);
    expect(rebindDelayMs(1000, () => 0)).toBe(15_000);
  });
});
