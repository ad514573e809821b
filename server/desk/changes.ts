// A change set gathers every write of one command (rows, events, outbox entries) so they commit
// atomically; only after the commit are events published and deliveries started, so nothing a
// client sees can be lost by a crash.
import type { DeskEvent } from '../../shared/schemas';
import type { EventBus } from '../events/bus';
import type { PreparedQuery } from '../store/prepared';
import type { Store, WriteOp } from '../store/store';

type AfterCommit = (rows: unknown[]) => void;

export class ChangeSet {
  readonly ops: WriteOp[] = [];
  private readonly callbacks: Array<{ index: number; run: AfterCommit }> = [];
  private readonly finished: Array<() => void> = [];

  constructor(
    private readonly store: Store,
    readonly at: number,
  ) {}

  write<A extends object>(query: PreparedQuery<A, any>, args: A, afterCommit?: AfterCommit): void {
    if (afterCommit) this.callbacks.push({ index: this.ops.length, run: afterCommit });
    this.ops.push({ query, args });
  }

  /** Records an event for `operatorId` (null: supervisors only) and publishes it once committed. */
  event(bus: EventBus, operatorId: string | null, event: DeskEvent, conversationId: string | null = null): void {
    this.write(
      this.store.q.insertEvent,
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

  async commit(): Promise<void> {
    if (this.ops.length === 0) return;
    const rows = await this.store.commit(this.ops);
    for (const callback of this.callbacks) callback.run(rows[callback.index]);
    for (const fn of this.finished) fn();
  }
}
