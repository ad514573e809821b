// The PostgreSQL store's answers to writes it cannot take (issue 12 §2): a value PostgreSQL cannot
// hold is a DataError — a refused write, like a constraint — never an I/O failure that stops the
// server; the rest of the batch commits and the store goes on. And it refuses a database whose
// encoding cannot hold every character the text rule lets in.
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { PostgresStore } from '../../server/store/postgres-store';
import { ConstraintError, DataError, type WriteOp } from '../../server/store/store';
import { dropSchema, freshSchemaName, runSql } from '../helpers/postgres-schema';
import { POSTGRES_URL_KEY } from '../helpers/postgres-url';

const url = inject(POSTGRES_URL_KEY);
let schema: string;
let store: PostgresStore;

beforeEach(async () => {
  schema = freshSchemaName();
  store = await PostgresStore.open(url, schema);
});

afterEach(async () => {
  await store.close();
  await dropSchema(url, schema);
});

const customer = (id: string, name: string): WriteOp => ({
  query: store.q.insertCustomer,
  args: { id, name, email: null, phone: null, created_at: 1 },
});
const event = (type: string): WriteOp => ({
  query: store.q.insertEvent,
  args: { at: 1, type, operator_id: null, conversation_id: null, payload: '{}' },
});

describe('PostgresStore and values it cannot hold', () => {
  it('refuses NUL in text as a DataError (a kind of refused write), undoing only that commit', async () => {
    const outcomes = await Promise.allSettled([
      store.commit([customer('before', 'Ann')]),
      store.commit([event('undone'), customer('nul', 'Bo\0b')]),
      store.commit([customer('after', 'Cy')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(DataError);
    expect(refusal).toBeInstanceOf(ConstraintError);
    expect((refusal as DataError & { cause: { code: string } }).cause.code).toBe('22021');
    expect(await store.get(store.q.customerById, { id: 'nul' })).toBeUndefined();
    expect(await store.all(store.q.eventsAfter, { after: 0, limit: 10 })).toEqual([]);
    expect(await store.get(store.q.customerById, { id: 'after' })).toMatchObject({ name: 'Cy' });
  });

  it('keeps working after the refusal, as often as it comes (no poison write)', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(store.commit([customer('nul', '\0')])).rejects.toBeInstanceOf(DataError);
    }
    await store.commit([customer('fine', 'Fine')]);
    expect(await store.get(store.q.customerById, { id: 'fine' })).toMatchObject({ name: 'Fine' });
  });

  it('answers a look-up by such a value with a DataError too', async () => {
    await expect(store.get(store.q.customerById, { id: 'a\0' })).rejects.toBeInstanceOf(DataError);
  });
});

describe('PostgresStore and the database encoding', () => {
  const latin1 = freshSchemaName().replace('td_test_', 'td_test_latin1_');

  afterAll(async () => {
    await runSql(url, `DROP DATABASE IF EXISTS ${latin1}`);
  });

  it('refuses to open a database that cannot hold every character (LATIN1), saying what to do', async () => {
    await runSql(url, `CREATE DATABASE ${latin1} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`);
    const latin1Url = new URL(url);
    latin1Url.pathname = `/${latin1}`;
    await expect(PostgresStore.open(latin1Url.toString(), 'public')).rejects.toThrow(
      /uses encoding LATIN1, which cannot hold every character customers write: create it with ENCODING 'UTF8'/,
    );
  });
});

describe('PostgresStore after close', () => {
  it('answers a late commit with a clear error instead of leaving it waiting or rejecting unheard', async () => {
    const lateSchema = freshSchemaName();
    const late = await PostgresStore.open(url, lateSchema);
    const closing = late.close();
    const refused = expect(
      late.commit([
        { query: late.q.insertCustomer, args: { id: 'late', name: null, email: null, phone: null, created_at: 1 } },
      ]),
    ).rejects.toThrow(/the store is closed: the server is stopping/);
    await closing;
    await refused;
    await dropSchema(url, lateSchema);
  });
});
