// `textdesk demo` (what `npm start` runs): a server on a throw-away embedded store, seeded with
// queues, operators and templates, with simulated customers writing in and a simulated
// colleague answering — everything through the real HTTP channel and tRPC API. While it runs,
// `textdesk demo --print-env` (from the same directory) prints how to reach it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { startServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { httpApiClient } from '../api-client';
import { ATTACH_DASHBOARD_COMMAND } from './attach-dashboard';
import { startColleague } from './colleague';
import { SimulatedCustomers } from './customers';
import { DemoMailRelay, MailingCustomers } from './mail';
import { MessengerCustomers } from './messenger-customers';
import { DemoMessengerProviders } from './messengers';
import { DEFAULT_DEMO_DIR, readDemoRun, removeDemoRun, shellExports, writeDemoRun } from './run-file';
import { DEMO_COLLEAGUE, DEMO_OPERATOR, DEMO_SHOP_CHANNEL, seedDemo } from './seed';
import { seedMessengers } from './seed-messengers';
import { startDemoSite } from './site';

const DEMO_ADMIN = { login: 'admin', password: 'demo-admin-password' };

export interface DemoEnvironment {
  url: string;
  wsUrl: string;
  dataDir: string;
  logFile: string;
  /** The sample shop page with the chat widget (site.ts). */
  siteUrl: string;
  stop(): Promise<void>;
}

