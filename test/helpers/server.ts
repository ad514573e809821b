// Starts the real server on a loopback port with a temp SQLite directory, plus an admin client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { startServer, type RunningServer } from '../../server/app';
import { loadConfig, type ServerConfig } from '../../server/config';
import type { Clock } from '../../server/domain/clock';
import { POSTGRES_URL_KEY } from './postgres-url';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  admin: ApiClient;
  /**
   * Stops the server and starts a new one on the same data directory or schema; `server` and
   * `admin` then name it. `whileStopped` runs in between (a test acting during an outage).
   */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** `adapters`: the channel kinds to run, when a test adds one of its own (test/providers/). */
export type TestServerOptions = Pick<
  NonNullable<Parameters<typeof startServer>[1]>,
  'dictionaries' | 'adapters' | 'timer'
>;

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-test-'));
}

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  clock?: Clock,
  opts: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = overrides.data ?? tempDataDir();
  // Each PostgreSQL test server gets a schema of its own, dropped on close.
  const schema = overrides.store === 'postgres' ? `td_test_${randomBytes(6).toString('hex')}` : undefined;
  // On the run's PostgreSQL, which the global setup chose (test/helpers/postgres-global-setup.ts).
  const postgres = schema ? { databaseUrl: inject(POSTGRES_URL_KEY), databaseSchema: schema } : undefined;
  const config = loadConfig({
    env: {},
    flags: { port: 0, logLevel: 'silent', adminPassword: ADMIN_PASSWORD, ...postgres, ...overrides, data: dataDir },
  });
  const start = () =>
    startServer(config, {
      clock,
      log: pino({ level: 'silent' }),
      onFatal: (error) => {
        throw error;
      },
      ...opts,
    });
  const server = await start();
  const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  const running: TestServer = {
    server,
    dataDir,
    admin,
    async restart(whileStopped) {
      await running.server.close();
      await whileStopped?.();
      running.server = await start();
      running.admin = await loggedInHttpClient(running.server.url, 'admin', ADMIN_PASSWORD);
    },
    async close() {
      await running.server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (postgres) await dropSchema(postgres.databaseUrl, postgres.databaseSchema);
    },
  };
  return running;
}

export async function loggedInHttpClient(url: string, login: string, password: string): Promise<ApiClient> {
  let token: string | null = null;
  const client = httpApiClient(url, () => token);
  token = (await client.auth.login.mutate({ login, password })).token;
  return client;
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
