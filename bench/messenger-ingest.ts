// Messenger webhook ingest (issue 16, "Figures"): inbound messages per second into committed
// conversations for Telegram and WhatsApp, beside the generic API channel, in the same run, on
// one `textdesk server` process (the real binary, its own process so its CPU is its own): the
// same number of messages, the same 32 in flight, every message from a new contact, each path
// signed as its provider signs (Telegram's secret_token header, Meta's X-Hub-Signature-256 HMAC
// of the raw body, the API channel's bearer secret). Each request is answered only once its
// message is committed.
//
// No provider delivery in the measured window, on any path: each path and round has a fresh
// server process with only its own channel, and every new conversation's greeting, which the
// outbox sends to the API channel's webhook, a Bot API sendMessage or the Cloud API's /messages,
// is held unanswered by one sink in this process (the Telegram bot's 30-a-second send limit would
// otherwise stretch its path alone). The window runs from the first request to the last answer;
// the server's CPU is read over it.
//
// What the provider paths cost over the API channel (their server CPU per message minus the
// API channel's) is the signature check and the provider's payload parsing (and their intake's
// other steps: the contact's name, the update's dedup key); the signature check alone is timed
// in-process too.
//
//   node --import tsx bench/messenger-ingest.ts [--messages 3000] [--rounds 3] [--json]
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { httpApiClient } from '../cli/api-client';
import { spawnServer } from '../cli/load/spawn-server';
import { webhookSecret } from '../server/channels/telegram/settings';
import { textUpdate } from '../test/providers/telegram-fixtures';
import { textMessage } from '../test/providers/whatsapp-fixtures';

type Path = 'api' | 'telegram' | 'whatsapp';
const PATHS: Path[] = ['api', 'telegram', 'whatsapp'];
const IN_FLIGHT = 32;
const BOT_TOKEN = '7000000001:bench-token';
const NUMBERS = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
const APP_SECRET = 'bench-app-secret-0123456789';
const TEXT = 'Здравствуйте! Заказ 48213 так и не пришёл, подскажите, где он?';

export interface PathResult {
  path: Path;
  messagesPerSec: number;
  /** The server's CPU (all threads) per message, its greeting's delivery included. */
  serverCpuUsPerMessage: number;
}

export interface MessengerIngestResult {
  messages: number;
  rounds: PathResult[][];
  /** Mean over rounds, per path. */
  mean: PathResult[];
  /** One signature check in-process, µs: Meta's HMAC-SHA256 of the body, Telegram's header compare. */
  signatureUs: { whatsapp: number; telegram: number };
  /** Greetings the sink held unanswered, over every path and round (the outbox's attempts). */
  heldDeliveries: number;
  loadAverage: number[];
}

/** The providers' side: answers setWebhook, holds every delivery (counted) unanswered. */
class Sink {
  held = 0;
  private readonly server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '';
      if (url === '/api-hook' || url.endsWith('/sendMessage') || url.endsWith('/messages')) return void this.held++;
      if (url.startsWith('/bot'))
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"result":true}');
      res.writeHead(404).end();
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function timeUs(fn: () => void, n = 20_000): number {
  for (let i = 0; i < 1000; i++) fn();
  const started = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - started) * 1000) / n;
}

/** The signature checks alone, as the webhooks do them, on a body of the bench's size. */
function signatureCosts(): { whatsapp: number; telegram: number } {
  const body = Buffer.from(
    JSON.stringify(textMessage(NUMBERS, { waId: '79001234567', name: 'Иван' }, 'wamid.x', TEXT, 0)),
  );
  const header = Buffer.from(`sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`);
  const whatsapp = timeUs(() => {
    const expected = Buffer.from(`sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`);
    if (!timingSafeEqual(expected, header)) throw new Error('signature');
  });
  const secret = Buffer.from(webhookSecret('channel-secret'));
  const telegram = timeUs(() => {
    // The channel's secret_token is derived from its secret (one HMAC), then compared.
    const expected = Buffer.from(webhookSecret('channel-secret'));
    if (!timingSafeEqual(expected, secret)) throw new Error('secret');
  });
  return { whatsapp, telegram };
}

