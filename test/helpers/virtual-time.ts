// Time that moves only when a test moves it: a clock and a timer queue to hand to code that takes
// them (the load tool's open loop, the webhook outbox) in place of performance.now()/Date.now()
// and setTimeout, so a test of a schedule or a retry waits no real time and does not depend on
// how fast the machine is.

type Timer = { at: number; order: number; callback: () => void };

/** One turn of the event loop: the promise callbacks already started run before it ends. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualTime {
  private current: number;
  private readonly timers: Timer[] = [];
  private order = 0;
  private waiters: Array<() => void> = [];

  constructor(start = 0) {
    this.current = start;
  }

  /** The clock, in milliseconds. */
  now = (): number => this.current;

  /** setTimeout on this clock; returns how to cancel the timer. */
  schedule = (callback: () => void, delayMs: number): (() => void) => {
    const timer = { at: this.current + Math.max(0, delayMs), order: this.order++, callback };
    this.timers.push(timer);
    for (const wake of this.waiters.splice(0)) wake();
    return () => {
      const index = this.timers.indexOf(timer);
      if (index >= 0) this.timers.splice(index, 1);
    };
  };

  /** How far ahead of now each timer not yet fired is due, soonest first. */
  pending(): number[] {
    return this.soonestFirst().map((timer) => timer.at - this.current);
  }

  /**
   * Resolves with how far ahead the soonest timer is due, once there is one: for code that sets
   * its timer after real I/O (a webhook that answered 503), so the test cannot know when.
   */
  async nextTimer(): Promise<number> {
    await this.timersSet(1);
    return this.pending()[0];
  }

  /** Resolves once at least `count` timers wait: for several retries set after real I/O. */
  async timersSet(count: number): Promise<void> {
    while (this.timers.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /**
   * Moves the clock forward by `ms`, firing each timer that falls due on the way at its own due
   * time, in order (ties in the order they were set). After each, the promise callbacks it
   * started run, as they would before the real event loop's next timer.
   */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      const next = this.soonestFirst()[0];
      if (!next || next.at > end) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.current = next.at;
      next.callback();
      await turn();
    }
    this.current = end;
  }

  private soonestFirst(): Timer[] {
    return [...this.timers].sort((a, b) => a.at - b.at || a.order - b.order);
  }
}
