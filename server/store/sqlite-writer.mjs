// The SQLite store's writer thread: it owns the only connection that writes, so the disk sync
// of every group commit (synchronous=FULL) and the statements' own work happen here, not on the
// server's event loop. Plain JavaScript so a Worker can start it from the sources and from the
// bundle alike (cli/build.mjs builds it as its own entry point next to the chunks).
//
// Protocol (one batch in flight at a time; see sqlite-store.ts):
//   → { sql: string[] }  statements to prepare, numbered after those sent before
//     { commits: [[[statementIndex, values[]], …], …] }   one array of ops per commit
//     { close: true }   close the connection and end the thread
//   ← { outcomes: [{ rows } | { error: { message, constraint } }, …] }   one per commit
//     { failed: { message } }   the batch transaction itself failed: nothing of it is on disk
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, pragmas } = workerData;
const db = new Database(file);
for (const pragma of pragmas) db.pragma(pragma);
const statements = [];

// Called inside the batch transaction, a nested transaction is a savepoint: a failing commit
// undoes only its own writes.
const commitOne = db.transaction((ops) =>
  ops.map(([index, values]) => {
    const statement = statements[index];
    if (statement.reader) return statement.all(...values);
    statement.run(...values);
    return [];
  }),
);

const commitBatch = db.transaction((commits) =>
  commits.map((ops) => {
    try {
      return { rows: commitOne(ops) };
    } catch (error) {
      const code = String(error?.code ?? '');
      return { error: { message: String(error?.message ?? error), constraint: code.startsWith('SQLITE_CONSTRAINT') } };
    }
  }),
);

parentPort.on('message', (message) => {
  if (message.sql) {
    for (const sql of message.sql) statements.push(db.prepare(sql));
    return;
  }
  if (message.close) {
    db.close();
    // Nothing left to listen for: the thread ends and the store sees it exit.
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ outcomes: commitBatch(message.commits) });
  } catch (error) {
    parentPort.postMessage({ failed: { message: String(error?.message ?? error), code: error?.code } });
  }
});
