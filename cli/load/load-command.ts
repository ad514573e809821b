// `textdesk load`: simulated customers and operators against a running server (--url, with an
// admin login to set up its own queue, channels and operators) or one it starts (--spawn).
import { Option, type Command } from 'commander';
import { describeApiError } from '../api-client';
import { addressOrExit, userOption } from '../client-options';
import type { LoadServer } from './connect-run';
import type { LoadSummary } from './load-summary';
import { progressLine, summaryText } from './report';
import { runLoad } from './run-load';
import {
  defineScenario,
  loadScenarioFile,
  ScenarioError,
  withOverrides,
  type ChannelChoice,
  type Millis,
  type ScenarioInput,
} from './scenario';
import { spawnServer, type SpawnedServer } from './spawn-server';

/** "10s", "1500ms", "2m" or plain milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new ScenarioError(`not a duration: "${value}" (e.g. 10s, 500ms, 2m)`);
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n;
}

/** "50" or "20-80" (ms). */
export function parseMillis(value: string): Millis {
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!m) throw new ScenarioError(`not a time in ms or a range: "${value}" (e.g. 50 or 20-80)`);
  return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
}

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

export interface LoadFlags {
  url?: string;
  spawn?: boolean;
  user: string;
  scenario?: string;
  customers?: string;
  operators?: string;
  capacity?: string;
  channel?: string;
  rate?: string;
  inFlight?: string;
  duration?: string;
  rampUp?: string;
  messageSize?: string;
  think?: string;
  replyRatio?: string;
  resolveAfter?: string;
  drain?: string;
  seed?: string;
  json?: boolean;
  quiet?: boolean;
  maxLost: string;
  maxErrors: string;
  serverNodeArgs?: string;
}

export function overridesFrom(flags: LoadFlags): ScenarioInput {
  return {
    customers: num(flags.customers),
    operators: num(flags.operators),
    capacity: num(flags.capacity),
    channel: flags.channel as ChannelChoice | undefined,
    ratePerSec: num(flags.rate),
    inFlightPerCustomer: num(flags.inFlight),
    durationMs: flags.duration === undefined ? undefined : parseDuration(flags.duration),
    rampUpMs: flags.rampUp === undefined ? undefined : parseDuration(flags.rampUp),
    messageBytes: num(flags.messageSize),
    thinkMs: flags.think === undefined ? undefined : parseMillis(flags.think),
    replyRatio: num(flags.replyRatio),
    resolveAfterReplies: num(flags.resolveAfter),
    drainMs: flags.drain === undefined ? undefined : parseDuration(flags.drain),
    seed: num(flags.seed),
  };
}

/** Exit status: 0 when within thresholds; 1 when losses (lost + duplicated + unknown) exceed
 * --max-lost or errors exceed --max-errors. */
export function verdict(summary: LoadSummary, maxLost: number, maxErrors: number): { ok: boolean; reasons: string[] } {
  const bad = (c: LoadSummary['customerMessages']): number => c.lost + c.duplicates + c.unknown;
  const lost = bad(summary.customerMessages) + bad(summary.replies);
  const reasons: string[] = [];
  if (lost > maxLost) reasons.push(`${lost} messages lost, duplicated or unknown (--max-lost ${maxLost})`);
  if (summary.errorCount > maxErrors) reasons.push(`${summary.errorCount} errors (--max-errors ${maxErrors})`);
  return { ok: reasons.length === 0, reasons };
}

