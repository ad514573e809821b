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

/** A unique or foreign-key constraint refused a write: the caller's input conflicts with data. */
export class ConstraintError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
