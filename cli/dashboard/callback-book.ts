// The call-backs the dashboard shows, kept from one list and the live feed's `callback.changed`
// events. Each event carries the whole request, and a request's state only moves forward, so a
// replayed older event (after a reconnect) never takes a request back.
import type { Callback, CallbackStatus } from '../../shared/schemas';

const RANK: Record<CallbackStatus, number> = { open: 0, claimed: 1, done: 2, cancelled: 2 };

export class CallbackBook {
  private readonly byId = new Map<string, Callback>();
  /** Ids seen closed: a late "open" for them is not shown again. */
  private readonly closed = new Set<string>();

  /** A fresh list from the server: what it says now, except what the feed already moved further. */
  load(callbacks: readonly Callback[]): void {
    const previous = new Map(this.byId);
    this.byId.clear();
    for (const c of callbacks) {
      const known = previous.get(c.id);
      this.apply(known && RANK[known.status] > RANK[c.status] ? known : c);
    }
  }

  apply(callback: Callback): void {
    if (this.closed.has(callback.id)) return;
    const known = this.byId.get(callback.id);
    if (known && RANK[known.status] > RANK[callback.status]) return;
    if (callback.status === 'done' || callback.status === 'cancelled') {
      this.byId.delete(callback.id);
      this.closed.add(callback.id);
    } else {
      this.byId.set(callback.id, callback);
    }
  }

  list(): Callback[] {
    return [...this.byId.values()];
  }
}
