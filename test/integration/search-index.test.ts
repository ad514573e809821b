// The full-text index itself (issue 18 §3), on both stores: written by the same transaction as
// the row (a commit that fails leaves no entry, its neighbours in the group commit keep theirs), filled from rows written before migration 026,
// re-written when a customer's name changes, and blind to the bot's notices.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { searchTerms } from '../../server/domain/search-text';
import type { Database } from '../../server/store/schema';
import { PostgresStore } from '../../server/store/postgres-store';
import { prepare } from '../../server/store/prepared';
import { searchCustomers, searchMessages } from '../../server/store/search-queries';
import { SqliteStore } from '../../server/store/sqlite-store';
import { ConstraintError, type Store, type WriteOp } from '../../server/store/store';
import { dropSchema, freshSchemaName, runSql } from '../helpers/postgres-schema';
import { POSTGRES_URL_KEY } from '../helpers/postgres-url';
import { tempDataDir } from '../helpers/server';

type Opened = { store: Store; reopen(beforeReopen: string[]): Promise<Store>; close(): Promise<void> };

async function openStore(kind: 'sqlite' | 'postgres'): Promise<Opened> {
  if (kind === 'sqlite') {
    const dir = tempDataDir();
    const file = path.join(dir, 'textdesk.db');
    const opened: Opened = {
      store: new SqliteStore(file),
      async reopen(statements) {
        await opened.store.close();
        const db = new BetterSqlite3(file);
        // Defensive mode (better-sqlite3's default) forbids dropping a shadow table, which one
        // statement below must do.
        db.unsafeMode(true);
        for (const statement of statements) db.exec(statement);
        db.close();
        opened.store = new SqliteStore(file);
        return opened.store;
      },
      async close() {
        await opened.store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    return opened;
  }
  const url = inject(POSTGRES_URL_KEY);
  const schema = freshSchemaName();
  const opened: Opened = {
    store: await PostgresStore.open(url, schema),
    async reopen(statements) {
      await opened.store.close();
      for (const statement of statements) await runSql(url, `SET search_path = ${schema}; ${statement}`);
      opened.store = await PostgresStore.open(url, schema);
      return opened.store;
    },
    async close() {
      await opened.store.close();
      await dropSchema(url, schema);
    },
  };
  return opened;
}

/** A row written as the desk would, by a prepared statement in a commit. */
const insert = <T extends keyof Database>(store: Store, table: T, row: Record<string, unknown>): WriteOp => ({
  query: prepare(store.dialect.builder.insertInto(table).values(row as never)),
  args: {},
});

const message = (store: Store, id: string, text: string, author_type = 'customer') =>
  insert(store, 'messages', {
    id,
    conversation_id: 'cv',
    channel_id: 'ch',
    author_type,
    text,
    private: 0,
    created_at: 1000 + Number(id.replace(/\D/g, '') || 0),
  });

/** A queue, a channel and one customer's conversation for messages to belong to. */
const desk = (store: Store): WriteOp[] => [
  insert(store, 'queues', { id: 'q', name: 'Q', skills: '[]', priority: 0 }),
  insert(store, 'channels', {
    id: 'ch',
    name: 'Site',
    adapter: 'api',
    medium: 'chat',
    queue_id: 'q',
    lang: 'ru',
    weight: 1,
    sla_first_ms: 60_000,
    sla_next_ms: 60_000,
    created_at: 1,
  }),
  insert(store, 'customers', {
    id: 'cu',
    name: 'Анна Смирнова',
    email: 'anna@example.com',
    phone: '+7 (900) 123-45-67',
    created_at: 1,
  }),
  insert(store, 'conversations', {
    id: 'cv',
    customer_id: 'cu',
    channel_id: 'ch',
    contact_id: 'anna',
    queue_id: 'q',
    status: 'queued',
    created_at: 1,
    last_message_at: 1,
    weight: 1,
    returned: 0,
  }),
];

const messageIds = async (store: Store, text: string) =>
  (await searchMessages(store, searchTerms(text), {}, 10)).map((h) => h.message_id);
const customerIds = async (store: Store, text: string) =>
  (await searchCustomers(store, searchTerms(text), {}, 10)).map((h) => h.customer_id);

/** What takes an index away as a database before migration 026 had none. */
const WITHOUT_INDEX = {
  sqlite: [
    'DROP TABLE message_search',
    // SQLite 3.53 leaves a contentless_unindexed table's _content shadow table behind on DROP
    // (full-text.ts).
    'DROP TABLE IF EXISTS message_search_content',
    "DELETE FROM search_marks WHERE name = 'message_search'",
    'DROP TRIGGER customer_search_insert',
    'DROP TRIGGER customer_search_delete',
    'DROP TRIGGER customer_search_update',
    'DROP TABLE customer_search',
    'DROP TABLE IF EXISTS customer_search_content',
    "DELETE FROM schema_migrations WHERE id = '026-search'",
  ],
  postgres: [
    'DROP INDEX message_search',
    'DROP INDEX customer_search',
    "DELETE FROM schema_migrations WHERE id = '026-search'",
  ],
};

describe.each(['sqlite', 'postgres'] as const)('the search index on %s', (kind) => {
  let opened: Opened;
  let store: Store;
  beforeEach(async () => {
    opened = await openStore(kind);
    store = opened.store;
    await store.commit(desk(store));
  });
  afterEach(() => opened.close());

  it('indexes a message in the commit that writes it', async () => {
    await store.commit([message(store, 'm1', 'Где мой заказ?')]);
    expect(await messageIds(store, 'заказ')).toEqual(['m1']);
  });

  it('leaves no entry for a commit that failed', async () => {
    await store.commit([message(store, 'm1', 'первое')]);
    // The second message's id is taken: its commit fails after the first insert went through.
    const failed = store.commit([message(store, 'm2', 'потерянный текст'), message(store, 'm1', 'дубликат')]);
    await expect(failed).rejects.toBeInstanceOf(ConstraintError);
    // In one group commit with a commit that succeeds, on SQLite indexed after both savepoints.
    const together = [
      store.commit([message(store, 'm3', 'соседний текст')]),
      store.commit([message(store, 'm4', 'пропавший текст'), message(store, 'm1', 'дубликат')]),
    ];
    expect((await Promise.allSettled(together)).map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(await messageIds(store, 'текст')).toEqual(['m3']);
    expect(await messageIds(store, 'потерянный')).toEqual([]);
    expect(await messageIds(store, 'дубликат')).toEqual([]);
    expect(await messageIds(store, 'первое')).toEqual(['m1']);
  });

  it('leaves the bot’s notices out', async () => {
    await store.commit([
      message(store, 'm1', 'Оператор подключился', 'bot'),
      message(store, 'm2', 'Оператор, помогите'),
    ]);
    expect(await messageIds(store, 'оператор')).toEqual(['m2']);
  });

  it('finds customers by name, e-mail and phone digits, and by a changed name only', async () => {
    expect(await customerIds(store, 'смирнова')).toEqual(['cu']);
    expect(await customerIds(store, 'anna@example.com')).toEqual(['cu']);
    expect(await customerIds(store, '79001234567')).toEqual(['cu']);
    const rename = prepare(
      store.dialect.builder.updateTable('customers').set({ name: 'Анна Кузнецова' }).where('id', '=', 'cu'),
    );
    await store.commit([{ query: rename, args: {} }]);
    expect(await customerIds(store, 'смирнова')).toEqual([]);
    expect(await customerIds(store, 'кузнецова')).toEqual(['cu']);
  });

  it('fills the index from the rows written before it existed', async () => {
    store = await opened.reopen([]);
    await store.commit([message(store, 'm1', 'старое сообщение')]);
    store = await opened.reopen(WITHOUT_INDEX[kind]);
    expect(await messageIds(store, 'старое')).toEqual(['m1']);
    expect(await customerIds(store, 'анна')).toEqual(['cu']);
  });
});
