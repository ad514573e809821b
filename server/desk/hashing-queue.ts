// Caps password hashing, so a flood of logins waits in line instead of taking the CPU. node's
// async scrypt runs on libuv's pool of 4 threads, shared with fs and dns; 4 parallel hashes
// (16 MiB and tens of ms of CPU each) on a 2-core machine starve the event loop and every file
// read behind them. Here at most `concurrency` hashes run at once (cores − 1, at least 1, at most
// 2), leaving a core and 3 pool threads to everything else. Waiting hashes are served by the
// attempt's standing (domain/login-throttle.ts): a login at an address where it succeeded before,
// then addresses without recent failures, then suspect ones, so a colleague's login does not wait
// behind a guesser's. Each lane holds a bounded number of waiters; past that a login is refused
// with "busy, retry" rather than queued without end.
import { availableParallelism } from 'node:os';
import type { AttemptStanding } from '../domain/login-throttle';
import { DeskError } from './errors';

export type HashingLane = AttemptStanding;
const SERVED_FIRST: HashingLane[] = ['trusted', 'clean', 'suspect'];

export const HASHING_CONCURRENCY = Math.min(2, Math.max(1, availableParallelism() - 1));
/** Per lane: at 50–200 ms a hash (more on a loaded machine), the back of a lane waits seconds, not minutes. */
export const MAX_WAITING = 16;

export class ServerBusy extends DeskError {
  constructor(readonly retryAfterMs: number) {
    super(
      'TOO_MANY_REQUESTS',
      `the server is busy checking passwords: try again in ${Math.ceil(retryAfterMs / 1000)} s`,
    );
  }
}

export class HashingQueue {
  private running = 0;
  private readonly waiting: Record<HashingLane, Array<() => void>> = { trusted: [], clean: [], suspect: [] };
  /** Hashes finished since start: lets tests see that hashing really ran. */
  completed = 0;

  constructor(
    readonly concurrency = HASHING_CONCURRENCY,
    private readonly maxWaiting = MAX_WAITING,
  ) {}

  /** Runs `hash` when a slot is free; throws ServerBusy at once when its lane is full. */
  async run<T>(lane: HashingLane, hash: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting[lane].length >= this.maxWaiting) throw new ServerBusy(1000);
      await new Promise<void>((resolve) => this.waiting[lane].push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await hash();
    } finally {
      this.completed += 1;
      // The slot passes straight to the next waiter, by standing.
      const lane = SERVED_FIRST.find((l) => this.waiting[l].length > 0);
      const next = lane && this.waiting[lane].shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  get queued(): number {
    return SERVED_FIRST.reduce((sum, lane) => sum + this.waiting[lane].length, 0);
  }
}
