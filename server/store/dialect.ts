// The one place that knows how SQLite and PostgreSQL differ: the query compiler Kysely builds
// with, and the column types and pragmas migrations need.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { postgresFullText, sqliteFullText, type FullTextEngine } from './full-text';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface SqlDialect {
  name: DialectName;
  /** Builds and compiles queries only; execution belongs to the store. */
  builder: Kysely<Database>;
  /** Epoch milliseconds do not fit PostgreSQL's 32-bit INTEGER. */
  timestamp: string;
  /** Monotonic sequence used as the events' tracked() id. */
  serialKey: string;
  real: string;
  /** A column of raw bytes (file contents). */
  bytes: string;
  /** A JSON object as TEXT from `'key', value` pairs (for data migrations). */
  jsonObject: (pairs: string) => string;
  /**
   * LIKE without regard to case: SQLite's LIKE already ignores ASCII case (and only that, so
   * callers look for other scripts in the spellings they expect); PostgreSQL's needs ILIKE.
   */
  likeAnyCase: 'LIKE' | 'ILIKE';
  /** Full-text search: FTS5 tables or tsvector GIN indexes (full-text.ts). */
  fullText: FullTextEngine;
}

function builderFor(name: DialectName): Kysely<Database> {
  const sqlite = name === 'sqlite';
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

export function dialect(name: DialectName): SqlDialect {
  return name === 'sqlite'
    ? {
        name,
        builder: builderFor(name),
        timestamp: 'INTEGER',
        serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
        real: 'REAL',
        bytes: 'BLOB',
        jsonObject: (pairs) => `json_object(${pairs})`,
        likeAnyCase: 'LIKE',
        fullText: sqliteFullText,
      }
    : {
        name,
        builder: builderFor(name),
        timestamp: 'BIGINT',
        serialKey: 'BIGSERIAL PRIMARY KEY',
        real: 'DOUBLE PRECISION',
        bytes: 'BYTEA',
        jsonObject: (pairs) => `json_build_object(${pairs})::text`,
        likeAnyCase: 'ILIKE',
        fullText: postgresFullText,
      };
}

/** SQLite settings: WAL with synchronous=FULL so an acknowledged commit survives power loss.
 * The server is the database's only user (everything else goes through its API), so it holds
 * the file's lock for its whole life: no lock system calls per read or commit (a look-up costs
 * a quarter as much), and a second server on the same data directory is refused at once.
 * Exclusive mode must come before WAL is entered, so the WAL index lives in memory. */
export const SQLITE_PRAGMAS = [
  'locking_mode = EXCLUSIVE',
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'temp_store = MEMORY',
];
