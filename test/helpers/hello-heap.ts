// Run as a child process with --expose-gc (test/integration/webchat-memory.test.ts): starts the
// server in this process, has visitors say hello without a token and leave, many times over, and
// prints the heap after a forced GC at each checkpoint as one JSON line: {"heap":{"2000":…}}.
// Usage: node --expose-gc --import tsx test/helpers/hello-heap.ts HELLOS_PER_SOCKET 2000 12000
import fs from 'node:fs';
import pino from 'pino';
import { WebSocket } from 'ws';
import { startServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { ADMIN_PASSWORD, loggedInHttpClient, tempDataDir } from './server';

const [hellosPerSocket, ...checkpoints] = process.argv.slice(2).map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || checkpoints.length === 0) throw new Error('run with --expose-gc and at least one checkpoint');

/**
 * One socket: `hellos` hellos without a token, each answered by a welcome, then leave and wait for
 * the close. Both ways an attacker may spend hellos — a socket each, or many on one — are counted.
 */
function visit(wsUrl: string, hellos: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}/channels/webchat/widget`);
    let welcomed = 0;
    const hello = () => ws.send(JSON.stringify({ type: 'hello' }));
    ws.once('open', hello);
    ws.on('message', () => {
      welcomed += 1;
      if (welcomed < hellos) hello();
      else ws.close();
    });
    ws.once('close', () => resolve());
    ws.once('error', reject);
  });
}

async function settledHeap(): Promise<number> {
  // Two rounds with a turn of the event loop between: closures queued by the closes run first.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc!();
  }
  return process.memoryUsage().heapUsed;
}

const data = tempDataDir();
const config = loadConfig({ env: {}, flags: { port: 0, data, logLevel: 'silent', adminPassword: ADMIN_PASSWORD } });
const server = await startServer(config, { log: pino({ level: 'silent' }), statsIntervalMs: null });
try {
  const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  await admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await admin.admin.createChannel.mutate({ id: 'widget', name: 'Widget', queueId: 'general', adapter: 'webchat' });
  const heap: Record<number, number> = {};
  const PARALLEL = 20;
  let done = 0;
  for (const checkpoint of checkpoints) {
    while (done < checkpoint) {
      const sockets = Math.min(PARALLEL, Math.ceil((checkpoint - done) / hellosPerSocket));
      await Promise.all(Array.from({ length: sockets }, () => visit(server.wsUrl, hellosPerSocket)));
      done += sockets * hellosPerSocket;
    }
    heap[checkpoint] = await settledHeap();
  }
  process.stdout.write(`${JSON.stringify({ heap })}\n`);
} finally {
  await server.close();
  fs.rmSync(data, { recursive: true, force: true });
}
