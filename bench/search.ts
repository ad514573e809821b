// Search over a million messages on the embedded store (issue 18 §3, DESIGN.md §5), and what
// the index costs the write path.
// 1. Fills a SQLite store with `--messages` chat messages (bench/lib/chat-text.ts: Russian and
//    English) in `--conversations` conversations, by direct inserts, indexed by the statements
//    the store runs after each group commit. Then times searchDesk (what operator.search runs, without
//    the socket) for a supervisor over a mix of queries: common and rare words, prefixes, two
//    words, Latin, customers, filters. Reports p50/p99 per kind and overall.
// 2. Runs the store-commit bench with and without the index, in pairs, on varied text, and
//    reports the fall in messages per second of the group commit (the target: at most 5 %).
//
//   node --import tsx bench/search.ts [--messages 1000000] [--conversations 100000] [--repeat 60] [--pairs 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { SearchInput } from '../shared/search-schemas';
import type { OperatorRecord } from '../server/desk/mappers';
import { searchDesk } from '../server/desk/search';
import { sqliteFullText } from '../server/store/full-text';
import { MESSAGE_SEARCH } from '../server/store/search-indexes';
import { SqliteStore } from '../server/store/sqlite-store';
import { chatText, seeded } from './lib/chat-text';
import { median } from './lib/median';
import { runStoreCommitBench } from './store-commit';

export interface SearchFigures {
  messages: number;
  fillSeconds: number;
  dbMegabytes: number;
  kinds: { kind: string; p50Ms: number; p99Ms: number; hits: number }[];
  allP99Ms: number;
  withIndexUs: number[];
  withoutIndexUs: number[];
  /** 1 − (msg/s with the index) / (msg/s without), from the medians of the pairs. */
  fall: number;
}

const QUERIES: { kind: string; input: Omit<SearchInput, 'limit'> }[] = [
  { kind: 'common word', input: { text: 'заказ' } },
  { kind: 'rare word', input: { text: 'матрас' } },
  { kind: 'prefix', input: { text: 'дост*' } },
  { kind: 'two words', input: { text: 'возврат деньги' } },
  { kind: 'Latin', input: { text: 'invoice' } },
  { kind: 'number', input: { text: '№123456' } },
  { kind: 'customer', input: { text: 'user4242@example.com' } },
  { kind: 'word + channel + CSAT≤2', input: { text: 'доставка', channelId: 'mail', csatMax: 2 } },
  { kind: 'no match', input: { text: 'абракадабра' } },
];

