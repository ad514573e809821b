// The scale-out store: PostgreSQL through node-postgres, with the same contract as the embedded
// one. Commits requested while a batch is being written join the next batch, which runs in one
// transaction (one WAL flush) with a savepoint per commit; batches run one at a time so event
// sequence numbers are assigned in commit order.
import pg from 'pg';
import { dialect } from './dialect';
import { MIGRATIONS } from './migrations';
import { settleBatch, type CommitOutcome, type PendingCommit } from './group-commit';
import { bind, type PreparedQuery } from './prepared';
import { createQueries, type Queries } from './queries';
import { ConstraintError, type Store, type WriteOp } from './store';

// Times and sequences are BIGINT; they fit in a double, and the rest of the code wants numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Serialises migrations when several nodes start at once. */
const MIGRATION_LOCK = 7_231_977;

export class PostgresStore implements Store {
  readonly dialect = dialect('postgres');
  readonly q: Queries = createQueries(this.dialect.builder);
  private pending: PendingCommit[] = [];
  private flushing: Promise<void> | null = null;

  private constructor(private readonly pool: pg.Pool) {}

  /** `schema` isolates one installation (or one test) inside a shared database. */
  static async open(connectionString: string, schema = 'public'): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString, max: 8, options: `-c search_path=${schema}` });
    const store = new PostgresStore(pool);
    await store.migrate(schema);
    return store;
  }

  commit(ops: WriteOp[]): Promise<unknown[][]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ops, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  async all<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R[]> {
    return (await this.pool.query({ text: query.sql, values: bind(query, args) })).rows as R[];
  }

  async get<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R | undefined> {
    return (await this.all(query, args))[0];
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.pool.end();
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
    const client = await this.pool.connect();
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
  // 23xxx: integrity constraint violations (unique, foreign key, not null).
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('23') ? new ConstraintError((error as Error).message, { cause: error }) : error;
}
