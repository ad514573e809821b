// The scale-out store: PostgreSQL through node-postgres, with the same contract as the embedded
// one. Commits requested while a batch is being written join the next batch, which runs in one
// transaction (one WAL flush) with a savepoint per commit; batches run one at a time so event
// sequence numbers are assigned in commit order. One server per schema: the node lock below.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { dialect } from './dialect';
import { MIGRATIONS } from './migrations';
import { settleBatch, type CommitOutcome, type PendingCommit } from './group-commit';
import { bind, type PreparedQuery } from './prepared';
import { createQueries, type Queries } from './queries';
import { ConstraintError, DataError, type Store, type WriteOp } from './store';

// Times and sequences are BIGINT; they fit in a double, and the rest of the code wants numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Serialises migrations when several nodes start at once. */
const MIGRATION_LOCK = 7_231_977;

/** Encodings that hold every string the desk's text rule lets in (shared/text-rules.ts). */
const FULL_ENCODINGS = ['UTF8', 'SQL_ASCII'];

/** Every commit after the node lock's connection dropped fails with this: another server may hold the schema now. */
export class NodeLockLost extends Error {}

export class PostgresStore implements Store {
  readonly dialect = dialect('postgres');
  readonly q: Queries = createQueries(this.dialect.builder);
  private pending: PendingCommit[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  /**
   * Settles if this server stops holding its schema (the node lock's connection dropped). Every
   * commit fails from then on; the composition root should also stop the server at once.
   */
  readonly nodeLockLost: Promise<NodeLockLost>;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly lock: NodeLock,
  ) {
    this.nodeLockLost = lock.whenLost;
    // An idle pooled connection that fails is the pool's to replace; a lost database shows in the
    // next query and in the node lock. Without a listener the pool's 'error' would stop the process.
    pool.on('error', () => undefined);
  }

