// A small desk with a story: Sales has two customers waiting, one past its target; Support is
// quiet; Ann is over capacity. Built through the real StatsEngine on a fixed clock.
import { ManualClock } from '../../server/domain/clock';
import { StatsEngine } from '../../server/domain/stats';

export const AT = Date.UTC(2025, 0, 6, 9, 30, 0);
const SEC = 1_000;

export function deskStory() {
  const clock = new ManualClock(AT);
  const e = new StatsEngine({ clock, serviceLevelGoal: 0.8 });
  e.setQueues([
    { id: 'sales', name: 'Sales' },
    { id: 'support', name: 'Support {bold}' },
  ]);
  e.setChannels([{ id: 'web', name: 'Web chat', medium: 'chat' }]);
  const at = () => clock.now();
  const conv = (id: string, queueId: string) => ({ conversationId: id, queueId, channelId: 'web' });
  e.operatorChanged({ operatorId: 'ann', name: 'Ann Lee', status: 'available', capacity: 2, load: 3, at: at() });
  e.operatorChanged({ operatorId: 'bob', name: 'Bob\x1b]0;pwned\x07', status: 'away', capacity: 3, load: 0, at: at() });
  // answered in 20 s and 40 s: SL today 100 % until the breach below
  for (const [id, wait] of [
    ['s1', 20],
    ['s2', 40],
  ] as const) {
    e.conversationQueued({ ...conv(id, 'support'), slaTargetMs: 60 * SEC, at: at() });
    e.messageIn({ ...conv(id, 'support'), at: at() });
    clock.advance(wait * SEC);
    e.conversationAssigned({ conversationId: id, operatorId: 'ann', at: at() });
    e.firstResponse({ conversationId: id, operatorId: 'ann', at: at() });
    e.messageOut({ ...conv(id, 'support'), operatorId: 'ann', at: at() });
  }
  e.conversationQueued({ ...conv('w1', 'sales'), slaTargetMs: 60 * SEC, at: at() });
  clock.advance(75 * SEC);
  e.conversationQueued({ ...conv('w2', 'sales'), slaTargetMs: 60 * SEC, at: at() });
  clock.advance(5 * SEC);
  return { clock, engine: e, snapshot: e.snapshot(), alerts: e.alerts() };
}
