// Time-ordered ids: sorting by id gives creation order, even for messages created in the same
// millisecond (a customer message, the bot's greeting and "operator joined" share one).
import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock';

export class IdGenerator {
  private lastMs = 0;
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  /** Tells apart ids made by different processes (several nodes, or a restart within a millisecond). */
  private readonly origin = randomBytes(4).toString('hex');

  next(): string {
    const now = this.clock.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.sequence = 0;
    } else {
      this.sequence += 1;
    }
    const time = this.lastMs.toString(36).padStart(9, '0');
    const sequence = this.sequence.toString(36).padStart(4, '0');
    return `${time}${sequence}${this.origin}`;
  }
}
