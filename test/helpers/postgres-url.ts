// Which PostgreSQL the tests use. The global setup (postgres-global-setup.ts) decides once per test
// run — the requested server if one answers, else an embedded one — and provides the URL to every
// test file; tests read it with `inject(POSTGRES_URL_KEY)` (test/helpers/server.ts does).
// This module has no runtime import of vitest: the global setup runs outside the test workers.

/** The local PostgreSQL every machine of this project runs (trust auth, database `test`). */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The server a run is asked to use: `TEXTDESK_TEST_DATABASE_URL`, else the default. */
export function requestedTestDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEXTDESK_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** The key under which the global setup provides the URL the run uses. */
export const POSTGRES_URL_KEY = 'textdeskPostgresUrl';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL URL this test run uses: the requested server, or an embedded one. */
    [POSTGRES_URL_KEY]: string;
  }
}

/** A URL fit to print: the password, if any, replaced. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
