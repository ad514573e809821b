// How CSAT and the desk's quality score relate over a report's period (issue 18 §4). They
// measure different things — CSAT is the customer's view of the outcome (was my problem
// solved, was it quick), the quality score the desk's view of the handling (greeting, a correct
// answer, spelling and tone) — so they are shown side by side, with how far they agree on the
// conversations that have both: Pearson's correlation, and the share where both call it good
// (CSAT 4–5 and quality ≥ 75) or both call it poor.
export const GOOD_CSAT = 4;
export const GOOD_QUALITY = 75;

export interface CsatQualityPair {
  rating: number;
  quality: number;
}

export interface CsatQualityAgreement {
  /** Conversations both rated by the customer and reviewed. */
  pairs: number;
  /** Pearson's r, −1…1; null with fewer than 3 pairs or when either side never varies. */
  correlation: number | null;
  /** Share of pairs where both sides say good, or both say poor; null without pairs. */
  agreement: number | null;
}

export function csatQualityAgreement(pairs: readonly CsatQualityPair[]): CsatQualityAgreement {
  const n = pairs.length;
  if (n === 0) return { pairs: 0, correlation: null, agreement: null };
  const agreeing = pairs.filter((p) => p.rating >= GOOD_CSAT === p.quality >= GOOD_QUALITY).length;
  return { pairs: n, correlation: n < 3 ? null : pearson(pairs), agreement: agreeing / n };
}

function pearson(pairs: readonly CsatQualityPair[]): number | null {
  const n = pairs.length;
  const meanX = pairs.reduce((s, p) => s + p.rating, 0) / n;
  const meanY = pairs.reduce((s, p) => s + p.quality, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of pairs) {
    const dx = p.rating - meanX;
    const dy = p.quality - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Rounding can carry r a hair past ±1.
  return sxx === 0 || syy === 0 ? null : Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
