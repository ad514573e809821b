// A subscription that keeps its rights only while they last: the session and role are checked
// before every item, and again whenever the operator changes, so a feed that is waiting for its
// next event also ends at once on a logout, a demotion, a deletion or a password change.
import { TRPCError } from '@trpc/server';

export async function* guardedFeed<T>(
  feed: AsyncIterable<T>,
  rights: {
    /** The refusal if the subscriber may no longer have this feed, else null. */
    check: () => TRPCError | null;
    /** Calls `recheck` on every change that may take rights away; returns how to stop. */
    watch: (recheck: () => void) => () => void;
  },
): AsyncGenerator<T> {
  const iterator = feed[Symbol.asyncIterator]();
  let interrupt: ((denied: TRPCError) => void) | null = null;
  let revoked: TRPCError | null = null;
  const stopWatching = rights.watch(() => {
    revoked ??= rights.check();
    if (revoked) interrupt?.(revoked);
  });
  try {
    for (;;) {
      // A fresh promise per item: racing one long-lived promise would pile up a reaction per item.
      const next = await new Promise<IteratorResult<T> | TRPCError>((resolve, reject) => {
        interrupt = resolve;
        iterator.next().then(resolve, reject);
      });
      interrupt = null;
      if (next instanceof TRPCError) throw next;
      if (next.done) return;
      const denied = revoked ?? rights.check();
      if (denied) throw denied;
      yield next.value;
    }
  } finally {
    stopWatching();
    // Not awaited: a feed waiting for its next event finishes once the adapter aborts its signal,
    // which happens only after this generator has ended.
    void iterator.return?.()?.catch(() => undefined);
  }
}
