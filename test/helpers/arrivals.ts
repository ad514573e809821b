// What a subscription delivered, in order, with a way to await a value that has not come yet:
// tests wait on the delivery itself, never on a timer.
export class Arrivals<T> {
  readonly all: T[] = [];
  private waiters: Array<() => void> = [];

  /** Pass as the subscription's onData. */
  push = (value: T): void => {
    this.all.push(value);
    for (const wake of this.waiters.splice(0)) wake();
  };

  get length(): number {
    return this.all.length;
  }

  /** The first value from index `from` on that matches, already delivered or still to come. */
  async first(predicate: (value: T) => boolean, from = 0): Promise<T> {
    for (let checked = from; ;) {
      for (; checked < this.all.length; checked++) if (predicate(this.all[checked])) return this.all[checked];
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
