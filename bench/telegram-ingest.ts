// Telegram webhook ingest beside the generic API channel, in one process, the same client for
// both: updates per second into committed conversations (each answered 200/202 only once
// committed), with 32 requests in flight, every message from a new contact (the per-contact flood
// limit stays out of it). Indicative: the client shares the server's process and cores.
//
//   node --import tsx bench/telegram-ingest.ts [--messages 3000]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { httpApiClient } from '../cli/api-client';
import { startServer } from '../server/app';
import { webhookSecret } from '../server/channels/telegram/settings';
import { loadConfig } from '../server/config';
import { tempDataDir } from '../test/helpers/server';
import { FakeBotApi } from '../test/providers/telegram-bot-api';
import { textUpdate } from '../test/providers/telegram-fixtures';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '3000' } } });
const messages = Number(values.messages);
const IN_FLIGHT = 32;

const dir = tempDataDir();
const fake = new FakeBotApi();
const apiUrl = await fake.start();
const config = loadConfig({
  env: {},
  flags: { port: 0, logLevel: 'silent', adminPassword: 'bench-password-1', data: dir, contactBurst: 1000 },
});
const server = await startServer(config, { log: pino({ level: 'silent' }) });
let token: string | null = null;
const admin = httpApiClient(server.url, () => token);
token = (await admin.auth.login.mutate({ login: 'admin', password: 'bench-password-1' })).token;
await admin.admin.createQueue.mutate({ id: 'q', name: 'Q' });
const api = await admin.admin.createChannel.mutate({ id: 'api', name: 'API', queueId: 'q', adapter: 'api' });
const tg = await admin.admin.createChannel.mutate({
  id: 'tg',
  name: 'TG',
  queueId: 'q',
  adapter: 'telegram',
  medium: 'messenger',
  // Polling against a fake that holds no updates: nothing else runs; the webhook route is mounted either way.
  settings: { mode: 'polling', apiUrl, pollTimeoutSeconds: 50 },
  credentials: { token: fake.token },
});
const secret = webhookSecret(tg.secret);
const text = 'Здравствуйте! Заказ 48213 так и не пришёл, подскажите, где он?';

async function drive(send: (i: number) => Promise<Response>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < messages) {
        const response = await send(next++);
        await response.arrayBuffer();
        if (response.status >= 300) throw new Error(`answered ${response.status}`);
      }
    }),
  );
  return messages / ((performance.now() - started) / 1000);
}

const results: Record<string, number> = {};
for (const round of [1, 2]) {
  results[`api#${round}`] = await drive((i) =>
    fetch(`${server.url}/channels/api/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.secret}` },
      body: JSON.stringify({ id: `r${round}-m${i}`, contact: { id: `r${round}-c${i}`, name: 'Иван' }, text }),
    }),
  );
  results[`telegram#${round}`] = await drive((i) =>
    fetch(`${server.url}/channels/telegram/tg/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(textUpdate(round * 1_000_000 + i, { id: round * 1_000_000 + i, first_name: 'Иван' }, text)),
    }),
  );
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(v)]))));
await server.close();
await fake.close();
fs.rmSync(dir, { recursive: true, force: true });