export function registerLoadCommand(program: Command): void {
  program
    .command('load')
    .description(
      'simulate customers (web chat, HTTP API) and operators against a server and report throughput, latency and exact delivery',
    )
    .addOption(
      new Option(
        '--url <url>',
        'server to load, http(s):// or ws(s)://HOST:PORT; needs an admin login (--user, TEXTDESK_PASSWORD)',
      ).env('TEXTDESK_URL'),
    )
    .option('--spawn', 'start a textdesk server of its own on a temporary store and stop it at the end')
    .addOption(userOption('admin login for --url', 'admin'))
    .option('--scenario <file>', 'TypeScript module exporting defineScenario({ … }); flags override it')
    .option('--customers <n>', 'simulated customers (default 20)')
    .option('--operators <n>', 'simulated operators (default 5)')
    .option('--capacity <n>', 'conversations per operator (default: enough for every customer)')
    .option('--channel <kind>', 'api | webchat | both (default both)')
    .option('--rate <msg/s>', 'open loop: customer messages per second over all customers (default 20)')
    .option('--in-flight <n>', 'closed loop instead: messages each customer keeps in flight')
    .option('--duration <time>', 'how long customers send, e.g. 30s (default 10s)')
    .option('--ramp-up <time>', 'open loop: rate climbs from 0 over this; closed loop: customers start over this')
    .option('--message-size <bytes>', 'text size of each message (default 64)')
    .option('--think <ms>', 'operator think time before answering, ms or min-max (default 20-80)')
    .option('--reply-ratio <0..1>', 'share of customer messages operators answer (default 1)')
    .option('--resolve-after <n>', 'operators resolve a conversation after n replies (default 0: never)')
    .option('--drain <time>', 'wait this long after sending for messages in flight (default 10s)')
    .option('--seed <n>', 'seed for think times and reply choices')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no progress line')
    .option('--max-lost <n>', 'exit 1 when more messages are lost, duplicated or unknown', '0')
    .option('--max-errors <n>', 'exit 1 when more errors occur', '0')
    .option('--server-node-args <args>', 'with --spawn: extra node arguments for the server, e.g. "--cpu-prof"')
    .action(async (flags: LoadFlags, command: Command) => {
      let spawned: SpawnedServer | null = null;
      // A shell's TEXTDESK_URL is a default, not a choice: --spawn wins over it.
      if (flags.spawn && command.getOptionValueSource('url') === 'env') flags.url = undefined;
      try {
        if (!flags.spawn === !flags.url) throw new ScenarioError('give either --url <server> or --spawn');
        const base = flags.scenario ? await loadScenarioFile(flags.scenario) : defineScenario({});
        const scenario = withOverrides(base, overridesFrom(flags));
        let server: LoadServer;
        if (flags.spawn) {
          spawned = await spawnServer({ nodeArgs: flags.serverNodeArgs?.split(/\s+/).filter(Boolean) });
          server = {
            url: spawned.url,
            wsUrl: spawned.wsUrl,
            admin: { login: 'admin', password: spawned.adminPassword },
          };
        } else {
          const password = process.env.TEXTDESK_PASSWORD;
          if (!password) throw new ScenarioError('set TEXTDESK_PASSWORD to the admin password of --url');
          const address = addressOrExit('load', flags.url!);
          server = { url: address.http, wsUrl: address.ws, admin: { login: flags.user, password } };
        }
        const tty = process.stderr.isTTY;
        const summary = await runLoad(scenario, server, {
          onProgress: flags.quiet
            ? undefined
            : (p) => process.stderr.write(tty ? `\r\x1b[2K${progressLine(p)}` : `${progressLine(p)}\n`),
        });
        if (!flags.quiet && tty) process.stderr.write('\n');
        const { ok, reasons } = verdict(summary, Number(flags.maxLost), Number(flags.maxErrors));
        if (flags.json) process.stdout.write(`${JSON.stringify({ ...summary, ok, failures: reasons }, null, 2)}\n`);
        else process.stdout.write(`${summaryText(summary)}\n${ok ? 'PASS' : `FAIL: ${reasons.join('; ')}`}\n`);
        process.exitCode = ok ? 0 : 1;
      } catch (error) {
        const message =
          error instanceof ScenarioError ? error.message : describeApiError(error, flags.url ?? 'the spawned server');
        process.stderr.write(`textdesk load: ${message}\n`);
        process.exitCode = 2;
      } finally {
        await spawned?.stop();
      }
      // Keep-alive sockets and timers of the clients must not hold the process open.
      process.exit(process.exitCode ?? 0);
    });
}
