// What both stores share about group commit: a commit waiting for the next batch, how each one
// ended, and answering every caller once the batch is durable.
import type { WriteOp } from './store';

export interface PendingCommit {
  ops: WriteOp[];
  resolve: (rows: unknown[][]) => void;
  reject: (error: unknown) => void;
}

/** Rows for a commit that went through, or why its savepoint was rolled back. */
export type CommitOutcome = { rows: unknown[][] } | { error: unknown };

export function settleBatch(batch: readonly PendingCommit[], outcomes: readonly CommitOutcome[]): void {
  batch.forEach((item, i) => {
    const outcome = outcomes[i];
    if ('error' in outcome) item.reject(outcome.error);
    else item.resolve(outcome.rows);
  });
}
