// E-mail in the demo: customers who write a mail now and then (nodemailer into the demo server's
// SMTP listener), and the relay the e-mail channel's replies go out through — a small smtp-server
// that takes every mail and notes who it was for in the demo's directory, so nothing leaves the
// machine.
import fs from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { parseInboundMail } from '../../server/channels/email/inbound-mail';

export const DEMO_MAIL_ADDRESS = 'support@demo.textdesk';

const MAILS: ReadonlyArray<{ from: string; subject: string; text: string }> = [
  {
    from: 'Анна Смирнова <anna.smirnova@example.ru>',
    subject: 'Возврат за заказ 48213',
    text: 'Здравствуйте!\n\nЧайник пришёл с трещиной на корпусе. Как оформить возврат денег?\n\nС уважением,\nАнна',
  },
  {
    from: 'John Smith <john.smith@example.com>',
    subject: 'Invoice for order 51007',
    text: 'Hello,\n\nCould you send me an invoice with our company details for order 51007?\n\nThanks,\nJohn',
  },
  {
    from: 'Олег Кузнецов <oleg.k@example.ru>',
    subject: 'Смена адреса доставки',
    text: 'Добрый день.\n\nПрошу доставить заказ 47750 на Садовую, 12, кв. 5 вместо указанного адреса.\n\nОлег',
  },
  {
    from: 'Maria Garcia <maria.garcia@example.es>',
    subject: 'Warranty question',
    text: 'Hi,\n\nMy blender stopped working after three months. Is it still under warranty?\n\nBest regards,\nMaria',
  },
];

/** Customers who write in by e-mail, one mail at a time, to the demo's e-mail channel. */
export class MailingCustomers {
  private readonly transport: Transporter;
  private next = Math.floor(Math.random() * MAILS.length);

  constructor(smtpPort: number) {
    this.transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  }

  async sendOne(): Promise<void> {
    const mail = MAILS[this.next++ % MAILS.length];
    await this.transport.sendMail({ ...mail, to: DEMO_MAIL_ADDRESS }).catch(() => undefined);
  }

  close(): void {
    this.transport.close();
  }
}

/** The e-mail channel's relay: takes every reply and notes its recipients and subject in `logFile`. */
export class DemoMailRelay {
  private readonly server: SMTPServer;

  constructor(logFile: string) {
    this.server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
          void parseInboundMail(Buffer.concat(chunks), null)
            .then((mail) => `${new Date().toISOString()} to ${to}: ${mail.subject}\n${mail.text}\n\n`)
            .catch(() => `${new Date().toISOString()} to ${to}: (unreadable)\n\n`)
            .then((entry) => fs.appendFile(logFile, entry, () => callback()));
        });
      },
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
