// E-mail ingest (issue 14 §4, DESIGN.md §5): mails per second through textdesk's SMTP listener
// into committed conversations, beside the raw limit — a bare smtp-server sink that only reads and
// counts the bytes — in the same run, under the same client: nodemailer with a pool of
// connections and as many concurrent senders, each mail from a customer address that changes
// every few mails (the listener lets a sender have 10 at once, then one per 6 s).
//
// Two cases: 5 KB text mails, and mails with a 1 MB attachment. Each mail is stored whole as well
// (original.eml), and the attachment as a file of its own, both content-addressed and flushed.
//
// textdesk answers 250 only once the mail is committed; the count of customer messages is checked
// at the end anyway, from the supervisor's event feed replayed from its start.
//
//   node --import tsx bench/email-ingest.ts [--connections 8] [--senders 8] [--duration-ms 10000]
//        [--warmup-ms 2000] [--cases text,attachment] [--json]
//        [--server-node-args "--cpu-prof --cpu-prof-dir /tmp/prof"]
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { httpApiClient, type ApiClient } from '../cli/api-client';
import { createLatencyHistogram, type LatencyPercentiles } from '../cli/load/histogram';
import { spawnServer } from '../cli/load/spawn-server';
import { splitNodeArgs } from './lib/load-options';
import { startSmtpSinkProcess } from './lib/smtp-sink-process';

export type MailCase = 'text' | 'attachment';

export interface EmailIngestOptions {
  /** SMTP connections in the client's pool. */
  connections: number;
  /** Senders sending back to back, each waiting for its 250 before the next mail. */
  senders: number;
  durationMs: number;
  warmupMs: number;
  cases: MailCase[];
  /** Extra node arguments for the textdesk server (profiling). */
  serverNodeArgs?: string[];
}

export interface IngestSide {
  side: 'raw' | 'textdesk';
  /** Mails answered 250 within the measured window, and their bytes. */
  mails: number;
  bytes: number;
  mailsPerSec: number;
  mbPerSec: number;
  /** From the client's sendMail to the 250: one SMTP transaction (MAIL, RCPT, DATA). */
  latency: LatencyPercentiles;
  /** The server's CPU (all threads) per mail over the window. */
  serverCpuUsPerMail: number;
  /** Every 250 of the run (warm-up and tail included) against what the server holds. */
  accepted: number;
  held: number;
  refused: Record<string, number>;
}

export interface IngestCase {
  kind: MailCase;
  mailBytes: number;
  raw: IngestSide;
  textdesk: IngestSide;
  /** textdesk's mails/s over the sink's. */
  ratio: number;
}

const CHANNEL_ADDRESS = 'support@bench.textdesk';
/** Under the listener's burst of 10 per sender. */
const MAILS_PER_ADDRESS = 8;
const MB = 1024 * 1024;

/** A raw mail for each send: a unique Message-ID and sender on one pre-built body. */
interface MailFactory {
  bytes: number;
  make(from: string, id: string): Buffer;
}

async function mailFactory(kind: MailCase): Promise<MailFactory> {
  const paragraph =
    'Hello, I ordered a kettle last week (order 48213) and it has not arrived. The tracking page says ' +
    'it left the warehouse on Monday and nothing since. Could you check where it is?\n';
  const compose = (text: string) =>
    new MailComposer({
      from: 'from-address@bench.test',
      to: CHANNEL_ADDRESS,
      subject: kind === 'text' ? 'Where is my order?' : 'Receipt attached',
      messageId: '<MESSAGE_ID>',
      text: `${text}Здравствуйте, заказ так и не пришёл.`,
      ...(kind === 'attachment'
        ? { attachments: [{ filename: 'receipt.pdf', contentType: 'application/pdf', content: randomBytes(MB) }] }
        : {}),
    })
      .compile()
      .build();
  let composed = await compose('Here is the receipt you asked for.\n');
  if (kind === 'text') {
    // Text long enough for the whole mail, headers and encoding included, to be 5 KB.
    const long = paragraph.repeat(40);
    const overhead = (await compose('')).length;
    composed = await compose(long.slice(0, 5000 - overhead));
  }
  const split = composed.indexOf('\r\n\r\n');
  const head = composed.subarray(0, split).toString('latin1');
  const body = composed.subarray(split);
  const headFor = (from: string, id: string) =>
    Buffer.from(head.replace('from-address@bench.test', from).replace('<MESSAGE_ID>', `<${id}@bench.test>`), 'latin1');
  return {
    bytes: composed.length,
    make: (from, id) => Buffer.concat([headFor(from, id), body]),
  };
}