/** One path on a server of its own: its channel, the messages, the window's rate and CPU. */
async function measurePath(path: Path, sinkUrl: string, messages: number): Promise<PathResult> {
  const server = await spawnServer({ logLevel: 'error' });
  try {
    let token: string | null = null;
    const admin = httpApiClient(server.url, () => token);
    token = (await admin.auth.login.mutate({ login: 'admin', password: server.adminPassword })).token;
    await admin.admin.createQueue.mutate({ id: 'q', name: 'Q' });
    const request = await channelFor(path, admin, sinkUrl, server.url);
    const cpu0 = server.cpuMs();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < messages) {
          const [url, init] = request(next++);
          const response = await fetch(url, init);
          await response.arrayBuffer();
          if (response.status >= 300) throw new Error(`${path} answered ${response.status}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = server.cpuMs() - cpu0;
    return { path, messagesPerSec: messages / seconds, serverCpuUsPerMessage: (cpuMs * 1000) / messages };
  } finally {
    await server.stop();
  }
}

type ApiAdmin = ReturnType<typeof httpApiClient>;

/** Creates the path's channel; gives the request for the i-th message, signed as its provider signs. */
async function channelFor(
  path: Path,
  admin: ApiAdmin,
  sinkUrl: string,
  serverUrl: string,
): Promise<(i: number) => [string, RequestInit]> {
  const json = { 'content-type': 'application/json' };
  if (path === 'api') {
    const { secret } = await admin.admin.createChannel.mutate({
      id: 'api',
      name: 'API',
      queueId: 'q',
      adapter: 'api',
      settings: { webhookUrl: `${sinkUrl}/api-hook` },
    });
    return (i) => [
      `${serverUrl}/channels/api/api/messages`,
      {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${secret}` },
        body: JSON.stringify({ id: `m${i}`, contact: { id: `c${i}`, name: 'Иван' }, text: TEXT }),
      },
    ];
  }
  if (path === 'telegram') {
    const { secret } = await admin.admin.createChannel.mutate({
      id: 'tg',
      name: 'TG',
      queueId: 'q',
      adapter: 'telegram',
      medium: 'messenger',
      settings: { mode: 'webhook', apiUrl: sinkUrl, publicUrl: serverUrl },
      credentials: { token: BOT_TOKEN },
    });
    const header = { ...json, 'x-telegram-bot-api-secret-token': webhookSecret(secret) };
    return (i) => [
      `${serverUrl}/channels/telegram/tg/webhook`,
      {
        method: 'POST',
        headers: header,
        body: JSON.stringify(textUpdate(i + 1, { id: 5_000_000_000 + i, first_name: 'Иван' }, TEXT)),
      },
    ];
  }
  await admin.admin.createChannel.mutate({
    id: 'wa',
    name: 'WA',
    queueId: 'q',
    adapter: 'whatsapp',
    medium: 'messenger',
    settings: { apiUrl: `${sinkUrl}/v21.0`, phoneNumberId: NUMBERS.phoneNumberId },
    credentials: { accessToken: 'bench-access-token', appSecret: APP_SECRET, verifyToken: 'bench-verify' },
  });
  return (i) => {
    const sender = { waId: String(79_000_000_000 + i), name: 'Иван' };
    const body = JSON.stringify(textMessage(NUMBERS, sender, `wamid.in${i}`, TEXT, Date.now()));
    const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
    return [
      `${serverUrl}/channels/whatsapp/wa/webhook`,
      { method: 'POST', headers: { ...json, 'x-hub-signature-256': signature }, body },
    ];
  };
}

export async function runMessengerIngest(opts: { messages: number; rounds: number }): Promise<MessengerIngestResult> {
  const sink = new Sink();
  await sink.start();
  try {
    const rounds: PathResult[][] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const results: PathResult[] = [];
      for (const path of PATHS) results.push(await measurePath(path, sink.url, opts.messages));
      rounds.push(results);
    }
    const mean = PATHS.map((path, i) => ({
      path,
      messagesPerSec: avg(rounds.map((r) => r[i].messagesPerSec)),
      serverCpuUsPerMessage: avg(rounds.map((r) => r[i].serverCpuUsPerMessage)),
    }));
    return {
      messages: opts.messages,
      rounds,
      mean,
      heldDeliveries: sink.held,
      signatureUs: signatureCosts(),
      loadAverage: os.loadavg(),
    };
  } finally {
    await sink.close();
  }
}

const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
/** A CPU difference in ms with its sign: +0.03 ms, −0.02 ms. */
const signedMs = (us: number) => `${us < 0 ? '−' : '+'}${Math.abs(us / 1000).toFixed(2)} ms`;

export function report(result: MessengerIngestResult): string {
  const api = result.mean[0];
  const lines = [
    `${result.messages} messages per path and round, ${IN_FLIGHT} in flight, ${result.rounds.length} rounds; ` +
      `load average ${result.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    '| path | messages/s (mean) | server CPU per message | over the API channel |',
    '|---|---|---|---|',
    ...result.mean.map(
      (r) =>
        `| ${r.path} | ${r.messagesPerSec.toFixed(0)} | ${(r.serverCpuUsPerMessage / 1000).toFixed(2)} ms | ` +
        `${r.path === 'api' ? '—' : signedMs(r.serverCpuUsPerMessage - api.serverCpuUsPerMessage)} |`,
    ),
    `rounds: ${result.rounds.map((r) => r.map((p) => `${p.path} ${p.messagesPerSec.toFixed(0)}/s`).join(', ')).join(' | ')}`,
    `deliveries held unanswered by the sink (all paths): ${result.heldDeliveries}`,
    `signature check alone: WhatsApp HMAC-SHA256 of the body ${result.signatureUs.whatsapp.toFixed(1)} µs, ` +
      `Telegram secret_token ${result.signatureUs.telegram.toFixed(1)} µs`,
  ];
  return lines.join('\n');
}

/** For bench/run-all.ts. */
export async function run(): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const result = await runMessengerIngest({ messages: 3000, rounds: 3 });
  const api = result.mean[0];
  const rows: [string, string][] = result.mean.flatMap((r): [string, string][] => [
    [`${r.path} webhook messages/s`, r.messagesPerSec.toFixed(0)],
    [
      `${r.path} server CPU per message`,
      `${(r.serverCpuUsPerMessage / 1000).toFixed(2)} ms` +
        (r.path === 'api' ? '' : ` (${signedMs(r.serverCpuUsPerMessage - api.serverCpuUsPerMessage)})`),
    ],
  ]);
  return { text: report(result), rows, ok: true };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '3000' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const result = await runMessengerIngest({ messages: Number(values.messages), rounds: Number(values.rounds) });
  console.log(values.json ? JSON.stringify(result, null, 2) : report(result));
}
