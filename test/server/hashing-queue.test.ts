// The cap on password hashing (issue 12, §4): a flood of logins waits in line, clean addresses
// first, and is refused with "busy" past a bounded line instead of taking the CPU.
import { describe, expect, it } from 'vitest';
import { HashingQueue, ServerBusy } from '../../server/desk/hashing-queue';

/** A hash that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, hash: () => opened };
}

describe('HashingQueue', () => {
  it('runs at most `concurrency` hashes at once; the rest wait their turn', async () => {
    const queue = new HashingQueue(2, 16);
    let running = 0;
    let most = 0;
    const gates = Array.from({ length: 6 }, gate);
    const done = gates.map((g) =>
      queue.run('suspect', async () => {
        running += 1;
        most = Math.max(most, running);
        await g.hash();
        running -= 1;
      }),
    );
    expect(queue.queued).toBe(4);
    for (const g of gates) g.open();
    await Promise.all(done);
    expect(most).toBe(2);
    expect(queue.completed).toBe(6);
  });

  it('serves the clean lane before suspect attempts that came earlier', async () => {
    const queue = new HashingQueue(1, 16);
    const first = gate();
    const order: string[] = [];
    const running = queue.run('suspect', first.hash);
    const waiting = [
      queue.run('suspect', async () => void order.push('guess 1')),
      queue.run('suspect', async () => void order.push('guess 2')),
      queue.run('clean', async () => void order.push('colleague')),
    ];
    first.open();
    await Promise.all([running, ...waiting]);
    expect(order).toEqual(['colleague', 'guess 1', 'guess 2']);
  });

  it('serves a trusted login before a clean one', async () => {
    const queue = new HashingQueue(1, 16);
    const first = gate();
    const order: string[] = [];
    const running = queue.run('clean', first.hash);
    const waiting = [
      queue.run('clean', async () => void order.push('new address')),
      queue.run('trusted', async () => void order.push('usual desk')),
    ];
    first.open();
    await Promise.all([running, ...waiting]);
    expect(order).toEqual(['usual desk', 'new address']);
  });

  it('refuses with busy, at once, when a lane already holds its limit of waiters', async () => {
    const queue = new HashingQueue(1, 2);
    const first = gate();
    const all = [queue.run('suspect', first.hash), queue.run('suspect', first.hash), queue.run('suspect', first.hash)];
    await expect(queue.run('suspect', first.hash)).rejects.toBeInstanceOf(ServerBusy);
    // The other lane has its own room.
    all.push(queue.run('clean', first.hash));
    first.open();
    await Promise.all(all);
  });

  it('frees the slot when a hash fails', async () => {
    const queue = new HashingQueue(1, 2);
    await expect(queue.run('clean', () => Promise.reject(new Error('bad salt')))).rejects.toThrow('bad salt');
    expect(await queue.run('clean', async () => 'next')).toBe('next');
  });
});