interface DriveResult {
  mails: number;
  bytes: number;
  latency: LatencyPercentiles;
  serverCpuMs: number;
  accepted: number;
  refused: Record<string, number>;
}

/** Sends for warm-up plus the window, measuring only the window. */
async function drive(
  port: number,
  mail: MailFactory,
  opts: EmailIngestOptions,
  serverCpuMs: () => number,
  runTag: string,
): Promise<DriveResult> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: opts.connections,
    maxMessages: Infinity,
  });
  const histogram = createLatencyHistogram();
  const refused: Record<string, number> = {};
  let measuring = false;
  let stopping = false;
  let mails = 0;
  let bytes = 0;
  let accepted = 0;
  const sender = async (index: number): Promise<void> => {
    for (let n = 0; !stopping; n++) {
      const from = `customer-${runTag}-${index}-${Math.floor(n / MAILS_PER_ADDRESS)}@bench.test`;
      const raw = mail.make(from, `${runTag}-${index}-${n}`);
      const started = performance.now();
      try {
        await transport.sendMail({ envelope: { from, to: [CHANNEL_ADDRESS] }, raw });
        accepted++;
        if (measuring) {
          histogram.record(performance.now() - started);
          mails++;
          bytes += raw.length;
        }
      } catch (error) {
        const code = String((error as { responseCode?: number }).responseCode ?? (error as Error).message);
        refused[code] = (refused[code] ?? 0) + 1;
      }
    }
  };
  const senders = Array.from({ length: opts.senders }, (_, i) => sender(i));
  await new Promise((resolve) => setTimeout(resolve, opts.warmupMs));
  measuring = true;
  const cpu0 = serverCpuMs();
  await new Promise((resolve) => setTimeout(resolve, opts.durationMs));
  measuring = false;
  const cpu = serverCpuMs() - cpu0;
  stopping = true;
  await Promise.all(senders);
  transport.close();
  return { mails, bytes, latency: histogram.percentiles(), serverCpuMs: cpu, accepted, refused };
}

