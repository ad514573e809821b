// One connection's handler must never stop the process: an exception thrown in a listener, or a
// promise it returns that rejects, would otherwise be an uncaught exception or an unhandled
// rejection, and Node stops on either. Every listener and timer that handles outside input is
// wrapped here; the one failure allowed to stop the server is a failed commit, and that goes to
// ctx.onFatal inside the desk, never through these wrappers.
import type { Logger } from 'pino';

/**
 * `handler`, made safe to pass to an event emitter or a timer: what it throws or rejects with is
 * logged as `what` and handed to `onError` (e.g. to answer 500 or close the socket), and stops there.
 */
export function guarded<A extends unknown[]>(
  log: Logger,
  what: string,
  handler: (...args: A) => unknown,
  onError?: (error: unknown, ...args: A) => void,
): (...args: A) => void {
  const fail = (error: unknown, args: A) => {
    log.error({ err: error }, what);
    if (!onError) return;
    try {
      onError(error, ...args);
    } catch (secondary) {
      log.error({ err: secondary }, `${what}, and so did its error handling`);
    }
  };
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((error: unknown) => fail(error, args));
    } catch (error) {
      fail(error, args);
    }
  };
}
