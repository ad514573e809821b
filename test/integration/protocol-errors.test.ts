// Issue 12 §1: one malformed WebSocket frame used to stop the whole server (exit 1, "Invalid
// WebSocket frame: invalid UTF-8 sequence") when it came in on a web chat socket, which needs no
// login. Each violation is written as raw bytes to the real binary, on both WebSocket paths: the
// socket must be closed with the code RFC 6455 gives the violation, and the server must go on.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits';
import { buildFrame, OPCODE, RawWebSocket, type FrameSpec } from '../helpers/raw-websocket';
import { ADMIN_PASSWORD, loggedInHttpClient, tempDataDir } from '../helpers/server';
import { ServerProcess } from '../helpers/server-process';

let server: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await ServerProcess.start({ dataDir, env: { TEXTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  await admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await admin.admin.createChannel.mutate({ id: 'widget', name: 'Widget', queueId: 'general', adapter: 'webchat' });
});

afterAll(async () => {
  await server?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const violations: Array<{ name: string; frame: FrameSpec; code: number }> = [
  {
    name: 'invalid UTF-8 in a text frame',
    frame: { opcode: OPCODE.text, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
    code: 1007,
  },
  // Only the header: the declared length alone is over the limit.
  {
    name: 'a frame over the size limit',
    frame: { opcode: OPCODE.text, declaredLength: LIMITS.wsPayload + 1 },
    code: 1009,
  },
  { name: 'reserved bits set', frame: { opcode: OPCODE.text, payload: '{}', rsv: 0b111 }, code: 1002 },
  { name: 'a reserved opcode', frame: { opcode: 0x3, payload: '{}' }, code: 1002 },
  { name: 'an unmasked client frame', frame: { opcode: OPCODE.text, payload: '{}', masked: false }, code: 1002 },
];

async function stillServing(): Promise<void> {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(server.pid).toBeGreaterThan(0);
  await expect(Promise.race([server.exited, Promise.resolve('running')])).resolves.toBe('running');
}

describe.each(['/channels/webchat/widget', '/trpc'])('a malformed frame on %s', (path) => {
  it.each(violations)('$name closes that socket with $code and the server goes on', async ({ frame, code }) => {
    const bystander = await RawWebSocket.connect(server.url, path);
    const ws = await RawWebSocket.connect(server.url, path);
    ws.write(buildFrame(frame));
    const closed = await ws.closed;
    expect(closed.code).toBe(code);
    await stillServing();
    // Another socket on the same path was not touched.
    expect(bystander.socket.destroyed).toBe(false);
    bystander.destroy();
  });
});

it.each(['/channels/webchat', '/trpc'])('logs every socket on %s closed for a protocol error', async (path) => {
  const line = `"path":"${path}","msg":"socket closed for a protocol error"`.replace(/[/.]/g, '\\$&');
  await server.waitForOutput(new RegExp(`(${line}[\\s\\S]*){${violations.length}}`));
});

it('still greets a web chat visitor after all of them', async () => {
  const ws = await RawWebSocket.connect(server.url, '/channels/webchat/widget');
  ws.sendText(JSON.stringify({ type: 'hello', name: 'After' }));
  const welcome = JSON.parse(await ws.waitForText((text) => text.includes('"welcome"')));
  expect(welcome.contactId).toMatch(/^v-/);
  ws.destroy();
});

it('refuses an upgrade to a web chat path with a malformed escape, and goes on', async () => {
  // decodeURIComponent throws on it, inside the upgrade listener.
  await expect(RawWebSocket.connect(server.url, '/channels/webchat/%E0%A4%A')).rejects.toThrow(/404/);
  await stillServing();
});
