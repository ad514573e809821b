// `textdesk server`: one process serving the API, the channels, /healthz and /metrics.
import type { Command } from 'commander';
import { startServer } from '../server/app';
import { ConfigError, loadConfig } from '../server/config';

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('start the textdesk server on the embedded SQLite store')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 4000; 0 picks a free one)')
    .option('--data <dir>', 'data directory (default ./.textdesk)')
    .option('--store <kind>', 'sqlite (default, embedded) or postgres')
    .option('--database-url <url>', 'PostgreSQL connection string (with --store postgres)')
    .option('--config <file>', 'JSON config file (also TEXTDESK_CONFIG)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
    .action(async (flags) => {
      let config;
      try {
        config = loadConfig({
          file: flags.config,
          flags: {
            host: flags.host,
            port: flags.port,
            data: flags.data,
            logLevel: flags.logLevel,
            store: flags.store,
            databaseUrl: flags.databaseUrl,
          },
        });
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`textdesk: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      const server = await startServer(config);
      if (server.generatedAdminPassword) {
        process.stdout.write(
          `First start: created operator "admin" with password ${server.generatedAdminPassword}\n` +
            'It is shown only this once; set TEXTDESK_ADMIN_PASSWORD before the first start to choose it.\n',
        );
      }
      process.stdout.write(`textdesk listening on ${server.url} (WebSocket ${server.wsUrl})\n`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
