// A desk with one e-mail channel, as the e-mail tests need it: the real server with its SMTP
// listener, a real SMTP relay on loopback that takes every mail and reads it back, Olga online,
// and a customer's nodemailer transport into the listener.
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { parseInboundMail, type InboundMail } from '../../server/channels/email/inbound-mail';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

export /** A relay that takes every mail and reads it back. */
class RelaySink {
  readonly got: InboundMail[] = [];
  private waiters: { until: () => boolean; resolve: () => void }[] = [];
  private server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void parseInboundMail(Buffer.concat(chunks), null).then((mail) => {
          this.got.push(mail);
          for (const w of this.waiters.filter((w) => w.until())) w.resolve();
          callback();
        });
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as { port: number }).port;
  }

  /** The first mail whose text is `text`, once it has arrived. */
  async withText(text: string): Promise<InboundMail> {
    const find = () => this.got.find((m) => m.text === text);
    if (!find()) await new Promise<void>((resolve) => this.waiters.push({ until: () => !!find(), resolve }));
    return find()!;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface MailDesk {
  t: TestServer;
  relay: RelaySink;
  olga: OperatorSession;
  customer: Transporter;
  close(): Promise<void>;
}

/** Channel `mail` (support@shop.ru, Russian) in queue `general`, relaying through `relay`. */
export async function startMailDesk(store: 'sqlite' | 'postgres'): Promise<MailDesk> {
  const relay = new RelaySink();
  const relayPort = await relay.start();
  const t = await startTestServer({ store, smtpPort: 0 });
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
    id: 'mail',
    name: 'Mail',
    queueId: 'general',
    adapter: 'email',
    medium: 'email',
    lang: 'ru',
    settings: { address: 'support@shop.ru', company: 'Shop', relayHost: '127.0.0.1', relayPort, relaySecure: false },
  });
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const customer = nodemailer.createTransport({
    host: '127.0.0.1',
    port: t.server.listenerPorts.smtp,
    secure: false,
    ignoreTLS: true,
  });
  return {
    t,
    relay,
    olga,
    customer,
    async close() {
      customer.close();
      await olga.close();
      await t.close();
      await relay.close();
    },
  };
}
