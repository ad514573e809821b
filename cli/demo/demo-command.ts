// `textdesk demo` (what `npm start` runs): a server on a throw-away embedded store, seeded with
// queues, operators and templates, with simulated customers writing in and a simulated
// colleague answering — everything through the real HTTP channel and tRPC API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { startServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { httpApiClient } from '../api-client';
import { startColleague } from './colleague';
import { SimulatedCustomers } from './customers';
import { DEMO_COLLEAGUE, DEMO_OPERATOR, seedDemo } from './seed';

export interface DemoEnvironment {
  url: string;
  wsUrl: string;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function startDemo(opts: { port: number; customerIntervalMs: number }): Promise<DemoEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-demo-'));
  const logFile = path.join(dataDir, 'server.log');
  const adminPassword = 'demo-admin-password';
  const config = loadConfig({ flags: { port: opts.port, data: dataDir, adminPassword } });
  // The console owns the terminal, so the server logs to a file.
  const server = await startServer(config, {
    log: pino({ level: 'info' }, pino.destination({ dest: logFile, sync: false })),
  });
  let token: string | null = null;
  const admin = httpApiClient(server.url, () => token);
  token = (await admin.auth.login.mutate({ login: 'admin', password: adminPassword })).token;
  const customers = new SimulatedCustomers(server.url, 'web-chat', opts.customerIntervalMs);
  const { secret } = await seedDemo(admin, await customers.listen());
  const colleague = await startColleague(server.url, server.wsUrl, DEMO_COLLEAGUE.login, DEMO_COLLEAGUE.password);
  customers.start(secret);
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    dataDir,
    logFile,
    async stop() {
      await customers.stop();
      await colleague.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('try textdesk at once: a server with simulated customers, on a temporary store')
    .option('--port <port>', 'port for the demo server (0 picks a free one)', '0')
    .option('--interval <ms>', 'mean time between simulated customer messages', '6000')
    .option('--lang <lang>', 'console language: en or ru (default: from LANG)')
    .action(async (flags) => {
      const demo = await startDemo({ port: Number(flags.port), customerIntervalMs: Number(flags.interval) });
      if (process.stdin.isTTY && process.stdout.isTTY) {
        // A newcomer lands in the operator console, logged in, with customers already writing.
        const { connectConsole, runConsole } = await (await import('../console/load-console')).loadConsole();
        const { detectLang } = await import('../console/i18n');
        try {
          const client = await connectConsole(demo.wsUrl, DEMO_OPERATOR.login, DEMO_OPERATOR.password);
          await runConsole({ client, lang: detectLang(flags.lang, process.env.LC_ALL || process.env.LANG) });
        } finally {
          await demo.stop();
        }
        process.stdout.write(
          `textdesk demo stopped. Operator login was ${DEMO_OPERATOR.login} / ${DEMO_OPERATOR.password}.\n`,
        );
        process.exit(0);
      }
      process.stdout.write(
        [
          `textdesk demo running at ${demo.url}`,
          `  operator login: ${DEMO_OPERATOR.login} / ${DEMO_OPERATOR.password}   admin: admin / demo-admin-password`,
          `  server log: ${demo.logFile}`,
          '  Ctrl+C stops the demo and deletes its temporary data.',
          '',
        ].join('\n'),
      );
      const stop = () => void demo.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
