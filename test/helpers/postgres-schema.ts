// Schemas and statements on the run's PostgreSQL for tests that open stores or servers on a schema
// of their choosing (test/helpers/server.ts picks and drops its own for startTestServer).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function freshSchemaName(): string {
  return `td_test_${randomBytes(6).toString('hex')}`;
}

/** Runs one statement on a connection of its own. */
export async function runSql<R extends pg.QueryResultRow = pg.QueryResultRow>(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  await runSql(databaseUrl, `DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
}

/** Ends the server-side session of every connection with this application_name (as a crash or cut network would). */
export async function terminateConnections(databaseUrl: string, applicationName: string): Promise<number> {
  const rows = await runSql<{ ended: boolean }>(
    databaseUrl,
    'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return rows.filter((r) => r.ended).length;
}
