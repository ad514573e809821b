// Scoring a review against the scorecard (issue 18 §4): every criterion scored 0–2, weighted.
import { describe, expect, it } from 'vitest';
import type { Criterion } from '../../shared/review-schemas';
import { qualityScore, ScorecardMismatch, scoreItems } from '../../server/domain/scorecard';

const criteria: Criterion[] = [
  { id: 'greeting', label: 'Greeting', weight: 1, position: 10 },
  { id: 'correct-answer', label: 'Correct answer', weight: 3, position: 20 },
];

describe('scorecard', () => {
  it('weighs each criterion: 2 of 2 on a weight 3 and 0 on a weight 1 is 75', () => {
    const items = scoreItems(criteria, { 'correct-answer': 2, greeting: 0 });
    expect(items.map((i) => [i.criterionId, i.score])).toEqual([
      ['greeting', 0],
      ['correct-answer', 2],
    ]);
    expect(qualityScore(items)).toBe(75);
  });

  it('gives 100 for full marks and 50 for "partly" everywhere', () => {
    expect(qualityScore(scoreItems(criteria, { greeting: 2, 'correct-answer': 2 }))).toBe(100);
    expect(qualityScore(scoreItems(criteria, { greeting: 1, 'correct-answer': 1 }))).toBe(50);
  });

  it('refuses an unknown criterion, naming it and the known ones', () => {
    expect(() => scoreItems(criteria, { greeting: 2, 'correct-answer': 2, speed: 1 })).toThrow(
      /unknown criterion "speed": the scorecard has greeting, correct-answer/,
    );
  });

  it('refuses a criterion left out', () => {
    expect(() => scoreItems(criteria, { greeting: 2 })).toThrow(/correct-answer not scored/);
  });

  it('refuses a score out of range or not whole', () => {
    expect(() => scoreItems(criteria, { greeting: 3, 'correct-answer': 2 })).toThrow(ScorecardMismatch);
    expect(() => scoreItems(criteria, { greeting: -1, 'correct-answer': 2 })).toThrow(/0, 1 or 2, not -1/);
    expect(() => scoreItems(criteria, { greeting: 1.5, 'correct-answer': 2 })).toThrow(ScorecardMismatch);
  });

  it('refuses to score against an empty scorecard', () => {
    expect(() => scoreItems([], {})).toThrow(/no criteria/);
  });
});
