// The raw limit for e-mail ingest: a bare smtp-server that reads every mail to its end, counts
// its bytes and answers 250, with the listener options textdesk's own uses (no AUTH or STARTTLS,
// no reverse look-up, 100 clients, 25 MiB). Run in its own process by smtp-sink-process.ts;
// it reports its port, then its counters when told to stop, over IPC.
import { SMTPServer } from 'smtp-server';

export interface SmtpSinkStats {
  mails: number;
  bytes: number;
  cpuMs: number;
}

let mails = 0;
let bytes = 0;

const server = new SMTPServer({
  name: 'sink',
  banner: 'sink',
  size: 25 * 1024 * 1024,
  disabledCommands: ['AUTH', 'STARTTLS'],
  disableReverseLookup: true,
  maxClients: 100,
  maxRecipients: 50,
  logger: false,
  onData: (stream, _session, callback) => {
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('end', () => {
      mails++;
      callback();
    });
  },
});

const reply = (message: unknown, then?: () => void): void => {
  process.send!(message, undefined, {}, () => then?.());
};

server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  reply({ port: typeof address === 'object' && address ? address.port : 0 });
});

process.on('message', (msg) => {
  if (msg !== 'stop') return;
  const { user, system } = process.cpuUsage();
  const stats: SmtpSinkStats = { mails, bytes, cpuMs: (user + system) / 1000 };
  server.close(() => undefined);
  reply(stats, () => process.exit(0));
});
