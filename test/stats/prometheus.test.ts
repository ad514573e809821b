// The snapshot → Prometheus samples mapping: per queue and channel, seconds, shares, and no
// sample where there is nothing to measure.
import { describe, expect, test } from 'vitest';
import { STATS_GAUGES, statsSamples } from '../../server/domain/stats-prometheus';
import { desk, MIN, SEC } from './fixtures';

describe('statsSamples', () => {
  test('every gauge is listed, and empty without a snapshot', () => {
    const samples = statsSamples(null);
    expect([...samples.keys()]).toEqual(STATS_GAUGES.map((g) => g.name));
    expect([...samples.values()].every((s) => s.length === 0)).toBe(true);
    expect(STATS_GAUGES.map((g) => g.name)).toContain('textdesk_queue_longest_wait_seconds');
    expect(STATS_GAUGES.map((g) => g.name)).toContain('textdesk_channel_csat_average_today');
  });

  test('figures per queue and per channel', () => {
    const d = desk();
    d.answeredAfter('c1', 30 * SEC); // within the 1 min target
    d.queue('c2');
    d.clock.advance(2 * MIN); // c2 breaches
    d.abandon('c2'); // abandoned after its target
    d.queue('c3', 'support', MIN, 'mail');
    d.clock.advance(45 * SEC);
    d.engine.rating({
      conversationId: 'c1',
      operatorId: 'ann',
      queueId: 'sales',
      channelId: 'web',
      score: 4,
      at: d.clock.now(),
    });
    const samples = statsSamples(d.engine.snapshot());
    const get = (name: string) => samples.get(name);
    expect(get('textdesk_queue_waiting')).toEqual([
      { labels: { queue: 'sales' }, value: 0 },
      { labels: { queue: 'support' }, value: 1 },
    ]);
    expect(get('textdesk_queue_longest_wait_seconds')).toEqual([
      { labels: { queue: 'sales' }, value: 0 },
      { labels: { queue: 'support' }, value: 45 },
    ]);
    // answered within target 1 of (answered 1 + abandoned after target 1); support has no answer yet
    expect(get('textdesk_queue_service_level_today')).toEqual([{ labels: { queue: 'sales' }, value: 0.5 }]);
    expect(get('textdesk_queue_abandoned_today')).toEqual([
      { labels: { queue: 'sales' }, value: 1 },
      { labels: { queue: 'support' }, value: 0 },
    ]);
    expect(get('textdesk_queue_csat_average_today')).toEqual([{ labels: { queue: 'sales' }, value: 4 }]);
    expect(get('textdesk_channel_waiting')).toEqual([
      { labels: { channel: 'web' }, value: 0 },
      { labels: { channel: 'mail' }, value: 1 },
    ]);
    expect(get('textdesk_channel_csat_average_today')).toEqual([{ labels: { channel: 'web' }, value: 4 }]);
  });
});
