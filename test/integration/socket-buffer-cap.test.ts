// Issue 12 §5: an operator whose socket stopped reading while it kept fetching a 4.8 MB transcript
// pushed the server from 171 to 632 MiB: only live feeds looked at the socket's buffer. Now every
// WebSocket, on every path, is cut off at the per-socket cap (server/transport/socket-cap.ts):
// the server holds at most the cap or one frame for it, terminates it, logs it, and goes on.
// The clients here are raw TCP sockets that stop reading (paused), so nothing drains the buffer.
import fs from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import { startServer, type RunningServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { SOCKET_BUFFER_CAP } from '../../server/transport/socket-cap';
import { LIMITS } from '../../shared/limits';
import { postCustomerMessage } from '../helpers/customer';
import { RawWebSocket } from '../helpers/raw-websocket';
import { ADMIN_PASSWORD, loggedInHttpClient, tempDataDir } from '../helpers/server';
import { WebchatVisitor } from '../helpers/webchat-visitor';

interface CapLog {
  msg: string;
  path: string;
  bufferedAmount: number;
  frameBytes: number;
  cap: number;
}

const capLogs: CapLog[] = [];
const wakeLogs: Array<() => void> = [];
const log = pino(
  { level: 'warn' },
  {
    write(line: string) {
      const entry = JSON.parse(line);
      if (typeof entry.msg === 'string' && entry.msg.includes('send buffer cap')) capLogs.push(entry);
      for (const wake of wakeLogs.splice(0)) wake();
    },
  },
);

async function cutOff(path: string): Promise<CapLog> {
  for (;;) {
    const found = capLogs.find((entry) => entry.path === path);
    if (found) return found;
    await new Promise<void>((resolve) => wakeLogs.push(resolve));
  }
}

let server: RunningServer;
let dataDir: string;
let token: string;
let secret: string;
const BIG_TEXT = 'x'.repeat(LIMITS.messageText);

beforeAll(async () => {
  dataDir = tempDataDir();
  const config = loadConfig({
    env: {},
    // The test writes hundreds of messages from one contact: no flood limit in the way.
    flags: { port: 0, data: dataDir, adminPassword: ADMIN_PASSWORD, contactBurst: 100_000, contactRatePerSec: 100_000 },
  });
  server = await startServer(config, { log, statsIntervalMs: null });
  const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  ({ token } = await httpApiClient(server.url).auth.login.mutate({ login: 'admin', password: ADMIN_PASSWORD }));
  await admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  ({ secret } = await admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' }));
  await admin.admin.createChannel.mutate({ id: 'widget', name: 'Widget', queueId: 'general', adapter: 'webchat' });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Never more than the cap, or the one frame (with its header, at most 10 bytes) that went onto an empty buffer. */
const mostHeld = (entry: CapLog) => Math.max(SOCKET_BUFFER_CAP, entry.frameBytes + 10);

async function stillServing(): Promise<void> {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

describe('a socket that stops reading', () => {
  it('on /trpc, fetching a 4.8 MB transcript again and again, is terminated at the cap', async () => {
    let conversationId = '';
    for (let i = 0; i < 300; i++) {
      const posted = await postCustomerMessage(server.url, 'site', secret, {
        id: `big-${i}`,
        contact: { id: 'talkative' },
        text: BIG_TEXT,
      });
      expect(posted.status).toBe(202);
      conversationId = posted.body.conversationId;
    }

    const ws = await RawWebSocket.connect(server.url, '/trpc?connectionParams=1');
    ws.sendText(JSON.stringify({ method: 'connectionParams', data: { token } }));
    ws.socket.pause();
    const query = (id: number) =>
      JSON.stringify({
        id,
        method: 'query',
        params: { path: 'operator.messages', input: { conversationId, limit: 300 } },
      });
    // 40 × 4.8 MB: far more than the kernel's socket buffers take, 190 MB if nothing stopped it.
    for (let id = 1; id <= 40; id++) ws.sendText(query(id));

    const entry = await cutOff('/trpc');
    expect(entry.cap).toBe(SOCKET_BUFFER_CAP);
    expect(entry.frameBytes).toBeGreaterThan(4_800_000);
    expect(entry.bufferedAmount).toBeLessThanOrEqual(mostHeld(entry));
    ws.socket.resume();
    const closed = await ws.closed;
    expect(closed.code).toBeNull(); // terminated, not closed with a handshake
    await stillServing();
    // The same operator, reading, gets the whole transcript.
    const reader = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
    expect(await reader.operator.messages.query({ conversationId, limit: 300 })).toHaveLength(300);
  });

  it('on web chat, saying hello again and again for a long transcript, is terminated at the cap', async () => {
    const visitor = await WebchatVisitor.open(server.wsUrl, 'widget');
    const welcome = await visitor.hello();
    if (welcome.type !== 'welcome') throw new Error(`no welcome: ${JSON.stringify(welcome)}`);
    for (let i = 0; i < 120; i++) expect(await visitor.say(`w-${i}`, BIG_TEXT)).toMatchObject({ type: 'ack' });
    visitor.close();

    const ws = await RawWebSocket.connect(server.url, '/channels/webchat/widget');
    ws.socket.pause();
    // Each welcome carries the transcript: about 2 MB.
    const hello = JSON.stringify({ type: 'hello', visitorToken: welcome.visitorToken });
    for (let i = 0; i < 60; i++) ws.sendText(hello);

    const entry = await cutOff('/channels/webchat');
    expect(entry.bufferedAmount).toBeLessThanOrEqual(mostHeld(entry));
    ws.socket.resume();
    expect((await ws.closed).code).toBeNull();
    await stillServing();
  });
});
