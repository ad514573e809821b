// The textdesk server's memory with a large desk: 10,000 open conversations (each from its own
// customer contact, over the HTTP API channel) and 500 operators connected over tRPC with their
// live feeds subscribed. Target: RSS < 1 GB. The server runs in its own process; RSS is read from
// /proc before any load, with the operators connected, and with every conversation open.
//
//   node --import tsx bench/memory.ts [--conversations 10000] [--operators 500]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { apiAgent, openRunApiCustomer } from '../cli/load/customers';
import { SimOperator } from '../cli/load/operator-sim';
import { provision } from '../cli/load/provision';
import { spawnServer } from '../cli/load/spawn-server';
import { decodeTag, encodeTag } from '../cli/load/tag';

export interface MemoryBenchOptions {
  conversations: number;
  operators: number;
}

export interface MemoryBenchFigures extends MemoryBenchOptions {
  rssIdleMiB: number;
  rssOperatorsMiB: number;
  rssLoadedMiB: number;
  /** Conversations assigned to an operator (the rest wait in the queue, also open). */
  assigned: number;
  /** Customer messages that reached an operator (all of them, when every one was assigned). */
  delivered: number;
  targetMiB: number;
  pass: boolean;
}

const MiB = 2 ** 20;
const POSTS_AT_ONCE = 64;

export async function runMemoryBench(opts: Partial<MemoryBenchOptions> = {}): Promise<MemoryBenchFigures> {
  const conversations = opts.conversations ?? 10_000;
  const operators = opts.operators ?? 500;
  const server = await spawnServer();
  const sims: SimOperator[] = [];
  const agent = apiAgent(POSTS_AT_ONCE);
  try {
    const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 1_000));
    await settle();
    const rssIdle = server.rssBytes();
    const capacity = Math.ceil(conversations / operators);
    const desk = await provision({
      url: server.url,
      admin: { login: 'admin', password: server.adminPassword },
      operators,
      capacity,
      api: true,
      webchat: false,
      webhookUrl: null,
    });
    let assigned = 0;
    let delivered = 0;
    for (let from = 0; from < operators; from += 4) {
      sims.push(
        ...(await Promise.all(
          desk.operators.slice(from, from + 4).map((op, k) =>
            SimOperator.connect({
              url: server.url,
              wsUrl: server.wsUrl,
              ...op,
              index: from + k,
              transcriptOnAssign: false,
              handlers: {
                onAssigned: () => assigned++,
                onCustomerMessage: (_op, m) => {
                  if (decodeTag(m.text)) delivered++;
                },
                onError: (kind, e) => console.error(`memory bench: ${kind}: ${(e as Error).message}`),
              },
            }),
          ),
        )),
      );
    }
    await settle();
    const rssOperators = server.rssBytes();
    let next = 0;
    const poster = async (): Promise<void> => {
      while (next < conversations) {
        const i = next++;
        const customer = openRunApiCustomer(server.url, desk, i, agent);
        await customer.send(
          `${desk.runId}-m${i}`,
          encodeTag({ kind: 'customer', id: i, customer: i, t: 0 }, 'hello, I need help with my order', 64),
        );
      }
    };
    await Promise.all(Array.from({ length: POSTS_AT_ONCE }, poster));
    const deadline = performance.now() + 15_000;
    while (delivered < conversations && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await settle();
    const rssLoaded = server.rssBytes();
    const targetMiB = 1024;
    return {
      conversations,
      operators,
      rssIdleMiB: rssIdle / MiB,
      rssOperatorsMiB: rssOperators / MiB,
      rssLoadedMiB: rssLoaded / MiB,
      assigned,
      delivered,
      targetMiB,
      pass: rssLoaded / MiB < targetMiB && assigned === conversations && delivered === conversations,
    };
  } finally {
    await Promise.allSettled(sims.map((s) => s.close()));
    agent.destroy();
    await server.stop();
  }
}

export function formatMemory(f: MemoryBenchFigures): string {
  return [
    `server memory — ${f.conversations.toLocaleString('en-US')} open conversations, ${f.operators} operators connected (tRPC, live feed subscribed)`,
    `  RSS idle ${f.rssIdleMiB.toFixed(0)} MiB → operators connected ${f.rssOperatorsMiB.toFixed(0)} MiB → ` +
      `all conversations open ${f.rssLoadedMiB.toFixed(0)} MiB (target < ${f.targetMiB} MiB: ${f.rssLoadedMiB < f.targetMiB ? 'met' : 'NOT met'})`,
    `  conversations assigned ${f.assigned.toLocaleString('en-US')}, first messages delivered ${f.delivered.toLocaleString('en-US')}` +
      (f.pass ? '' : ' — FAIL'),
  ].join('\n');
}

/** For run-all. */
export async function run(): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const f = await runMemoryBench();
  return {
    text: formatMemory(f),
    rows: [
      [`server RSS, ${f.conversations} conversations + ${f.operators} operators`, `${f.rssLoadedMiB.toFixed(0)} MiB`],
    ],
    ok: f.pass,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { conversations: { type: 'string', default: '10000' }, operators: { type: 'string', default: '500' } },
  });
  runMemoryBench({ conversations: Number(values.conversations), operators: Number(values.operators) }).then(
    (f) => {
      console.log(formatMemory(f));
      process.exit(f.pass ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
