// A StatsEngine on a ManualClock, and short-hands for the facts the service layer reports, so
// each test states only the story it checks.
import { ManualClock } from '../../server/domain/clock';
import { StatsEngine, type StatsEngineOptions } from '../../server/domain/stats';

export const SEC = 1_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** Monday 2025-01-06 09:00:00 UTC: a whole minute, far from midnight. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

export function desk(options: Partial<StatsEngineOptions> = {}) {
  const clock = new ManualClock(T0);
  const engine = new StatsEngine({ clock, ...options });
  engine.setQueues([
    { id: 'sales', name: 'Sales' },
    { id: 'support', name: 'Support' },
  ]);
  engine.setChannels([
    { id: 'web', name: 'Web chat', medium: 'chat' },
    { id: 'mail', name: 'E-mail', medium: 'email' },
  ]);
  const now = () => clock.now();
  return {
    clock,
    engine,
    /** A chat in `queueId` with a one-minute first-response target, queued now. */
    queue(conversationId: string, queueId = 'sales', slaTargetMs = MIN, channelId = 'web') {
      engine.conversationQueued({ conversationId, queueId, channelId, slaTargetMs, at: now() });
    },
    assign(conversationId: string, operatorId: string) {
      engine.conversationAssigned({ conversationId, operatorId, at: now() });
    },
    answer(conversationId: string, operatorId: string) {
      engine.firstResponse({ conversationId, operatorId, at: now() });
    },
    messageIn(conversationId: string, queueId = 'sales', channelId = 'web') {
      engine.messageIn({ conversationId, queueId, channelId, at: now() });
    },
    messageOut(conversationId: string, operatorId: string | null, queueId = 'sales') {
      engine.messageOut({ conversationId, queueId, channelId: 'web', operatorId, at: now() });
    },
    resolve(conversationId: string, operatorId: string | null) {
      engine.conversationResolved({ conversationId, operatorId, at: now() });
    },
    abandon(conversationId: string) {
      engine.conversationAbandoned({ conversationId, at: now() });
    },
    transfer(conversationId: string, toQueueId: string) {
      engine.conversationTransferred({ conversationId, toQueueId, at: now() });
    },
    operator(operatorId: string, status: 'available' | 'away' | 'offline', capacity = 3, load = 0) {
      engine.operatorChanged({ operatorId, name: operatorId.toUpperCase(), status, capacity, load, at: now() });
    },
    /** Queued now, assigned and answered after `waitMs`, the clock left there. */
    answeredAfter(conversationId: string, waitMs: number, operatorId = 'ann', queueId = 'sales') {
      this.queue(conversationId, queueId);
      clock.advance(waitMs);
      this.assign(conversationId, operatorId);
      this.answer(conversationId, operatorId);
    },
    queueStats(queueId = 'sales') {
      const q = engine.snapshot().queues.find((x) => x.queueId === queueId);
      if (!q) throw new Error(`no queue ${queueId} in snapshot`);
      return q;
    },
    operatorStats(operatorId: string) {
      const o = engine.snapshot().operators.find((x) => x.operatorId === operatorId);
      if (!o) throw new Error(`no operator ${operatorId} in snapshot`);
      return o;
    },
  };
}
