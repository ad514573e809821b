// The bare relay: the least work a durable chat relay can do, as the yardstick for textdesk
// (DESIGN.md §5). Each customer message is parsed, INSERTed into SQLite and, only once its
// transaction has committed, forwarded to the customer's operator. No routing, no RPC.
//
// Durability as textdesk does it: WAL with synchronous=FULL and the file's lock held throughout,
// made affordable by group commit — every message received in one event-loop tick goes into one
// transaction, flushed from setImmediate (which runs after the poll phase that delivered them).
//
// Run as a child process (see relay-process.ts), so it never shares an event loop with the load
// driver. argv[2] is the database file. Protocol, text frames:
//   → {"role":"operator","idx":j}            ← "ok"   then receives forwarded customer frames
//   → {"role":"customer","idx":i,"op":j}     ← "ok"   then sends {"id","c","t","text"} frames
// IPC: sends {port} once listening; on "stop" replies with RelayStats and exits.
import Database from 'better-sqlite3';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface RelayStats {
  /** Rows in the message table at shutdown. */
  persisted: number;
  /** Messages whose operator was not connected at forward time. */
  dropped: number;
  /** CPU time (user + system) this process used, start-up included. */
  cpuMs: number;
}

interface Pending {
  op: number;
  id: number;
  c: number;
  text: string;
  frame: RawData;
}

const dbPath = process.argv[2];
if (dbPath === undefined || process.send === undefined) {
  throw new Error('raw-relay-server runs as a forked child: fork(file, [dbPath])');
}
const reply = process.send.bind(process);

const db = new Database(dbPath);
// textdesk's own lock setting too (server/store/dialect.ts): the yardstick must not pay for
// lock system calls that textdesk does not.
db.pragma('locking_mode = EXCLUSIVE');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE message (
  seq INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL,
  customer INTEGER NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL
)`);
const insert = db.prepare('INSERT INTO message (client_id, customer, body, received_at) VALUES (?, ?, ?, ?)');
const insertAll = db.transaction((rows: Pending[], receivedAt: number) => {
  for (const r of rows) insert.run(r.id, r.c, r.text, receivedAt);
});

const operators: (WebSocket | undefined)[] = [];
let batch: Pending[] = [];
let dropped = 0;

function flush(): void {
  const rows = batch;
  batch = [];
  insertAll(rows, Date.now());
  // Forward the frame as received: the operator gets exactly what the customer sent, and the
  // relay skips a re-serialisation.
  for (const r of rows) {
    const op = operators[r.op];
    if (op !== undefined && op.readyState === WebSocket.OPEN) op.send(r.frame, { binary: false });
    else dropped++;
  }
}

function parse(frame: RawData): unknown {
  try {
    return JSON.parse(String(frame));
  } catch {
    return undefined;
  }
}

function onCustomerMessage(ws: WebSocket, op: number, frame: RawData): void {
  const m = parse(frame) as Partial<Pending> | undefined;
  if (typeof m?.id !== 'number' || typeof m.c !== 'number' || typeof m.text !== 'string') {
    ws.close(1007, 'bad message');
    return;
  }
  if (batch.length === 0) setImmediate(flush);
  batch.push({ op, id: m.id, c: m.c, text: m.text, frame });
}

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 256 * 1024 });

wss.on('connection', (ws) => {
  ws.once('message', (data) => {
    const hello = parse(data) as { role?: string; idx?: number; op?: number } | undefined;
    if (hello?.role === 'operator' && typeof hello.idx === 'number') {
      operators[hello.idx] = ws;
    } else if (hello?.role === 'customer' && typeof hello.op === 'number') {
      const op = hello.op;
      ws.on('message', (frame) => onCustomerMessage(ws, op, frame));
    } else {
      ws.close(1008, 'bad hello');
      return;
    }
    ws.send('ok');
  });
});

wss.on('listening', () => {
  const address = wss.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${address}`);
  reply({ port: address.port });
});

process.on('message', (msg) => {
  if (msg !== 'stop') return;
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  // Queued after any pending group commit, so the count includes the last batch.
  setImmediate(() => {
    const { n } = db.prepare('SELECT count(*) AS n FROM message').get() as { n: number };
    db.close();
    const { user, system } = process.cpuUsage();
    const stats: RelayStats = { persisted: n, dropped, cpuMs: (user + system) / 1000 };
    reply(stats, () => process.exit(0));
  });
});
// The parent died or let go of us: never outlive it.
process.on('disconnect', () => process.exit(1));
