// Live event feeds as tRPC subscriptions. A client that reconnects with lastEventId gets exactly
// what it missed: we subscribe to live events first, buffer them while replaying the stored
// events after lastEventId, then hand over, dropping anything already sent. Each item carries
// every event that arrived since the previous one (a batch, capped), tracked by its last seq.
import { tracked, TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import type { DeskEventBatch, DeskEventEnvelope } from '../../shared/schemas';
import type { Desk } from '../desk/desk';
import type { PublishedEvent } from '../events/bus';
import { backedUp } from '../transport/socket-cap';

const REPLAY_PAGE = 500;
/** Events per item: bounds a frame (a supervisor's feed gets every event of a busy desk). */
const MAX_BATCH = 200;

const envelope = (e: PublishedEvent): DeskEventEnvelope => ({ ...e.event, seq: e.seq, at: e.at });
/** One feed item: a batch of events, oldest first, tracked by the last one's seq. */
const item = (batch: PublishedEvent[]) =>
  tracked(String(batch[batch.length - 1].seq), batch.map(envelope) satisfies DeskEventBatch);

export async function* liveFeed(opts: {
  desk: Desk;
  audience: string;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
  socket: WebSocket | null;
  /** Only the events this keeps are sent (a follow of one dialog, ./follow-feed.ts); absent: all. */
  keep?: (event: PublishedEvent) => boolean;
}) {
  const { desk, audience, signal, socket, keep } = opts;
  const buffered: PublishedEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = desk.ctx.bus.subscribe(audience, (event) => {
    if (keep && !keep(event)) return;
    buffered.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const resumeFrom = Number(opts.lastEventId);
    let last = opts.lastEventId && Number.isFinite(resumeFrom) ? resumeFrom : desk.ctx.bus.lastSeq;
    if (opts.lastEventId) {
      if (!desk.housekeeping.canResumeAfter(last)) {
        // Not a 5xx, so the client does not retry the same id: it must reload its state.
        throw new TRPCError({
          code: 'PRECONDITION_FAILED',
          message: 'event history since lastEventId has expired: reload the snapshot',
        });
      }
      for (;;) {
        const page = await desk.eventsAfter(audience, last, REPLAY_PAGE);
        const kept = keep ? page.filter(keep) : page;
        for (let from = 0; from < kept.length; from += MAX_BATCH) {
          const batch = kept.slice(from, from + MAX_BATCH);
          last = batch[batch.length - 1].seq;
          yield item(batch);
        }
        // The next page starts after this one, whether or not its last events were kept.
        if (page.length > 0) last = page[page.length - 1].seq;
        if (page.length < REPLAY_PAGE) break;
      }
    }
    while (!signal?.aborted) {
      while (buffered.length > 0) {
        // Live events the replay already sent are dropped here. An ephemeral event (a typing
        // signal) has no seq of its own, as it is never stored: it takes the seq of the event
        // before it, so the item's id stays a place to resume from, and a resume never repeats it.
        const batch: PublishedEvent[] = [];
        for (const event of buffered.splice(0, MAX_BATCH)) {
          if (event.ephemeral) batch.push({ ...event, seq: last });
          else if (event.seq > last) {
            batch.push(event);
            last = event.seq;
          }
        }
        if (batch.length === 0) continue;
        // A client that stopped reading is cut off here rather than at the send: it resumes by id.
        if (socket && backedUp(socket)) {
          socket.terminate();
          return;
        }
        yield item(batch);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
