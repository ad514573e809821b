// Issue 12 §1: a listener of outside input that throws or rejects is logged and goes no further —
// no uncaught exception, no unhandled rejection, either of which stops the process.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guarded } from '../../server/transport/guard';

const logged: Array<{ msg: string; err?: { message: string } }> = [];
const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

/** Lets every already-settled promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  logged.length = 0;
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('guarded', () => {
  it('passes the arguments through', () => {
    const seen: unknown[] = [];
    guarded(log, 'x', (a: number, b: string) => seen.push(a, b))(1, 'two');
    expect(seen).toEqual([1, 'two']);
  });

  it('logs what a listener throws and hands it to onError with the arguments', () => {
    const handled: unknown[] = [];
    const listener = guarded(
      log,
      'frame failed',
      (_frame: string) => {
        throw new Error('boom');
      },
      (error, frame) => handled.push((error as Error).message, frame),
    );
    expect(() => listener('hello')).not.toThrow();
    expect(handled).toEqual(['boom', 'hello']);
    expect(logged).toMatchObject([{ msg: 'frame failed', err: { message: 'boom' } }]);
  });

  it('catches a rejected promise, so it is never an unhandled rejection', async () => {
    const handled: string[] = [];
    guarded(
      log,
      'request failed',
      async () => {
        throw new Error('later');
      },
      (error) => handled.push((error as Error).message),
    )();
    await settle();
    expect(handled).toEqual(['later']);
    expect(logged).toMatchObject([{ msg: 'request failed', err: { message: 'later' } }]);
    expect(unhandled).toEqual([]);
  });

  it('logs an onError that throws too, and still lets nothing escape', async () => {
    const listener = guarded(
      log,
      'close failed',
      async () => {
        throw new Error('first');
      },
      () => {
        throw new Error('second');
      },
    );
    listener();
    await settle();
    expect(logged.map((l) => [l.msg, l.err?.message])).toEqual([
      ['close failed', 'first'],
      ['close failed, and so did its error handling', 'second'],
    ]);
    expect(unhandled).toEqual([]);
  });
});
