import { describe, expect, it } from 'vitest';
import { advancedDelivery } from '../../server/domain/delivery-status';

describe('a provider report moves a message only forward', () => {
  it.each([
    [null, 'sent', 'sent'],
    ['pending', 'sent', 'sent'],
    ['sent', 'delivered', 'delivered'],
    ['sent', 'read', 'read'],
    ['delivered', 'read', 'read'],
    ['read', 'delivered', null],
    ['delivered', 'sent', null],
    ['read', 'read', null],
    ['sent', 'failed', 'failed'],
    ['pending', 'failed', 'failed'],
    ['delivered', 'failed', null],
    ['read', 'failed', null],
    // A failure the provider took back: the message arrived after all.
    ['failed', 'delivered', 'delivered'],
    ['failed', 'sent', null],
  ] as const)('%s + %s → %s', (current, reported, next) => {
    expect(advancedDelivery(current, reported)).toBe(next);
  });
});
