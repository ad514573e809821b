// One-at-a-time per key, in arrival order; different keys in parallel.
import { describe, expect, it } from 'vitest';
import { KeyedSerializer } from '../../server/desk/keyed-serializer';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-settled promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedSerializer', () => {
  it('runs work for one key in arrival order, each after the previous one finished', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, i) =>
      serializer.run('contact', async () => {
        log.push(`start ${i}`);
        await gate.promise;
        log.push(`end ${i}`);
        return i;
      }),
    );
    await settle();
    expect(log).toEqual(['start 0']);
    // Finishing out of order changes nothing: 2 waits for 1, which waits for 0.
    gates[2].resolve();
    gates[1].resolve();
    await settle();
    expect(log).toEqual(['start 0']);
    gates[0].resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs the next work for a key after an earlier one rejects, and rejects only its own caller', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const failing = deferred();
    const first = serializer.run('contact', async () => {
      log.push('start 0');
      await failing.promise;
    });
    const second = serializer.run('contact', async () => {
      log.push('start 1');
      return 'second';
    });
    await settle();
    expect(log).toEqual(['start 0']);
    failing.reject(new Error('commit failed'));
    await expect(first).rejects.toThrow('commit failed');
    await expect(second).resolves.toBe('second');
    expect(log).toEqual(['start 0', 'start 1']);
  });

  it('runs after a work function that throws synchronously', async () => {
    const serializer = new KeyedSerializer();
    const first = serializer.run('contact', () => {
      throw new Error('bad input');
    });
    const second = serializer.run('contact', async () => 'ok');
    await expect(first).rejects.toThrow('bad input');
    await expect(second).resolves.toBe('ok');
  });

  it('runs work for different keys concurrently', async () => {
    const serializer = new KeyedSerializer();
    const blocked = deferred();
    let aFinished = false;
    const a = serializer.run('contact-a', async () => {
      await blocked.promise;
      aFinished = true;
    });
    // b completes while a is still running: they do not wait for each other.
    await expect(serializer.run('contact-b', async () => 'b')).resolves.toBe('b');
    expect(aFinished).toBe(false);
    blocked.resolve();
    await a;
    expect(aFinished).toBe(true);
  });

  it('starts a key afresh once its queue has drained', async () => {
    const serializer = new KeyedSerializer();
    await serializer.run('contact', async () => 1);
    await settle();
    expect((serializer as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
    await expect(serializer.run('contact', async () => 2)).resolves.toBe(2);
  });
});
