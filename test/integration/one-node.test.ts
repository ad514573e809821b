// Issue 12 §7: one server per PostgreSQL schema until several nodes are supported. Two servers on
// one schema both used to run, and then contacts got two open conversations, dialogs were held on
// both, webhooks went out twice. Now the second is refused with a clear message, as a second
// server on one SQLite data directory is; and a server that loses its lock stops writing.
import fs from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import { startServer, type RunningServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { NodeLockLost, nodeLockName, PostgresStore } from '../../server/store/postgres-store';
import type { Store } from '../../server/store/store';
import { dropSchema, freshSchemaName, terminateConnections } from '../helpers/postgres-schema';
import { POSTGRES_URL_KEY } from '../helpers/postgres-url';
import { ADMIN_PASSWORD, tempDataDir } from '../helpers/server';
import { ServerProcess } from '../helpers/server-process';

const url = inject(POSTGRES_URL_KEY);
const running: RunningServer[] = [];
const schemas: string[] = [];
const dataDirs: string[] = [];

function schema(): string {
  const name = freshSchemaName();
  schemas.push(name);
  return name;
}

async function serverOn(
  databaseSchema: string,
  opts: { onFatal?: (error: unknown) => void; wrapStore?: (store: Store) => Store } = {},
): Promise<RunningServer> {
  const data = tempDataDir();
  dataDirs.push(data);
  const config = loadConfig({
    env: {},
    flags: {
      port: 0,
      logLevel: 'silent',
      adminPassword: ADMIN_PASSWORD,
      store: 'postgres',
      databaseUrl: url,
      databaseSchema,
      data,
    },
  });
  const server = await startServer(config, {
    log: pino({ level: 'silent' }),
    onFatal:
      opts.onFatal ??
      ((error) => {
        throw error;
      }),
    wrapStore: opts.wrapStore,
  });
  running.push(server);
  return server;
}

async function close(server: RunningServer): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

async function admin(server: RunningServer) {
  let token: string | null = null;
  const client = httpApiClient(server.url, () => token);
  token = (await client.auth.login.mutate({ login: 'admin', password: ADMIN_PASSWORD })).token;
  return client;
}

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  for (const name of schemas.splice(0)) await dropSchema(url, name);
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('one server per PostgreSQL schema', () => {
  it('refuses a second server on a schema, names it and says what to do; another schema is free', async () => {
    const shared = schema();
    const first = await serverOn(shared);
    await expect(serverOn(shared)).rejects.toThrow(
      `PostgreSQL schema ${shared} is in use by another textdesk server: stop that one, or give this one its own schema (TEXTDESK_DATABASE_SCHEMA)`,
    );
    const elsewhere = await serverOn(schema());
    expect((await fetch(`${elsewhere.url}/healthz`)).status).toBe(200);
    // The refused start left the first server untouched.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('lets a new server take the schema, and its data, once the first has closed', async () => {
    const shared = schema();
    const first = await serverOn(shared);
    await (await admin(first)).admin.createQueue.mutate({ id: 'sales', name: 'Sales' });
    await close(first);
    const next = await serverOn(shared);
    expect((await (await admin(next)).admin.listQueues.query()).map((q) => q.id)).toContain('sales');
  });

  it('the real binary refuses with one line on stderr and exit code 1', async () => {
    const shared = schema();
    await serverOn(shared);
    const dataDir = tempDataDir();
    dataDirs.push(dataDir);
    const started = ServerProcess.start({
      dataDir,
      env: {
        TEXTDESK_STORE: 'postgres',
        TEXTDESK_DATABASE_URL: url,
        TEXTDESK_DATABASE_SCHEMA: shared,
        TEXTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
    });
    await expect(started).rejects.toThrow(
      new RegExp(
        `exited \\(code 1, signal null\\) before listening:\\n` +
          `textdesk server: could not start: PostgreSQL schema ${shared} is in use by another textdesk server`,
      ),
    );
  });

  it('a server whose lock connection drops stops at once, and writes nothing more meanwhile', async () => {
    const shared = schema();
    const fatal: unknown[] = [];
    let toldFatal!: () => void;
    const stopped = new Promise<void>((resolve) => (toldFatal = resolve));
    let store: PostgresStore | undefined;
    const first = await serverOn(shared, {
      onFatal: (error) => {
        fatal.push(error);
        toldFatal();
      },
      wrapStore: (opened) => {
        store = opened as PostgresStore;
        return opened;
      },
    });
    const firstAdmin = await admin(first);
    expect(await terminateConnections(url, nodeLockName(shared))).toBe(1);
    expect(await store!.nodeLockLost).toBeInstanceOf(NodeLockLost);
    // The fatal path ran without waiting for a commit (in production it ends the process).
    await stopped;
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBeInstanceOf(NodeLockLost);
    expect((fatal[0] as Error).message).toMatch(`lost the lock on PostgreSQL schema ${shared}`);

    // The schema is free for another server now; until the process is gone, the first must not write to it.
    const second = await serverOn(shared);
    await expect(firstAdmin.admin.createQueue.mutate({ id: 'late', name: 'Late' })).rejects.toThrow();
    expect(fatal).toHaveLength(2);
    expect(fatal[1]).toBeInstanceOf(NodeLockLost);
    expect((await (await admin(second)).admin.listQueues.query()).map((q) => q.id)).not.toContain('late');
  });
});
