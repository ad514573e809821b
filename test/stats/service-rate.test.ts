// A queue's measured service rate (assignments per minute), which the expected wait a waiting
// customer is told is computed from (issue 17 §4).
import { describe, expect, test } from 'vitest';
import { MIN, desk } from './fixtures';

describe('StatsEngine.serviceRate', () => {
  test('null before any assignment, and for a queue it does not know', () => {
    const d = desk();
    d.queue('c1');
    d.clock.advance(10 * MIN);
    expect(d.engine.serviceRate('sales')).toBeNull();
    expect(d.engine.serviceRate('nowhere')).toBeNull();
  });

  test('the last 5 minutes once they hold 3 assignments: 6 in 5 minutes is 1.2 a minute', () => {
    const d = desk();
    d.clock.advance(30 * MIN);
    for (let i = 0; i < 6; i++) {
      d.queue(`c${i}`);
      d.clock.advance(50_000);
      d.assign(`c${i}`, 'ann');
    }
    expect(d.engine.serviceRate('sales')).toBeCloseTo(6 / 5, 5);
    // Assignments in one queue say nothing of another.
    expect(d.engine.serviceRate('support')).toBeNull();
  });

  test('the hour when the last 5 minutes hold fewer: 2 in the 40 minutes observed', () => {
    const d = desk();
    d.queue('c1');
    d.queue('c2');
    d.assign('c1', 'ann');
    d.assign('c2', 'ann');
    d.clock.advance(40 * MIN);
    expect(d.engine.serviceRate('sales')).toBeCloseTo(2 / 40, 5);
  });
});
