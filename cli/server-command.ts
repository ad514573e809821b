// `textdesk server`: one process serving the API, the channels, /healthz and /metrics.
import type { Command } from 'commander';
import { startServer } from '../server/app';
import { ConfigError, loadConfig, type ServerConfig } from '../server/config';

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
    .option('--smtp-port <port>', "the e-mail channels' SMTP listener (off by default; 25 as an MX)")
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
            smtpPort: flags.smtpPort,
          },
        });
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`textdesk: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      let server;
      try {
        server = await startServer(config);
      } catch (error) {
        process.stderr.write(`textdesk server: ${startupFailure(error, config)}\n`);
        process.exit(1);
      }
      if (server.generatedAdminPassword) {
        process.stdout.write(
          `First start: created operator "admin" with password ${server.generatedAdminPassword}\n` +
            'It is shown only this once; set TEXTDESK_ADMIN_PASSWORD before the first start to choose it.\n',
        );
      }
      process.stdout.write(`textdesk listening on ${server.url} (WebSocket ${server.wsUrl})\n`);
      if (server.listenerPorts.smtp !== undefined)
        process.stdout.write(`e-mail: SMTP on ${config.smtpHost}:${server.listenerPorts.smtp}\n`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/**
 * One line for a server that could not start: what happened and what to do, in place of a stack
 * trace. The causes people meet are told apart; anything else keeps its own message.
 */
export function startupFailure(error: unknown, config: ServerConfig): string {
  const code = (error as { code?: unknown }).code;
  const causeCode = ((error as { cause?: { code?: unknown } }).cause ?? {}).code;
  const where = `${config.host}:${config.port}`;
  const port = (error as { port?: unknown }).port;
  if (code === 'EADDRINUSE' && config.smtpPort !== undefined && port === config.smtpPort)
    return `the SMTP port ${port} on ${config.smtpHost} is already in use (a mail server?): pick another with --smtp-port`;
  if (code === 'EADDRINUSE')
    return `port ${config.port} on ${config.host} is already in use (another textdesk server?): stop it, or start this one with --port N (0 picks a free port)`;
  if (code === 'EACCES')
    return `not allowed to listen on ${where}: ports below 1024 need privileges, pick another with --port`;
  if (code === 'EADDRNOTAVAIL')
    return `${config.host} is not an address of this machine: give one of its addresses with --host (127.0.0.1 or 0.0.0.0)`;
  if (causeCode === 'SQLITE_BUSY')
    return `the data directory ${config.data} is in use by another textdesk server: stop that one, or give this one its own directory with --data DIR`;
  if (config.store === 'postgres' && (code === 'ECONNREFUSED' || code === 'ENOTFOUND'))
    return `cannot reach PostgreSQL at ${withoutPassword(config.databaseUrl ?? '')}: is it running? (--database-url or TEXTDESK_DATABASE_URL says where)`;
  const message = error instanceof Error ? error.message : String(error);
  return `could not start: ${message.split('\n')[0]}`;
}

function withoutPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'the configured database URL';
  }
}
