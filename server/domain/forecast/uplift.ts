// What-if multipliers for peaks a history cannot know: a promotion, a mailing, an outage.
// `2026-12-01T10:00/4h=+60%` raises the forecast volume of every interval that starts in those
// four hours by 60 %. Several may overlap; their factors multiply.

export interface Uplift {
  from: number;
  to: number;
  /** Volume multiplier: 1.6 for +60 %, 0.8 for −20 %. */
  factor: number;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `START/DURATION=±PCT%`. START is what `parseTime` reads (the command's own rule for
 * zones); DURATION is a number with m, h or d. Throws with the expected form on anything else.
 */
export function parseUplift(text: string, parseTime: (start: string) => number): Uplift {
  const m = /^(.+)\/(\d+(?:\.\d+)?)([mhd])=([+-]\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (!m) {
    throw new RangeError(`uplift "${text}" is not START/DURATION=±PCT% (for example 2026-12-01T10:00/4h=+60%)`);
  }
  const from = parseTime(m[1]);
  const duration = Number(m[2]) * UNIT_MS[m[3]];
  const factor = 1 + Number(m[4]) / 100;
  if (!Number.isFinite(from)) throw new RangeError(`uplift "${text}": not a time: ${m[1]}`);
  if (!(duration > 0)) throw new RangeError(`uplift "${text}": the duration must be longer than 0`);
  if (factor < 0) throw new RangeError(`uplift "${text}": a volume cannot fall by more than 100 %`);
  return { from, to: from + duration, factor };
}

/** The volumes with every uplift applied to the intervals that start inside it. */
export function applyUplifts(
  volumes: readonly number[],
  start: number,
  intervalMs: number,
  uplifts: readonly Uplift[],
): number[] {
  return volumes.map((v, i) => {
    const at = start + i * intervalMs;
    let f = 1;
    for (const u of uplifts) if (at >= u.from && at < u.to) f *= u.factor;
    return v * f;
  });
}
