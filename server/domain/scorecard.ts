// Scoring a review against the scorecard (issue 18 §4). Every criterion is scored on one scale,
// 0 missed, 1 partly, 2 fully: a three-step scale is what reviewers agree on best (a 1–5 scale
// spends its middle steps on disagreement), and "partly" still separates a slip from a miss.
// Criteria weigh differently (1–10), and the quality score is the weighted share of the
// highest possible total, 0–100, so scorecards with different criteria still compare.
import { SCORE_MAX, type Criterion, type ReviewItem } from '../../shared/review-schemas';

/** A review that does not fit the scorecard: the message says what to fix. */
export class ScorecardMismatch extends Error {}

/** The scored items in the scorecard's order, or a ScorecardMismatch naming what is wrong. */
export function scoreItems(criteria: readonly Criterion[], scores: Record<string, number>): ReviewItem[] {
  if (criteria.length === 0)
    throw new ScorecardMismatch('the scorecard has no criteria: add some with `textdesk admin scorecard set`');
  const known = new Set(criteria.map((c) => c.id));
  const unknown = Object.keys(scores).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new ScorecardMismatch(
      `unknown criterion ${unknown.map((id) => `"${id}"`).join(', ')}: the scorecard has ${[...known].join(', ')}`,
    );
  const missing = criteria.filter((c) => scores[c.id] === undefined).map((c) => c.id);
  if (missing.length > 0) throw new ScorecardMismatch(`score every criterion: ${missing.join(', ')} not scored`);
  return criteria.map((c) => {
    const score = scores[c.id];
    if (!Number.isInteger(score) || score < 0 || score > SCORE_MAX)
      throw new ScorecardMismatch(`${c.id}: a score is 0, 1 or ${SCORE_MAX}, not ${score}`);
    return { criterionId: c.id, label: c.label, weight: c.weight, score };
  });
}

/** The weighted quality score of scored items, 0–100. */
export function qualityScore(items: readonly ReviewItem[]): number {
  let got = 0;
  let best = 0;
  for (const item of items) {
    got += item.weight * item.score;
    best += item.weight * SCORE_MAX;
  }
  return best === 0 ? 0 : (100 * got) / best;
}
