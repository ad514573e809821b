import { describe, expect, it } from 'vitest';
import { attributeTail } from '../../bench/lib/tail-attribution';
import type { Stall } from '../../server/stall-log';

// 100 messages sent a millisecond apart, each taking 1 ms, except three slow ones.
const messages = Array.from({ length: 100 }, (_, i) => ({ sentAt: 1_000 + i, deliveredAt: 1_001 + i }));
messages[10] = { sentAt: 1_010, deliveredAt: 1_050 };
messages[20] = { sentAt: 1_020, deliveredAt: 1_060 };
messages[30] = { sentAt: 1_030, deliveredAt: 1_070 };

describe('attributeTail', () => {
  it('puts each slow message down to the stalls that overlapped it, and summarises the stalls', () => {
    const stalls: Stall[] = [
      { kind: 'commit', at: 1_040, ms: 12, n: 3 }, // overlaps all three slow messages
      { kind: 'gc-minor', at: 1_055, ms: 10 }, // overlaps the second and third
      { kind: 'commit', at: 1_200, ms: 30, n: 1 }, // after the run
      { kind: 'commit', at: 1_012, ms: 1, n: 1 }, // under minStallMs
    ];
    const a = attributeTail(messages, stalls, { quantile: 0.97, minStallMs: 2 });
    expect(a.thresholdMs).toBe(40);
    expect(a.slow).toBe(3);
    expect(a.byCause).toEqual({ commit: 1, 'commit+gc-minor': 2 });
    expect(a.stalls).toEqual({
      commit: { count: 1, totalMs: 12, maxMs: 12 },
      'gc-minor': { count: 1, totalMs: 10, maxMs: 10 },
    });
  });

  it('says "none" for a slow message that no stall explains', () => {
    const a = attributeTail(messages, [], { quantile: 0.99, minStallMs: 2 });
    expect(a.byCause).toEqual({ none: 3 });
  });

  it('refuses an empty run', () => {
    expect(() => attributeTail([], [], { quantile: 0.99, minStallMs: 2 })).toThrow('no messages');
  });
});