/** `runDir`: where to write how to reach the demo (for --print-env); nothing is written without it. */
export async function startDemo(opts: {
  port: number;
  customerIntervalMs: number;
  runDir?: string;
}): Promise<DemoEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-demo-'));
  const logFile = path.join(dataDir, 'server.log');
  const adminPassword = DEMO_ADMIN.password;
  // The SMTP listener on a free port: the demo's customers mail the e-mail channel through it.
  const config = loadConfig({ flags: { port: opts.port, data: dataDir, adminPassword, smtpPort: 0 } });
  // The console owns the terminal, so the server logs to a file.
  const server = await startServer(config, {
    log: pino({ level: 'info' }, pino.destination({ dest: logFile, sync: false })),
  });
  let token: string | null = null;
  const admin = httpApiClient(server.url, () => token);
  token = (await admin.auth.login.mutate({ login: DEMO_ADMIN.login, password: adminPassword })).token;
  // Replies to e-mail go to a relay that keeps them in the demo's directory.
  const relay = new DemoMailRelay(path.join(dataDir, 'sent-mail.log'));
  const mail = new MailingCustomers(server.listenerPorts.smtp);
  const customers = new SimulatedCustomers(server.url, 'web-chat', opts.customerIntervalMs, mail);
  // Telegram, WhatsApp, VK, Viber and SMS go to stand-ins of their providers, which keep replies
  // in sent-messengers.log.
  const providers = new DemoMessengerProviders(path.join(dataDir, 'sent-messengers.log'));
  const site = await startDemoSite(() => server.url, DEMO_SHOP_CHANNEL);
  const [webhookUrl, relayPort] = await Promise.all([customers.listen(), relay.listen(), providers.listen()]);
  const { secret } = await seedDemo(admin, webhookUrl, relayPort, site.origins);
  const messengers = new MessengerCustomers(
    server.url,
    providers,
    await seedMessengers(admin, providers, server.url),
    opts.customerIntervalMs,
  );
  const colleague = await startColleague(server.url, server.wsUrl, DEMO_COLLEAGUE.login, DEMO_COLLEAGUE.password);
  customers.start(secret);
  messengers.start();
  const { runDir } = opts;
  if (runDir) {
    writeDemoRun(runDir, {
      pid: process.pid,
      url: server.url,
      wsUrl: server.wsUrl,
      logFile,
      logins: { demo: { login: DEMO_OPERATOR.login, password: DEMO_OPERATOR.password }, admin: DEMO_ADMIN },
    });
  }
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    dataDir,
    logFile,
    siteUrl: site.url,
    async stop() {
      if (runDir) removeDemoRun(runDir, process.pid);
      await site.close();
      await customers.stop();
      messengers.stop();
      await colleague.close();
      await server.close();
      await relay.close();
      await providers.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How long a signalled demo waits for its parts to close before it deletes its store and exits anyway. */
const STOP_DEADLINE_MS = 5_000;

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('try textdesk at once: a server with simulated customers, on a temporary store')
    .option('--port <port>', 'port for the demo server (0 picks a free one)', '0')
    .option('--interval <ms>', 'mean time between simulated customer messages', '6000')
    .option('--lang <lang>', 'console language: en or ru (default: from LANG)')
    .option('--dir <dir>', 'where the running demo notes its address and logins, for --print-env', DEFAULT_DEMO_DIR)
    .option(
      '--print-env [login]',
      'print `export TEXTDESK_URL=… TEXTDESK_USER=… TEXTDESK_PASSWORD=…` for the demo running from --dir, ' +
        'as the demo supervisor (demo) or admin, and exit',
    )
    .action(async (flags) => {
      if (flags.printEnv !== undefined) printEnv(flags.dir, flags.printEnv === true ? 'demo' : flags.printEnv);
      const demo = await startDemo({
        port: Number(flags.port),
        customerIntervalMs: Number(flags.interval),
        runDir: flags.dir,
      });
      // A closed terminal or SSH session (SIGHUP) and a kill (SIGTERM) clean up like Ctrl+C:
      // the temporary store is deleted, not left behind in the temp directory.
      const stop = () => {
        // A part that does not close in time (a client holding a connection open) must not keep a
        // hung-up demo alive: its store is deleted and it exits regardless.
        setTimeout(() => {
          fs.rmSync(demo.dataDir, { recursive: true, force: true });
          process.exit(0);
        }, STOP_DEADLINE_MS).unref();
        void demo.stop().finally(() => process.exit(0));
      };
      for (const signal of ['SIGHUP', 'SIGTERM'] as const) process.once(signal, stop);
      const attach = `From another terminal here: ${ATTACH_DASHBOARD_COMMAND}`;
      // Opened in a browser, it chats into this console: the newcomer plays the customer.
      const shop = `Chat as a customer from the shop page: ${demo.siteUrl}`;
      if (process.stdin.isTTY && process.stdout.isTTY) {
        // Printed before the console takes the (alternate) screen, so it is there again on exit.
        process.stdout.write(`textdesk demo running at ${demo.url}. ${shop}. ${attach}\n`);
        // A newcomer lands in the operator console, logged in, with customers already writing.
        const { connectConsole, runConsole } = await (await import('../console/load-console')).loadConsole();
        const { detectLang } = await import('../console/i18n');
        try {
          await runConsole({
            connect: () => connectConsole(demo.wsUrl, DEMO_OPERATOR.login, DEMO_OPERATOR.password),
            lang: detectLang(flags.lang, process.env.LC_ALL || process.env.LANG),
            demo: true,
            demoSite: demo.siteUrl,
          });
        } finally {
          await demo.stop();
        }
        process.stdout.write(
          `textdesk demo stopped. Operator login was ${DEMO_OPERATOR.login} / ${DEMO_OPERATOR.password}, ` +
            `admin ${DEMO_ADMIN.login} / ${DEMO_ADMIN.password}; the shop page was ${demo.siteUrl}.\n`,
        );
        process.exit(0);
      }
      process.stdout.write(
        [
          `textdesk demo running at ${demo.url}`,
          `  ${shop}`,
          `  operator login: ${DEMO_OPERATOR.login} / ${DEMO_OPERATOR.password}   admin: ${DEMO_ADMIN.login} / ${DEMO_ADMIN.password}`,
          `  server log: ${demo.logFile}`,
          `  ${attach}`,
          '  Ctrl+C stops the demo and deletes its temporary data.',
          '',
        ].join('\n'),
      );
      process.once('SIGINT', stop);
    });
}

/** `--print-env`: the running demo's address and a login, as shell exports; exit 1 if none runs. */
function printEnv(dir: string, who: string): never {
  const run = readDemoRun(dir);
  if ('missing' in run) {
    process.stderr.write(`textdesk demo: ${run.missing}\n`);
    process.exit(1);
  }
  if (who !== 'demo' && who !== 'admin') {
    process.stderr.write(`textdesk demo: --print-env takes demo (the default) or admin, not "${who}"\n`);
    process.exit(2);
  }
  const { login, password } = run.logins[who];
  process.stdout.write(shellExports({ TEXTDESK_URL: run.url, TEXTDESK_USER: login, TEXTDESK_PASSWORD: password }));
  process.exit(0);
}
