// A real store whose next matching commit fails on demand, as a broken disk (an I/O error) or a
// refused write (a ConstraintError, or a DataError for a value the store cannot hold) would, plus a real server started on it. Reads and all other
// commits go to the real SQLite store underneath.
import fs from 'node:fs';
import pino from 'pino';
import type { ApiClient } from '../../cli/api-client';
import { startServer, type RunningServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { PreparedQuery } from '../../server/store/prepared';
import { ConstraintError, DataError, type Store, type WriteOp } from '../../server/store/store';
import { ADMIN_PASSWORD, loggedInHttpClient, tempDataDir } from './server';

export type Failure = 'io' | 'constraint' | 'data';

export class FailingStore implements Store {
  private armed: { failure: Failure; query: PreparedQuery<object, unknown>; error: Error } | null = null;

  constructor(private readonly inner: Store) {}

  get dialect() {
    return this.inner.dialect;
  }

  get q() {
    return this.inner.q;
  }

  /** Makes the next commit that contains `query` fail with `failure`; returns the error it will throw. */
  failNextCommitOf(query: PreparedQuery<object, unknown>, failure: Failure): Error {
    const error =
      failure === 'io'
        ? Object.assign(new Error('disk I/O error (injected)'), { code: 'SQLITE_IOERR' })
        : failure === 'data'
          ? new DataError('invalid byte sequence for encoding "UTF8": 0x00 (injected)')
          : new ConstraintError('UNIQUE constraint failed (injected)');
    this.armed = { failure, query, error };
    return error;
  }

  /** Whether the armed failure has not been used yet. */
  get isArmed(): boolean {
    return this.armed !== null;
  }

  commit(ops: WriteOp[]): Promise<unknown[][]> {
    const armed = this.armed;
    if (armed && ops.some((op) => op.query === armed.query)) {
      this.armed = null;
      return Promise.reject(armed.error);
    }
    return this.inner.commit(ops);
  }

  all<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R[]> {
    return this.inner.all(query, args);
  }

  get<A extends object, R>(query: PreparedQuery<A, R>, args: A): Promise<R | undefined> {
    return this.inner.get(query, args);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface ServerOnFailingStore {
  server: RunningServer;
  store: FailingStore;
  admin: ApiClient;
  /** Every error the server treated as fatal (a real server would have stopped at the first). */
  fatal: unknown[];
  close(): Promise<void>;
}

/** The real server on a temp SQLite directory; its onFatal records instead of exiting. */
export async function startServerOnFailingStore(): Promise<ServerOnFailingStore> {
  const dataDir = tempDataDir();
  const config = loadConfig({
    env: {},
    flags: { port: 0, logLevel: 'silent', adminPassword: ADMIN_PASSWORD, data: dataDir },
  });
  const fatal: unknown[] = [];
  const server = await startServer(config, {
    log: pino({ level: 'silent' }),
    onFatal: (error) => fatal.push(error),
    statsIntervalMs: null,
    wrapStore: (opened) => new FailingStore(opened),
  });
  const store = server.desk.ctx.store;
  if (!(store instanceof FailingStore)) throw new Error('the server did not use the wrapped store');
  const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  return {
    server,
    store,
    admin,
    fatal,
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