  /**
   * `schema` isolates one installation (or one test) inside a shared database. Refuses to open a
   * schema another server holds (see NodeLock), and a database whose encoding cannot hold all text.
   */
  static async open(connectionString: string, schema = 'public'): Promise<PostgresStore> {
    const lock = await NodeLock.take(connectionString, schema);
    const pool = new pg.Pool({
      connectionString,
      max: 8,
      options: `-c search_path=${schema}`,
      client_encoding: 'UTF8',
    });
    const store = new PostgresStore(pool, lock);
    try {
      await store.migrate(schema);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  commit(ops: WriteOp[]): Promise<unknown[][]> {
    const lost = this.lock.lostError;
    if (lost) return Promise.reject(lost);
    // A late write of a stopping server (an outbox outcome in flight) gets an answer, not a hang.
    if (this.closed) return Promise.reject(new Error('the store is closed: the server is stopping'));
    return new Promise((resolve, reject) => {
      this.pending.push({ ops, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  async all<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R[]> {
    try {
      return (await this.pool.query({ text: query.sql, values: bind(query, args) })).rows as R[];
    } catch (error) {
      throw translate(error);
    }
  }

  async get<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R | undefined> {
    return (await this.all(query, args))[0];
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.pool.end();
    // Last, so no write of this server can land after another has taken the schema.
    await this.lock.release();
  }

  private async flushLoop(): Promise<void> {
    // Let the rest of this tick's commits join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await this.flush(batch);
    }
    this.flushing = null;
  }

  private async flush(batch: PendingCommit[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      // No connection to be had: each commit of the batch hears it, none is left waiting.
      for (const item of batch) item.reject(translate(error));
      return;
    }
    const outcomes: CommitOutcome[] = [];
    try {
      await client.query('BEGIN');
      for (const item of batch) {
        await client.query('SAVEPOINT one_commit');
        try {
          const rows: unknown[][] = [];
          for (const op of item.ops)
            rows.push((await client.query({ text: op.query.sql, values: bind(op.query, op.args) })).rows);
          await client.query('RELEASE SAVEPOINT one_commit');
          outcomes.push({ rows });
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT one_commit');
          outcomes.push({ error: translate(error) });
        }
      }
      // Lost meanwhile: another server may be writing this schema, so nothing of this batch may land.
      if (this.lock.lostError) throw this.lock.lostError;
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const item of batch) item.reject(error);
      return;
    } finally {
      client.release();
    }
    settleBatch(batch, outcomes);
  }

  private async migrate(schema: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const applied = new Set(
        (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
      );
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.id)) continue;
        for (const statement of migration.statements(this.dialect)) await client.query(statement);
        await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [
          migration.id,
          Date.now(),
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function translate(error: unknown): unknown {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  // 22xxx: data exceptions (e.g. 22021 NUL in text, 22P05 untranslatable character, 22003 out of range).
  if (code.startsWith('22')) return new DataError(message, { cause: error });
  // 23xxx: integrity constraint violations (unique, foreign key, not null).
  if (code.startsWith('23')) return new ConstraintError(message, { cause: error });
  return error;
}

/**
 * One server per schema until several nodes can share one (DESIGN.md, "Past one machine"): a
 * session-level advisory lock, keyed by the schema's name, held on a connection of its own for
 * the server's life, as SQLite's exclusive lock does for a data directory. PostgreSQL releases
 * it when that connection ends, however the server ends. If the connection drops while the
 * server runs, the lock is gone and another server may take the schema: from then on every
 * commit fails (so the desk's fatal path stops the server), and whenLost settles at once.
 */
class NodeLock {
  lostError: NodeLockLost | null = null;
  readonly whenLost: Promise<NodeLockLost>;
  private settleLost: (error: NodeLockLost) => void = () => undefined;
  private held = false;
  private released = false;

  private constructor(
    private readonly client: pg.Client,
    private readonly schema: string,
  ) {
    this.whenLost = new Promise((resolve) => (this.settleLost = resolve));
    client.on('error', (error) => this.drop(error));
    client.on('end', () => this.drop(new Error('the connection ended')));
  }

  static async take(connectionString: string, schema: string): Promise<NodeLock> {
    const client = new pg.Client({
      connectionString,
      // Notices a peer that vanished without closing (a cut network), not only a closed socket.
      keepAlive: true,
      // Lets an administrator see which connection holds a schema (pg_stat_activity).
      application_name: nodeLockName(schema),
    });
    const lock = new NodeLock(client, schema);
    try {
      await client.connect();
      await requireFullEncoding(client);
      const taken = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1) AS taken', [
        nodeLockKey(schema),
      ]);
      if (!taken.rows[0].taken)
        throw new Error(
          `PostgreSQL schema ${schema} is in use by another textdesk server: stop that one, or give this one its own schema (TEXTDESK_DATABASE_SCHEMA); several servers on one schema are not supported yet`,
        );
      lock.held = true;
    } catch (error) {
      await lock.release();
      throw error;
    }
    return lock;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.client.end().catch(() => undefined);
  }

  private drop(cause: Error): void {
    if (!this.held || this.released || this.lostError) return;
    this.lostError = new NodeLockLost(
      `lost the lock on PostgreSQL schema ${this.schema} (${cause.message}): another server may be using it now`,
      { cause },
    );
    this.settleLost(this.lostError);
  }
}

/** A 64-bit advisory-lock key from the schema's name; other users of advisory locks in the
 * database would need to pick the same 64-bit number by chance. */
export function nodeLockKey(schema: string): string {
  return createHash('sha256').update(`textdesk node ${schema}`).digest().readBigInt64BE(0).toString();
}

/** The application_name of the connection that holds a schema's node lock. */
export function nodeLockName(schema: string): string {
  return `textdesk node lock ${schema}`;
}

/** Every string the text rule accepts must be storable: any other encoding would refuse some
 * characters (SQLSTATE 22P05) in the middle of a commit. */
async function requireFullEncoding(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ server_encoding: string }>('SHOW server_encoding');
  const encoding = rows[0].server_encoding;
  if (!FULL_ENCODINGS.includes(encoding))
    throw new Error(
      `the PostgreSQL database uses encoding ${encoding}, which cannot hold every character customers write: create it with ENCODING 'UTF8' (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)`,
    );
}
