// A change set gathers every write of one command (rows, events, outbox entries) so they commit
// atomically; only after the commit are events published and deliveries started, so nothing a
// client sees can be lost by a crash. What a failed commit means is decided here, for every
// command (see commit()).
import type { DeskEvent } from '../../shared/schemas';
import type { EventBus } from '../events/bus';
import type { PreparedQuery } from '../store/prepared';
import { ConstraintError, type WriteOp } from '../store/store';
import type { DeskContext } from './context';

type AfterCommit = (rows: unknown[]) => void;

/**
 * When a command changes the desk's memory (router, book, directory, caches), relative to its
 * commit. Every command says which, because that decides what a failed commit means:
 * - 'memory-first': memory already holds the change when the commit runs (e.g. the router has
 *   decided assignments), so any failure leaves memory ahead of the disk.
 * - 'disk-first': memory is changed only after the commit went through, so a write the store
 *   refuses (a ConstraintError) leaves nothing to undo.
 */
export type MemoryOrder = 'memory-first' | 'disk-first';

export class ChangeSet {
  readonly ops: WriteOp[] = [];
  private readonly callbacks: Array<{ index: number; run: AfterCommit }> = [];
  private readonly finished: Array<() => void> = [];

  constructor(
    private readonly ctx: Pick<DeskContext, 'store' | 'onFatal'>,
    readonly at: number,
    private readonly order: MemoryOrder,
  ) {}

  write<A extends object>(query: PreparedQuery<A, unknown>, args: A, afterCommit?: AfterCommit): void {
    if (afterCommit) this.callbacks.push({ index: this.ops.length, run: afterCommit });
    this.ops.push({ query, args });
  }

  /** Records an event for `operatorId` (null: supervisors only) and publishes it once committed. */
  event(bus: EventBus, operatorId: string | null, event: DeskEvent, conversationId: string | null = null): void {
    this.write(
      this.ctx.store.q.insertEvent,
      {
        at: this.at,
        type: event.type,
        operator_id: operatorId,
        conversation_id: conversationId,
        payload: JSON.stringify(event),
      },
      (rows) => bus.publish({ seq: (rows[0] as { seq: number }).seq, at: this.at, operatorId, event }),
    );
  }

  /** Runs `fn` once everything in the set is durable (e.g. a push to a live socket). */
  afterCommit(fn: () => void): void {
    this.finished.push(fn);
  }

  get isEmpty(): boolean {
    return this.ops.length === 0;
  }

  /**
   * Commits the set. A refused write (ConstraintError) of a 'disk-first' command goes back to
   * the caller, memory unchanged. Anything else is fatal (ctx.onFatal, then rethrown): a
   * 'memory-first' command's memory is ahead of the disk, and an I/O failure means the store
   * can no longer be trusted with what it acknowledged, whichever order the command used.
   */
  async commit(): Promise<void> {
    if (this.ops.length === 0) return;
    let rows: unknown[][];
    try {
      rows = await this.ctx.store.commit(this.ops);
    } catch (error) {
      if (!(error instanceof ConstraintError && this.order === 'disk-first')) this.ctx.onFatal(error);
      throw error;
    }
    for (const callback of this.callbacks) callback.run(rows[callback.index]);
    for (const fn of this.finished) fn();
  }
}