function fill(file: string, messages: number, conversations: number): void {
  const db = new BetterSqlite3(file);
  // Only for filling: the figures are about reading it.
  db.pragma('synchronous = OFF');
  const random = seeded(18);
  const at0 = Date.UTC(2026, 0, 1);
  db.exec(`INSERT INTO queues (id, name, skills, priority) VALUES ('q', 'Queue', '[]', 0)`);
  for (const channel of ['site', 'mail', 'telegram'])
    db.prepare(
      `INSERT INTO channels (id, name, adapter, medium, queue_id, lang, weight, sla_first_ms, sla_next_ms, created_at)
       VALUES (?, ?, 'api', 'chat', 'q', 'ru', 1, 60000, 60000, 0)`,
    ).run(channel, channel);
  db.prepare(
    `INSERT INTO operators (id, login, name, role, password_hash, skills, capacity, status, created_at)
     VALUES ('op', 'op', 'Op', 'operator', '', '[]', 3, 'offline', 0)`,
  ).run();
  const customer = db.prepare(`INSERT INTO customers (id, name, email, created_at) VALUES (?, ?, ?, ?)`);
  const conversation = db.prepare(`INSERT INTO conversations (id, customer_id, channel_id, contact_id, queue_id, status,
     last_operator_id, created_at, last_message_at, weight, returned, rating, outcome, tag)
     VALUES (?, ?, ?, ?, 'q', 'resolved', 'op', ?, ?, 1, 0, ?, ?, NULL)`);
  const message = db.prepare(`INSERT INTO messages (id, conversation_id, channel_id, author_type, author_id, text,
     private, created_at) VALUES (?, ?, ?, ?, NULL, ?, 0, ?)`);
  const perConversation = Math.ceil(messages / conversations);
  const step = Math.floor((300 * 86_400_000) / messages);
  db.transaction(() => {
    for (let c = 0; c < conversations; c++) {
      const customerId = `cu${c % Math.ceil(conversations / 2)}`;
      if (c < conversations / 2) customer.run(customerId, `Customer ${c}`, `user${c}@example.com`, at0);
      const at = at0 + c * perConversation * step;
      const channel = ['site', 'mail', 'telegram'][c % 3];
      conversation.run(
        `cv${c}`,
        customerId,
        channel,
        `x${c}`,
        at,
        at + perConversation * step,
        1 + Math.floor(random() * 5),
        random() < 0.3 ? 'sold' : null,
      );
    }
  })();
  // Indexed as the store does at the end of each group commit.
  const catchUp = sqliteFullText.catchUp(MESSAGE_SEARCH).map((sql) => db.prepare(sql));
  const batch = 20_000;
  for (let start = 0; start < messages; start += batch)
    db.transaction(() => {
      for (let i = start; i < Math.min(messages, start + batch); i++) {
        const c = Math.floor(i / perConversation);
        const channel = ['site', 'mail', 'telegram'][c % 3];
        message.run(
          `m${i.toString(36).padStart(8, '0')}`,
          `cv${c}`,
          channel,
          i % 2 ? 'operator' : 'customer',
          chatText(random),
          at0 + i * step,
        );
      }
      for (const statement of catchUp) statement.run();
    })();
  db.close();
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export async function runSearchBench(opts: {
  messages: number;
  conversations: number;
  repeat: number;
  pairs: number;
}): Promise<SearchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'textdesk-search-bench-'));
  try {
    const file = join(dir, 'textdesk.db');
    await new SqliteStore(file).close();
    const t0 = performance.now();
    fill(file, opts.messages, opts.conversations);
    const fillSeconds = (performance.now() - t0) / 1000;
    const store = new SqliteStore(file);
    const supervisor = { id: 'sup', role: 'supervisor' } as OperatorRecord;
    const all: number[] = [];
    const kinds: SearchFigures['kinds'] = [];
    try {
      // Warm the page cache and statements once, as a running server would have.
      for (const q of QUERIES) await searchDesk(store, supervisor, { ...q.input, limit: 50 });
      const times = new Map<string, number[]>(QUERIES.map((q) => [q.kind, []]));
      const hits = new Map<string, number>();
      for (let r = 0; r < opts.repeat; r++)
        for (const q of QUERIES) {
          const started = performance.now();
          const result = await searchDesk(store, supervisor, { ...q.input, limit: 50 });
          const ms = performance.now() - started;
          times.get(q.kind)!.push(ms);
          all.push(ms);
          hits.set(q.kind, result.hits.length);
        }
      for (const q of QUERIES) {
        const sorted = times.get(q.kind)!.sort((a, b) => a - b);
        kinds.push({
          kind: q.kind,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          hits: hits.get(q.kind)!,
        });
      }
    } finally {
      await store.close();
    }
    const { size } = await import('node:fs').then((fs) => fs.statSync(file));
    // The write path, with and without the index, in pairs so drift hits both alike.
    const random = seeded(7);
    const text = () => chatText(random);
    const withIndexUs: number[] = [];
    const withoutIndexUs: number[] = [];
    for (let pair = 0; pair < opts.pairs; pair++) {
      const order = pair % 2 === 0 ? [true, false] : [false, true];
      for (const searchIndex of order) {
        const f = await runStoreCommitBench({ conversations: 2_000, rounds: 5, text, searchIndex });
        (searchIndex ? withIndexUs : withoutIndexUs).push(f.batchedPerMsgUs);
      }
    }
    return {
      messages: opts.messages,
      fillSeconds,
      dbMegabytes: size / 1e6,
      kinds,
      allP99Ms: percentile(
        all.sort((a, b) => a - b),
        0.99,
      ),
      withIndexUs,
      withoutIndexUs,
      fall: 1 - median(withoutIndexUs) / median(withIndexUs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSearch(f: SearchFigures): string {
  const lines = [
    `search over ${f.messages.toLocaleString('en-US')} messages on SQLite (filled in ${f.fillSeconds.toFixed(0)} s, ${f.dbMegabytes.toFixed(0)} MB), searchDesk for a supervisor, limit 50:`,
    ...f.kinds.map(
      (k) =>
        `  ${k.kind.padEnd(26)} p50 ${k.p50Ms.toFixed(2).padStart(7)} ms  p99 ${k.p99Ms.toFixed(2).padStart(7)} ms  (${k.hits} hits)`,
    ),
    `  all queries: p99 ${f.allP99Ms.toFixed(2)} ms`,
    `index cost on the write path (store-commit, 2,000 commits per group commit, varied text), µs per message:`,
    `  with the index:    ${f.withIndexUs.map((v) => v.toFixed(1)).join(', ')} (median ${median(f.withIndexUs).toFixed(1)})`,
    `  without the index: ${f.withoutIndexUs.map((v) => v.toFixed(1)).join(', ')} (median ${median(f.withoutIndexUs).toFixed(1)})`,
    `  fall in messages per second: ${(f.fall * 100).toFixed(1)} % (target ≤ 5 %)`,
  ];
  return lines.join('\n');
}

/** For run-all. */
export async function run(): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const f = await runSearchBench({ messages: 1_000_000, conversations: 100_000, repeat: 60, pairs: 3 });
  return {
    text: formatSearch(f),
    rows: [
      ['search p99 over 1M messages', `${f.allP99Ms.toFixed(1)} ms`],
      ['search index: store throughput fall (≤ 5 %)', `${(f.fall * 100).toFixed(1)} %`],
    ],
    ok: f.fall <= 0.05,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '1000000' },
      conversations: { type: 'string', default: '100000' },
      repeat: { type: 'string', default: '60' },
      pairs: { type: 'string', default: '3' },
    },
  });
  console.log(
    formatSearch(
      await runSearchBench({
        messages: Number(values.messages),
        conversations: Number(values.conversations),
        repeat: Number(values.repeat),
        pairs: Number(values.pairs),
      }),
    ),
  );
}
