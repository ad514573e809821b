// Statistics as tRPC subscriptions: the first value at once, then one per tick. Not tracked: a
// client that reconnects just gets the next tick. A client that cannot keep up is not cut off:
// ticks it has not taken yet merge into one (latest snapshot, every alert), so memory stays flat.
import type { WebSocket } from 'ws';
import type { StatsTick } from '../../shared/stats';
import type { StatsService } from '../desk/stats-service';
import { backedUp } from '../transport/socket-cap';

export async function* statsFeed<T>(opts: {
  stats: StatsService;
  /** The first value, sent at once. */
  first: () => StatsTick;
  map: (tick: StatsTick) => T;
  signal: AbortSignal | undefined;
  socket: WebSocket | null;
}): AsyncGenerator<T> {
  const { stats, signal, socket } = opts;
  let pending: StatsTick | null = null;
  let wake: (() => void) | null = null;
  const stop = stats.onTick((tick) => {
    pending = pending ? { snapshot: tick.snapshot, alerts: [...pending.alerts, ...tick.alerts] } : tick;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    yield opts.map(opts.first());
    while (!signal?.aborted) {
      // A socket with a backlog skips this tick; its alerts wait for the next one.
      if (pending && !(socket && backedUp(socket))) {
        const tick: StatsTick = pending;
        pending = null;
        yield opts.map(tick);
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop();
  }
}
