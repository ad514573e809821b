// Live event feeds as tRPC subscriptions. A client that reconnects with lastEventId gets exactly
// what it missed: we subscribe to live events first, buffer them while replaying the stored
// events after lastEventId, then hand over, dropping anything already sent.
import { tracked, TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import type { DeskEventEnvelope } from '../../shared/schemas';
import type { Desk } from '../desk/desk';
import type { PublishedEvent } from '../events/bus';

const REPLAY_PAGE = 500;
/** The ws adapter never looks at the socket buffer; past this a slow client is cut off and resumes by id. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

const envelope = (e: PublishedEvent): DeskEventEnvelope => ({ ...e.event, seq: e.seq, at: e.at });

export async function* liveFeed(opts: {
  desk: Desk;
  audience: string;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
  socket: WebSocket | null;
}) {
  const { desk, audience, signal, socket } = opts;
  const buffered: PublishedEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = desk.ctx.bus.subscribe(audience, (event) => {
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
        throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'event history since lastEventId has expired: reload the snapshot' });
      }
      for (;;) {
        const page = await desk.eventsAfter(audience, last, REPLAY_PAGE);
        for (const event of page) {
          last = event.seq;
          yield tracked(String(event.seq), envelope(event));
        }
        if (page.length < REPLAY_PAGE) break;
      }
    }
    while (!signal?.aborted) {
      while (buffered.length > 0) {
        const event = buffered.shift()!;
        if (event.seq <= last) continue;
        last = event.seq;
        if (socket && socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          socket.terminate();
          return;
        }
        yield tracked(String(event.seq), envelope(event));
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
