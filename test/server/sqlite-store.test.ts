// The embedded store's contract on a real database file: group commit, rows returned per op, a failing commit undone alone, reads that see every settled commit, one server per file, and
// close() that waits for everything already requested.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialect } from '../../server/store/dialect';
import { MIGRATIONS } from '../../server/store/migrations';
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
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.commit([customer(`c${i}`), event(`e${i}`)])),
    );
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

  it('refuses a second store on the same data directory at once, and the first keeps working', async () => {
    await store.commit([customer('first')]);
    expect(() => SqliteStore.inDirectory(dir)).toThrow(/in use by another textdesk server/);
    await store.commit([customer('still')]);
    expect(await store.get(store.q.customerById, { id: 'still' })).toBeDefined();
  });
});

describe('migration 004: partial idempotency indexes', () => {
  const message = (id: string, externalId: string | null, clientId: string | null): WriteOp => ({
    query: store.q.insertMessage,
    args: {
      id,
      conversation_id: 'conv',
      channel_id: 'site',
      external_id: externalId,
      author_type: clientId ? 'operator' : 'customer',
      author_id: clientId ? 'op' : 'cust',
      author_name: null,
      client_id: clientId,
      text: id,
      private: 0,
      created_at: 1,
      provider_id: null,
      delivery_status: null,
      delivery_error: null,
      attachments: null,
      notice: null,
      whisper: 0,
    },
  });

  it('upgrades a database made before it, keeping both keys unique where they are set', async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    dir = tempDataDir();
    // The schema as the previous release left it, with a customer's message already stored.
    const old = new BetterSqlite3(path.join(dir, 'textdesk.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const migration of MIGRATIONS.slice(0, 3)) {
      for (const statement of migration.statements(dialect('sqlite'))) old.exec(statement);
      old.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, 1)').run(migration.id);
    }
    old.exec(`INSERT INTO queues VALUES ('q', 'Q', '[]', 0);
      INSERT INTO channels VALUES ('site', 'Site', 'webchat', 'chat', 'q', 's', NULL, 'en', 1, 60000, 60000, 1);
      INSERT INTO customers VALUES ('cust', NULL, NULL, NULL, 1);
      INSERT INTO conversations (id, customer_id, channel_id, contact_id, queue_id, status, created_at, last_message_at, weight, returned)
        VALUES ('conv', 'cust', 'site', 'v1', 'q', 'queued', 1, 1, 1, 0);
      INSERT INTO messages VALUES ('m0', 'conv', 'site', 'v1:1', 'customer', 'cust', NULL, NULL, 'hi', 0, 1);`);
    old.close();

    store = SqliteStore.inDirectory(dir);
    const indexes = await store.all(
      { sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE 'messages_by_%_id'", slots: [] },
      {},
    );
    expect((indexes as { sql: string }[]).every((i) => /WHERE \w+ IS NOT NULL$/.test(i.sql))).toBe(true);
    expect(await store.get(store.q.messageByExternalId, { channel_id: 'site', external_id: 'v1:1' })).toMatchObject({
      id: 'm0',
    });
    // Operator messages have no channel id, customer messages no client id: many of each.
    await store.commit([
      message('m1', null, 'c1'),
      message('m2', null, 'c2'),
      message('m3', 'v1:2', null),
      message('m4', 'v1:3', null),
    ]);
    await expect(store.commit([message('m5', 'v1:1', null)])).rejects.toBeInstanceOf(ConstraintError);
    await expect(store.commit([message('m6', null, 'c1')])).rejects.toBeInstanceOf(ConstraintError);
  });
});

describe('migration 007: channel adapters', () => {
  it("moves each channel's secret to channel_secrets and its webhook into settings, and keeps pending deliveries", async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    dir = tempDataDir();
    const old = new BetterSqlite3(path.join(dir, 'textdesk.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const migration of MIGRATIONS.slice(
      0,
      MIGRATIONS.findIndex((m) => m.id === '007-channel-adapters'),
    )) {
      for (const statement of migration.statements(dialect('sqlite'))) old.exec(statement);
      old.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, 1)').run(migration.id);
    }
    // A pending entry as the release before stored it: the whole webhook payload as the body.
    old.exec(`INSERT INTO queues VALUES ('q', 'Q', '[]', 0, NULL);
      INSERT INTO channels VALUES ('site', 'Site', 'api', 'chat', 'q', 'site-secret', 'https://example.test/hook', 'en', 1, 60000, 60000, 1);
      INSERT INTO channels VALUES ('widget', 'Widget', 'webchat', 'chat', 'q', 'widget-secret', NULL, 'en', 1, 60000, 60000, 1);
      INSERT INTO outbox (channel_id, conversation_id, message_id, body, attempts, next_attempt_at)
        VALUES ('site', 'conv', 'm1', '{"event":"message.created","channelId":"site"}', 2, 5);`);
    old.close();

    store = SqliteStore.inDirectory(dir);
    expect(await store.all(store.q.listChannels, {})).toMatchObject([
      { id: 'site', settings: '{"webhookUrl":"https://example.test/hook"}', deleted_at: null },
      { id: 'widget', settings: '{}', deleted_at: null },
    ]);
    const secrets = await store.all(store.q.listChannelSecrets, {});
    expect(secrets.sort((a, b) => a.channel_id.localeCompare(b.channel_id))).toEqual([
      { channel_id: 'site', name: 'signing', value: 'site-secret' },
      { channel_id: 'widget', name: 'signing', value: 'widget-secret' },
    ]);
    expect(await store.all(store.q.pendingOutbox, {})).toMatchObject([
      { message_id: 'm1', attempts: 2, failed_at: null },
    ]);
  });
});
