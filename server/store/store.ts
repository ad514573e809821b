// The persistence interface the rest of the server sees. Writes are batches of prepared
// statements committed atomically; reads are prepared queries. Implementations: SQLite (embedded,
// sqlite-store.ts) and PostgreSQL (scale-out, postgres-store.ts).
import type { SqlDialect } from './dialect';
import type { PreparedQuery } from './prepared';
import type { Queries } from './queries';

export interface WriteOp {
  query: PreparedQuery<object, unknown>;
  args: object;
}

export interface Store {
  readonly dialect: SqlDialect;
  readonly q: Queries;
  /**
   * Runs the ops in one transaction and resolves once they are durable. Commits made in the
   * same event-loop tick share one disk sync (group commit); each stays atomic on its own, so a
   * failing commit rolls back only itself. Resolves with the rows each op returned.
   */
  commit(ops: WriteOp[]): Promise<unknown[][]>;
  all<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R[]>;
  get<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R | undefined>;
  close(): Promise<void>;
}

/**
 * The store refused a write for what it was asked to write, not for a failure of its own: a
 * unique or foreign-key constraint (the caller's input conflicts with data), or a DataError.
 * Nothing of the refused commit was stored, and the store goes on working.
 */
export class ConstraintError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A value the store cannot hold (PostgreSQL's SQLSTATE class 22, e.g. NUL in text; SQLite's
 * SQLITE_TOOBIG or SQLITE_MISMATCH). The text rule at the edge (shared/text-rules.ts) should keep
 * such values out; when one gets through it is refused like a constraint, never an I/O failure.
 * Reads raise it too (a look-up by such a value).
 */
export class DataError extends ConstraintError {}
