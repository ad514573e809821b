// A data directory's SQLite file opened for reading only, for tools that work beside a stopped
// server (`textdesk forecast --data`). It never migrates or writes; while a server runs it holds
// the file's exclusive lock (dialect.ts), and opening is refused with what to do instead.
import path from 'node:path';
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { dialect } from './dialect';
import { bind, type PreparedQuery } from './prepared';
import type { HistoryReader } from './forecast-queries';

export class ReadOnlySqlite implements HistoryReader {
  readonly dialect = dialect('sqlite');
  private readonly db: BetterSqlite3.Database;

  constructor(dataDir: string) {
    const file = path.join(dataDir, 'textdesk.db');
    if (!fs.existsSync(file)) throw new Error(`no textdesk database in ${dataDir} (expected ${file})`);
    this.db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 0 });
    try {
      this.db.prepare('SELECT count(*) FROM schema_migrations').get();
    } catch (error) {
      this.db.close();
      const code = (error as { code?: string }).code ?? '';
      if (code === 'SQLITE_BUSY') {
        throw new Error(
          `${file} is in use by a running server: stop it first (reading beside a running server is not built yet)`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  async all<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R[]> {
    return this.db.prepare(query.sql).all(...bind(query, args)) as R[];
  }

  close(): void {
    this.db.close();
  }
}
