// Keeps a long-running server's tables from growing without end: events and delivered outbox
// entries older than the retention, expired sessions, providers' reports that never found their
// message, and files no message refers to (after
// their grace), are deleted periodically. A console
// that was away longer than the retention cannot resume its feed and must reload instead.
import type { Attachments } from '../attachments/attachments';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';

/** How long a provider's report waits for the outbox to record its message's id. */
export const EARLY_REPORT_TTL_MS = 24 * 60 * 60 * 1000;

export class Housekeeping {
  private timer: NodeJS.Timeout | null = null;
  /** Event ids at or below this are gone; resuming from before it would silently miss events. */
  oldestKeptSeq = 0;

  constructor(
    private readonly ctx: DeskContext,
    private readonly retentionMs: number,
    /** Files no message refers to go once their grace is over. */
    private readonly files: Pick<Attachments, 'sweep'>,
  ) {}

  start(intervalMs = 60 * 60 * 1000): void {
    this.timer = setInterval(() => {
      // A refused sweep is tried again next time; a fatal one has already gone to ctx.onFatal.
      this.sweep().catch((error: unknown) => this.ctx.log.error({ err: error }, 'housekeeping sweep failed'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    const { store, clock } = this.ctx;
    const now = clock.now();
    const changes = new ChangeSet(this.ctx, now, 'disk-first');
    changes.write(store.q.deleteEventsBefore, { before: now - this.retentionMs });
    changes.write(store.q.deleteDeliveredOutboxBefore, { before: now - this.retentionMs });
    changes.write(store.q.deleteExpiredSessions, { now });
    // A provider's report that never found its message (sent by another tool, or an earlier part).
    changes.write(store.q.deleteEarlyReportsBefore, { before: now - EARLY_REPORT_TTL_MS });
    await changes.commit();
    this.oldestKeptSeq = (await store.get(store.q.firstEventSeq, {}))?.seq ?? this.ctx.bus.lastSeq + 1;
    await this.files.sweep();
  }

  /** Whether a feed can resume after `lastSeq` with nothing missing. */
  canResumeAfter(lastSeq: number): boolean {
    return lastSeq + 1 >= this.oldestKeptSeq;
  }
}
