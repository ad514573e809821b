// What the embedded store costs per customer message, away from sockets and the load driver's
// noise: the two statements a message that continues a conversation writes (the message row
// and its message.created event), committed through the real SqliteStore on a real file —
// one message per commit (a quiet server: every message pays its own disk sync) and 2,000 per
// commit (the closed loop's convoy, where the group commit shares everything).
//
//   node --import tsx bench/store-commit.ts [--conversations 2000] [--rounds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { pathToFileURL } from 'node:url';
import type { Message } from '../shared/schemas';
import { openConversation } from '../server/domain/conversation';
import { conversationToRow, messageToRow } from '../server/desk/mappers';
import { SqliteStore } from '../server/store/sqlite-store';
import { median } from './lib/median';
import type { WriteOp } from '../server/store/store';

export interface StoreCommitFigures {
  conversations: number;
  /** µs of wall time per message, median over the rounds. */
  alonePerMsgUs: number;
  batchedPerMsgUs: number;
  /** Milliseconds per batch of `conversations` commits (the convoy's commit). */
  batchMs: number;
}

export async function runStoreCommitBench(opts: {
  conversations: number;
  rounds: number;
  /** The message's text (default: always the same sentence); the search bench varies it. */
  text?: (seq: number) => string;
  /** False: without the search index's triggers, to measure what the index costs (bench/search.ts). */
  searchIndex?: boolean;
}): Promise<StoreCommitFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'textdesk-store-bench-'));
  if (opts.searchIndex === false) await withoutSearchIndex(dir);
  const store = SqliteStore.inDirectory(dir);
  try {
    const at = Date.now();
    const conversations = Array.from({ length: opts.conversations }, (_, i) =>
      openConversation({
        id: `conv${i}`,
        customerId: `cust${i}`,
        customerName: `Customer ${i}`,
        channelId: 'site',
        medium: 'chat',
        contactId: `v${i}`,
        queueId: 'q',
        weight: 1,
        at,
      }),
    );
    await store.commit([
      { query: store.q.insertQueue, args: { id: 'q', name: 'Queue', skills: '[]', priority: 0, no_reply_ms: null } },
      {
        query: store.q.insertChannel,
        args: {
          id: 'site',
          name: 'Site',
          adapter: 'webchat',
          medium: 'chat',
          queue_id: 'q',
          lang: 'en',
          weight: 1,
          sla_first_ms: 60_000,
          sla_next_ms: 60_000,
          settings: '{}',
          created_at: at,
          idle_ask_ms: null,
          idle_close_ms: null,
          start_rate_per_sec: null,
          start_burst: null,
        },
      },
      ...conversations.flatMap((c): WriteOp[] => [
        {
          query: store.q.insertCustomer,
          args: { id: c.customerId, name: c.customerName, email: null, phone: null, created_at: at },
        },
        { query: store.q.saveConversation, args: conversationToRow(c, false) },
      ]),
    ]);
    let seq = 0;
    const messageOps = (i: number): WriteOp[] => {
      const c = conversations[i % conversations.length];
      // Time-ordered like the server's ids, so inserts land where they do in production.
      const id = `${(at + seq).toString(36).padStart(9, '0')}${(seq++).toString(36).padStart(6, '0')}`;
      const message: Message = {
        id,
        conversationId: c.id,
        author: { type: 'customer', id: c.customerId, name: c.customerName },
        text: opts.text?.(seq) ?? 'hello, I need help with my order',
        private: false,
        createdAt: at,
      };
      return [
        { query: store.q.insertMessage, args: messageToRow(message, 'site', `${c.contactId}:m${seq}`, null) },
        {
          query: store.q.insertEvent,
          args: {
            at,
            type: 'message.created',
            operator_id: 'op1',
            conversation_id: c.id,
            payload: JSON.stringify({ type: 'message.created', message }),
          },
        },
      ];
    };
    const alone: number[] = [];
    const batched: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const n = 200;
      let t0 = performance.now();
      for (let i = 0; i < n; i++) await store.commit(messageOps(i));
      alone.push(((performance.now() - t0) * 1000) / n);
      t0 = performance.now();
      await Promise.all(conversations.map((_, i) => store.commit(messageOps(i))));
      batched.push(((performance.now() - t0) * 1000) / conversations.length);
    }
    const batchedPerMsgUs = median(batched);
    return {
      conversations: opts.conversations,
      alonePerMsgUs: median(alone),
      batchedPerMsgUs,
      batchMs: (batchedPerMsgUs * opts.conversations) / 1000,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A migrated database whose new messages are not indexed: as before migration 026. */
async function withoutSearchIndex(dir: string): Promise<void> {
  await SqliteStore.inDirectory(dir).close();
  const db = new BetterSqlite3(join(dir, 'textdesk.db'));
  // Without its mark the index's catch-up finds no new row: its three statements per group
  // commit still run, and cost next to nothing (server/store/full-text.ts).
  db.exec(`DELETE FROM search_marks WHERE name = 'message_search'`);
  db.close();
}

export function formatStoreCommit(f: StoreCommitFigures): string {
  return [
    `SQLite store, a customer message (message row + event) per commit, WAL synchronous=FULL:`,
    `  one message per commit (each pays its disk sync): ${f.alonePerMsgUs.toFixed(0)} µs per message`,
    `  ${f.conversations.toLocaleString('en-US')} commits in one group commit: ${f.batchedPerMsgUs.toFixed(1)} µs per message (${f.batchMs.toFixed(1)} ms per batch)`,
  ].join('\n');
}

/** For run-all. */
export async function run(): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const f = await runStoreCommitBench({ conversations: 2_000, rounds: 5 });
  return {
    text: formatStoreCommit(f),
    rows: [
      ['store: message committed alone', `${f.alonePerMsgUs.toFixed(0)} µs`],
      ['store: message in a 2,000-commit batch', `${f.batchedPerMsgUs.toFixed(1)} µs`],
    ],
    ok: true,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { conversations: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } },
  });
  console.log(
    formatStoreCommit(
      await runStoreCommitBench({ conversations: Number(values.conversations), rounds: Number(values.rounds) }),
    ),
  );
}
