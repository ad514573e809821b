// The embedded store: better-sqlite3 in WAL mode with synchronous=FULL. Writes go to a writer
// thread (sqlite-writer.mjs) that owns the only writing connection, so neither the statements
// nor the disk sync block the event loop; reads run here on a read-only connection, which WAL
// lets see every committed transaction without waiting for the writer.
//
// Group commit: commits requested in one event-loop tick, and all those requested while a
// batch is being written, go to the writer together as one transaction (one disk sync), each
// inside its own savepoint. One batch is in flight at a time, so a slow disk makes batches
// larger instead of queueing syncs, and event sequence numbers follow commit order. Callers'
// promises resolve only once their batch is on disk.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { dialect, SQLITE_PRAGMAS } from './dialect';
import { MIGRATIONS } from './migrations';
import { settleBatch, type CommitOutcome, type PendingCommit } from './group-commit';
import { bind, type PreparedQuery } from './prepared';
import { createQueries, type Queries } from './queries';
import { ConstraintError, type Store, type WriteOp } from './store';

type WriterOutcome = { rows: unknown[][] } | { error: { message: string; constraint: boolean } };
type WriterReply = { outcomes: WriterOutcome[] } | { failed: { message: string; code?: string } };

// The writer sits next to this module in the sources and next to the chunks in the bundle.
const WRITER = new URL('./sqlite-writer.mjs', import.meta.url);

export class SqliteStore implements Store {
  readonly dialect = dialect('sqlite');
  readonly q: Queries = createQueries(this.dialect.builder);
  private readonly db: BetterSqlite3.Database;
  private readonly writer: Worker;
  private readonly reads = new Map<string, BetterSqlite3.Statement>();
  /** Statement numbers the writer knows, by SQL. */
  private readonly writes = new Map<string, number>();
  private pending: PendingCommit[] = [];
  private inFlight: PendingCommit[] | null = null;
  private flushScheduled = false;
  private broken: Error | null = null;
  /** Waiting for every commit requested so far to be settled. */
  private drainWaiters: (() => void)[] = [];
  private closing = false;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new BetterSqlite3(file);
    for (const pragma of SQLITE_PRAGMAS) this.db.pragma(pragma);
    this.migrate();
    // This connection only reads: a write here would bypass group commit and the writer's lock.
    this.db.pragma('query_only = ON');
    this.writer = new Worker(WRITER, { workerData: { file, pragmas: SQLITE_PRAGMAS } });
    this.writer.unref();
    this.writer.on('message', (reply: WriterReply) => this.onReply(reply));
    this.writer.on('error', (error) => this.fail(error));
    this.writer.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`the SQLite writer thread exited (code ${code})`));
    });
  }

  static inDirectory(dataDir: string): SqliteStore {
    return new SqliteStore(path.join(dataDir, 'textdesk.db'));
  }

  commit(ops: WriteOp[]): Promise<unknown[][]> {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      this.pending.push({ ops, resolve, reject });
      // Let the rest of this tick's commits join; a batch in flight takes the next ones on reply.
      if (!this.flushScheduled && !this.inFlight) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          if (!this.inFlight) this.send();
        });
      }
    });
  }

  async all<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R[]> {
    return this.read(query.sql).all(...bind(query, args)) as R[];
  }

  async get<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R | undefined> {
    return this.read(query.sql).get(...bind(query, args)) as R | undefined;
  }

  async close(): Promise<void> {
    if (this.inFlight || this.pending.length > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.closing = true;
    const exited = new Promise((resolve) => this.writer.once('exit', resolve));
    this.writer.ref();
    this.writer.postMessage({ close: true });
    await exited;
    this.db.close();
  }

  /** Hands every pending commit to the writer as one batch. */
  private send(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.inFlight = batch;
    const fresh: string[] = [];
    const commits = batch.map((item) =>
      item.ops.map((op) => {
        let index = this.writes.get(op.query.sql);
        if (index === undefined) {
          index = this.writes.size;
          this.writes.set(op.query.sql, index);
          fresh.push(op.query.sql);
        }
        return [index, bind(op.query, op.args)];
      }),
    );
    if (fresh.length > 0) this.writer.postMessage({ sql: fresh });
    // Referenced only while a batch is out, so an idle store never keeps the process alive.
    this.writer.ref();
    this.writer.postMessage({ commits });
  }

  private onReply(reply: WriterReply): void {
    const batch = this.inFlight!;
    this.inFlight = null;
    if (this.pending.length > 0) this.send();
    else this.writer.unref();
    this.settle(batch, reply);
    if (!this.inFlight && this.pending.length === 0) this.drained();
  }

  private settle(batch: PendingCommit[], reply: WriterReply): void {
    if ('failed' in reply) {
      const error = Object.assign(new Error(`SQLite commit failed: ${reply.failed.message}`), { code: reply.failed.code });
      for (const item of batch) item.reject(error);
      return;
    }
    const outcomes: CommitOutcome[] = reply.outcomes.map((outcome) =>
      'rows' in outcome ? outcome : { error: outcome.error.constraint ? new ConstraintError(outcome.error.message) : new Error(outcome.error.message) },
    );
    settleBatch(batch, outcomes);
  }

  /** The writer is gone: nothing pending can become durable, and nothing new can. */
  private fail(error: Error): void {
    this.broken = error;
    const lost = [...(this.inFlight ?? []), ...this.pending];
    this.inFlight = null;
    this.pending = [];
    for (const item of lost) item.reject(error);
    this.drained();
  }

  private drained(): void {
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private read(sql: string): BetterSqlite3.Statement {
    let statement = this.reads.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.reads.set(sql, statement);
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