const side = (name: IngestSide['side'], r: DriveResult, durationMs: number, held: number): IngestSide => ({
  side: name,
  mails: r.mails,
  bytes: r.bytes,
  mailsPerSec: (r.mails * 1000) / durationMs,
  mbPerSec: (r.bytes * 1000) / durationMs / MB,
  latency: r.latency,
  serverCpuUsPerMail: r.mails > 0 ? (r.serverCpuMs * 1000) / r.mails : 0,
  accepted: r.accepted,
  held,
  refused: r.refused,
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rawSide(mail: MailFactory, opts: EmailIngestOptions): Promise<IngestSide> {
  const sink = await startSmtpSinkProcess();
  let result: DriveResult;
  try {
    result = await drive(sink.port, mail, opts, sink.cpuMs, `raw${Date.now().toString(36)}`);
  } catch (error) {
    await sink.stop().catch(() => undefined);
    throw error;
  }
  return side('raw', result, opts.durationMs, (await sink.stop()).mails);
}

/**
 * Customer messages the server has committed, read back through the API: every conversation in
 * the supervisor's snapshot, and its transcript (a queued conversation's messages are on no feed).
 */
async function committedCustomerMessages(admin: ApiClient): Promise<number> {
  const { conversations } = await admin.supervisor.snapshot.query();
  let count = 0;
  for (const { id } of conversations) {
    // Fewer than MAILS_PER_ADDRESS mails per conversation, so one page holds them all.
    const messages = await admin.operator.messages.query({ conversationId: id });
    count += messages.filter((m) => m.author.type === 'customer').length;
  }
  return count;
}

async function textdeskSide(mail: MailFactory, opts: EmailIngestOptions): Promise<IngestSide> {
  const smtpPort = await freePort();
  const server = await spawnServer({ env: { TEXTDESK_SMTP_PORT: String(smtpPort) }, nodeArgs: opts.serverNodeArgs });
  try {
    let token: string | null = null;
    const admin = httpApiClient(server.url, () => token);
    token = (await admin.auth.login.mutate({ login: 'admin', password: server.adminPassword })).token;
    await admin.admin.createQueue.mutate({ id: 'mail', name: 'Mail' });
    await admin.admin.createChannel.mutate({
      id: 'mail',
      name: 'Mail',
      queueId: 'mail',
      adapter: 'email',
      medium: 'email',
      lang: 'en',
      // Nothing is answered in this bench, so the relay is never reached.
      settings: { address: CHANNEL_ADDRESS, company: 'Bench', relayHost: '127.0.0.1', relayPort: 9 },
    });
    const result = await drive(smtpPort, mail, opts, server.cpuMs, `td${Date.now().toString(36)}`);
    const held = await committedCustomerMessages(admin);
    return side('textdesk', result, opts.durationMs, held);
  } finally {
    await server.stop();
  }
}

export async function runEmailIngestBench(opts: EmailIngestOptions): Promise<IngestCase[]> {
  const cases: IngestCase[] = [];
  for (const kind of opts.cases) {
    const mail = await mailFactory(kind);
    const raw = await rawSide(mail, opts);
    const textdesk = await textdeskSide(mail, opts);
    cases.push({ kind, mailBytes: mail.bytes, raw, textdesk, ratio: textdesk.mailsPerSec / raw.mailsPerSec });
  }
  return cases;
}

/** Every mail answered 250 is held by the server, and nothing was refused. */
export const isExact = (s: IngestSide): boolean => s.accepted === s.held && Object.keys(s.refused).length === 0;

const fixed = (v: number, digits = 1) => v.toFixed(digits);
const CASE_NAME: Record<MailCase, string> = {
  text: '5 KB text',
  attachment: '1 MB attachment',
};

export function formatEmailIngest(cases: IngestCase[], opts: EmailIngestOptions): string {
  const lines = [
    `E-mail ingest through the SMTP listener: ${opts.connections} pooled connections, ${opts.senders} senders, ` +
      `${opts.durationMs / 1000} s measured after ${opts.warmupMs / 1000} s warm-up`,
    '',
    '| mail | side | mails/s | MB/s | p50 | p99 | server CPU per mail | accounting |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of cases) {
    for (const s of [c.raw, c.textdesk]) {
      const accounting =
        `${s.accepted} answered 250, ${s.held} ${s.side === 'raw' ? 'read by the sink' : 'committed'}` +
        (Object.keys(s.refused).length > 0 ? `, refused ${JSON.stringify(s.refused)}` : '') +
        (isExact(s) ? '' : ' — MISMATCH');
      lines.push(
        `| ${CASE_NAME[c.kind]}, ${fixed(c.mailBytes / 1000, 1)} kB mail | ${s.side === 'raw' ? 'bare smtp-server sink' : 'textdesk'} ` +
          `| ${fixed(s.mailsPerSec)} | ${fixed(s.mbPerSec, 2)} | ${fixed(s.latency.p50, 2)} ms | ${fixed(s.latency.p99, 2)} ms ` +
          `| ${fixed(s.serverCpuUsPerMail / 1000, 2)} ms | ${accounting} |`,
      );
    }
  }
  lines.push('');
  for (const c of cases)
    lines.push(`${CASE_NAME[c.kind]}: textdesk = ${fixed(c.ratio * 100, 0)} % of the raw limit (target ≥ 50 %)`);
  return lines.join('\n');
}

const DEFAULTS: EmailIngestOptions = {
  connections: 8,
  senders: 8,
  durationMs: 10_000,
  warmupMs: 2_000,
  cases: ['text', 'attachment'],
};

/** For run-all.ts: the default run, as summary rows. */
export async function run(): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const cases = await runEmailIngestBench(DEFAULTS);
  return {
    text: formatEmailIngest(cases, DEFAULTS),
    rows: cases.map((c) => [
      `e-mail ingest ${c.kind}`,
      `${fixed(c.textdesk.mailsPerSec)} mails/s = ${fixed(c.ratio * 100, 0)} % of raw`,
    ]),
    ok: cases.every((c) => isExact(c.raw) && isExact(c.textdesk)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: String(DEFAULTS.connections) },
      senders: { type: 'string' },
      'duration-ms': { type: 'string', default: String(DEFAULTS.durationMs) },
      'warmup-ms': { type: 'string', default: String(DEFAULTS.warmupMs) },
      cases: { type: 'string', default: DEFAULTS.cases.join(',') },
      json: { type: 'boolean', default: false },
      'server-node-args': { type: 'string', default: '' },
    },
  });
  const connections = Number(values.connections);
  const opts: EmailIngestOptions = {
    connections,
    senders: Number(values.senders ?? connections),
    durationMs: Number(values['duration-ms']),
    warmupMs: Number(values['warmup-ms']),
    cases: values.cases.split(',') as MailCase[],
    serverNodeArgs: splitNodeArgs(values['server-node-args']),
  };
  const cases = await runEmailIngestBench(opts);
  console.log(values.json ? JSON.stringify(cases, null, 2) : formatEmailIngest(cases, opts));
  if (!cases.every((c) => isExact(c.raw) && isExact(c.textdesk))) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
