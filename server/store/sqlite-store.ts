// The embedded store: better-sqlite3 in WAL mode with synchronous=FULL. Every commit requested
// during one event-loop tick goes into a single transaction (one fsync), each inside its own
// savepoint, and the callers' promises resolve only after that transaction is on disk.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { dialect, SQLITE_PRAGMAS } from './dialect';
import { MIGRATIONS } from './migrations';
import { settleBatch, type CommitOutcome, type PendingCommit } from './group-commit';
import { bind, type PreparedQuery } from './prepared';
import { createQueries, type Queries } from './queries';
import { CAUGHT_UP_INDEXES } from './search-indexes';
import { ConstraintError, DataError, type Store, type WriteOp } from './store';

/** Shortest time between two disk syncs; a commit waits at most this long for company. */
const MIN_SYNC_INTERVAL_MS = 1;
/** A batch this large means commits are queueing up: time to pace. */
const BUSY_BATCH = 4;

export interface SqliteStoreOptions {
  /** Called after each group commit with when it began (performance.now()), how long it held
   * the event loop, disk sync included, and how many commits it carried. */
  onFlush?: (startedAt: number, ms: number, commits: number) => void;
}

export class SqliteStore implements Store {
  readonly dialect = dialect('sqlite');
  readonly q: Queries = createQueries(this.dialect.builder);
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private pending: PendingCommit[] = [];
  private lastFlushEnded = 0;
  private lastBatchSize = 0;
  /** Built once: called inside the batch transaction it runs as a savepoint. */
  private readonly commitOne: (ops: WriteOp[]) => unknown[][];
  private readonly commitBatch: (batch: PendingCommit[], outcomes: CommitOutcome[]) => void;
  private flushScheduled = false;

  constructor(
    file: string,
    private readonly opts: SqliteStoreOptions = {},
  ) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    // No busy wait: the only other user there can be is another server holding the lock.
    this.db = new BetterSqlite3(file, { timeout: 0 });
    try {
      for (const pragma of SQLITE_PRAGMAS) this.db.pragma(pragma);
    } catch (error) {
      this.db.close();
      if (sqliteCode(error) !== 'SQLITE_BUSY') throw error;
      throw new Error(`${file} is in use by another textdesk server: each server needs its own data directory`, {
        cause: error,
      });
    }
    this.migrate();
    const catchUp = CAUGHT_UP_INDEXES.flatMap((index) => this.dialect.fullText.catchUp(index)).map((sql) =>
      this.db.prepare(sql),
    );
    this.commitOne = this.db.transaction((ops: WriteOp[]) => ops.map((op) => this.run(op)));
    this.commitBatch = this.db.transaction((batch: PendingCommit[], outcomes: CommitOutcome[]) => {
      for (const item of batch) {
        try {
          // A nested transaction is a savepoint: a failing commit undoes only its own writes.
          outcomes.push({ rows: this.commitOne(item.ops) });
        } catch (error) {
          outcomes.push({ error: translate(error) });
        }
      }
      // The search index takes the batch's new messages in this same transaction (full-text.ts).
      for (const statement of catchUp) statement.run();
    });
  }

  static inDirectory(dataDir: string, opts: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(path.join(dataDir, 'textdesk.db'), opts);
  }

  commit(ops: WriteOp[]): Promise<unknown[][]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ops, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Under load (the last sync carried several commits), wait out the rest of a short
        // interval after it so the next sync covers every commit that arrives meanwhile: far
        // fewer syncs block the event loop. A lone commit on a quiet server goes at once.
        const sinceLast = performance.now() - this.lastFlushEnded;
        if (this.lastBatchSize < BUSY_BATCH || sinceLast >= MIN_SYNC_INTERVAL_MS) setImmediate(() => this.flush());
        else setTimeout(() => this.flush(), MIN_SYNC_INTERVAL_MS - sinceLast);
      }
    });
  }

  async all<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R[]> {
    return this.statement(query.sql).all(...bind(query, args)) as R[];
  }

  async get<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R | undefined> {
    return this.statement(query.sql).get(...bind(query, args)) as R | undefined;
  }

  async close(): Promise<void> {
    if (this.pending.length > 0) this.flush();
    this.db.close();
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    const outcomes: CommitOutcome[] = [];
    const startedAt = performance.now();
    try {
      this.commitBatch(batch, outcomes);
      this.lastFlushEnded = performance.now();
      this.lastBatchSize = batch.length;
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    this.opts.onFlush?.(startedAt, this.lastFlushEnded - startedAt, batch.length);
    settleBatch(batch, outcomes);
  }

  private run(op: WriteOp): unknown[] {
    const statement = this.statement(op.query.sql);
    const values = bind(op.query, op.args);
    if (statement.reader) return statement.all(...values);
    statement.run(...values);
    return [];
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set(
      (this.db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      this.db.transaction(() => {
        for (const statement of migration.statements(this.dialect)) this.db.exec(statement);
        this.db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, Date.now());
      })();
    }
  }
}

const sqliteCode = (error: unknown): string => (error as { code?: string }).code ?? '';

function translate(error: unknown): unknown {
  const code = sqliteCode(error);
  const message = (error as Error).message;
  if (code.startsWith('SQLITE_CONSTRAINT')) return new ConstraintError(message, { cause: error });
  // A value larger than the database allows, or of a type a column cannot take.
  if (code === 'SQLITE_TOOBIG' || code === 'SQLITE_MISMATCH') return new DataError(message, { cause: error });
  return error;
}
