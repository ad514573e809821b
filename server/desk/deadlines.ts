// Named deadlines on the desk's clock (grace, and the timers of issue 17), kept behind one timer
// for the soonest: thousands of open dialogs with a timer each cost one setTimeout, and a test
// that drives the injected timer fires each deadline at its own time, in order, without sleeping.
import type { Clock, Timer } from '../domain/clock';
import { IndexedHeap } from '../domain/indexed-heap';

type Fire = () => void | Promise<void>;
interface Entry {
  at: number;
  fire: Fire;
}

const MAX_DELAY_MS = 2 ** 31 - 1;

export class Deadlines {
  private readonly due = new IndexedHeap<string, Entry>((a, b) => a.at < b.at);
  private armed: { at: number; cancel: () => void } | null = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly timer: Timer,
    /** A deadline whose work threw: logged by the caller, and the others still run. */
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  /** Sets (or moves) `key` to fire at `at`; a time already past fires on the next turn. */
  set(key: string, at: number, fire: Fire): void {
    this.due.set(key, { at, fire });
    this.arm();
  }

  clear(key: string): void {
    if (this.due.delete(key)) this.arm();
  }

  /** When `key` is due, or null when it is not set. */
  at(key: string): number | null {
    return this.due.get(key)?.at ?? null;
  }

  stop(): void {
    this.stopped = true;
    this.armed?.cancel();
    this.armed = null;
  }

  private arm(): void {
    if (this.stopped) return;
    const soonest = this.due.peek()?.at ?? Infinity;
    if (this.armed?.at === soonest) return;
    this.armed?.cancel();
    this.armed = null;
    if (soonest === Infinity) return;
    // setTimeout holds at most 2^31-1 ms (24.8 days): a later deadline wakes early and re-arms.
    const delay = Math.min(Math.max(0, soonest - this.clock.now()), MAX_DELAY_MS);
    const cancel = this.timer(() => void this.fireDue(), delay);
    this.armed = { at: soonest, cancel };
  }

  /** Runs every deadline that has come, soonest first, one after another, then waits for the next. */
  private async fireDue(): Promise<void> {
    this.armed = null;
    for (;;) {
      const key = this.due.peekKey();
      const next = this.due.peek();
      if (key === undefined || !next || next.at > this.clock.now() || this.stopped) break;
      this.due.delete(key);
      const { fire } = next;
      try {
        await fire();
      } catch (error) {
        this.onError(key, error);
      }
    }
    this.arm();
  }
}
