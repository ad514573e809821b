// The only source of time for domain code, injected so tests can drive it.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Calls `run` once, `delayMs` from now on the matching clock; returns how to cancel it. Injected
 * beside the clock, so a test that moves the clock fires what falls due with it, and never sleeps.
 */
export type Timer = (run: () => void, delayMs: number) => () => void;

/** setTimeout, unref'd: a timer waiting its turn does not keep a stopping process alive. */
export const realTimer: Timer = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

/** A clock that moves only when told to: for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
