// The embedded store's contract on a real database file: group commit, rows returned per op, a failing commit undone alone, reads that see every settled commit, and
// close() that waits for everything already requested.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite-store';
import { ConstraintError, type WriteOp } from '../../server/store/store';
import { tempDataDir } from '../helpers/server';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = tempDataDir();
  store = SqliteStore.inDirectory(dir);
});

afterEach(async () => {
  await store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const customer = (id: string): WriteOp => ({
  query: store.q.insertCustomer,
  args: { id, name: `name ${id}`, email: null, phone: null, created_at: 1 },
});
const event = (type: string): WriteOp => ({
  query: store.q.insertEvent,
  args: { at: 1, type, operator_id: null, conversation_id: null, payload: '{}' },
});

describe('SqliteStore', () => {
  it('commits requested together in one batch, each with the rows its ops returned, in commit order', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.commit([customer(`c${i}`), event(`e${i}`)])));
    const seqs = results.map((rows) => (rows[1][0] as { seq: number }).seq);
    expect(results.every((rows) => rows[0].length === 0)).toBe(true);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(50);
    const stored = await store.all(store.q.eventsAfter, { after: 0, limit: 100 });
    expect(stored.map((e) => e.type)).toEqual(Array.from({ length: 50 }, (_, i) => `e${i}`));
  });

  it('rolls back only the failing commit of a batch and reports it as a constraint error', async () => {
    await store.commit([customer('taken')]);
    const outcomes = await Promise.allSettled([
      store.commit([customer('before')]),
      // The event would be written before the duplicate customer fails: it must be undone too.
      store.commit([event('undone'), customer('taken')]),
      store.commit([customer('after')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConstraintError);
    expect(await store.get(store.q.customerById, { id: 'before' })).toMatchObject({ name: 'name before' });
    expect(await store.get(store.q.customerById, { id: 'after' })).toMatchObject({ name: 'name after' });
    expect(await store.all(store.q.eventsAfter, { after: 0, limit: 10 })).toEqual([]);
  });

  it('keeps working after a failed commit, and reads see each commit as soon as it settles', async () => {
    await expect(store.commit([customer('x'), customer('x')])).rejects.toBeInstanceOf(ConstraintError);
    for (let i = 0; i < 5; i++) {
      await store.commit([customer(`seq${i}`)]);
      expect(await store.get(store.q.customerById, { id: `seq${i}` })).toBeDefined();
    }
  });

  it('close() waits for commits already requested, and a new store reads them from the file', async () => {
    const pending = Array.from({ length: 20 }, (_, i) => store.commit([customer(`late${i}`)]));
    await store.close();
    await Promise.all(pending);
    store = SqliteStore.inDirectory(dir);
    for (let i = 0; i < 20; i++) expect(await store.get(store.q.customerById, { id: `late${i}` })).toBeDefined();
  });
});
