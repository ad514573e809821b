// The console across a server restart on the real tRPC client: it shows that it is reconnecting,
// keeps a reply typed meanwhile as pending, sends it once after reconnect (the server dedupes by
// client id), and resumes the live feed from the last event id.
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ConsoleClient } from '../../cli/console/console-client';
import { postCustomerMessage } from '../helpers/customer';
import { startTestServer, tempDataDir, type TestServer } from '../helpers/server';
import type { WebhookReceiver } from '../helpers/webhook-receiver';
import { closeConsoleOnServer, openConsoleOnServer, type ConsoleOnServer, untilServerFrame } from './console-on-server';
import type { Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

let t: TestServer;
let hook: WebhookReceiver;
let secret: string;
let client: ConsoleClient;
let app: Rendered;
let desk: ConsoleOnServer;
const dataDir = tempDataDir();

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const until = (predicate: (frame: string) => boolean, deadlineMs = 15_000) =>
  untilServerFrame(app, predicate, deadlineMs);

let port: number;
beforeAll(async () => {
  port = await freePort();
  t = await startTestServer({ data: dataDir, port });
  desk = await openConsoleOnServer(t, { login: 'gleb', name: 'Глеб', password: 'gleb-password' }, 'en');
  ({ hook, secret, client, app } = desk);
});

afterAll(async () => {
  await closeConsoleOnServer(desk, t);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a reply typed while the server is down is sent once after it is back; the feed resumes', async () => {
  await until((frame) => frame.includes('● online'));
  const posted = await postCustomerMessage(t.server.url, 'site', secret, {
    id: 'r-1',
    contact: { id: 'c-r', name: 'Lev' },
    text: 'first question',
  });
  await until((frame) => frame.includes('< Lev: first question'));

  await t.server.close();
  await until((frame) => frame.includes('○ reconnecting…'));
  await press(app, 'sent while offline', KEYS.enter);
  await until((frame) => frame.includes('[offline: sends on reconnect]'));

  t = { ...t, ...(await startTestServer({ data: dataDir, port })) };
  await until((frame) => frame.includes('● online') && !frame.includes('offline: sends'));
  const delivery = await hook.waitFor((d) => d.payload.message.text === 'sent while offline');
  expect(delivery.payload.conversationId).toBe(posted.body.conversationId);

  await postCustomerMessage(t.server.url, 'site', secret, {
    id: 'r-2',
    contact: { id: 'c-r', name: 'Lev' },
    text: 'after the restart',
  });
  const frame = await until((f) => f.includes('< Lev: after the restart'));
  expect(frame.split('sent while offline').length - 1).toBe(1);
  expect(frame.split('first question').length - 1).toBe(1);
  const transcript = await client.messages(posted.body.conversationId, 100);
  expect(transcript.filter((m) => m.text === 'sent while offline')).toHaveLength(1);
  expect(hook.deliveries.filter((d) => d.payload.message.text === 'sent while offline')).toHaveLength(1);
});
