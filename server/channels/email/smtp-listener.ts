// textdesk as a mail server (smtp-server): the MX of a support domain, or the host a relay hands
// mail to. Mail is refused as early as SMTP allows, so that nothing unwanted is ever stored:
// an unknown recipient at RCPT (550), a sender over its rate at MAIL (450), an oversized message
// after DATA (552). A 250 after DATA is sent only once the mail is committed; if the store fails,
// 451 asks the sending server to try again, so an accepted mail is never lost.
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Logger } from 'pino';

export interface SmtpEnvelope {
  /** The reverse path; '' for the null path `<>` (bounces). */
  mailFrom: string;
  recipients: string[];
}

/** A refusal with the SMTP reply code to give (5xx: do not retry; 4xx: try later). */
export class SmtpRefusal extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SmtpListenerOptions {
  host: string;
  port: number;
  /** STARTTLS with this key and certificate; without them STARTTLS is not offered. */
  tls: { key: Buffer; cert: Buffer } | null;
  maxBytes: number;
  /** An idle or trickling client is dropped after this long. */
  socketTimeoutMs: number;
  maxClients: number;
  /** Whether mail to this address is ours (a channel's address, or one of its plus-addresses). */
  accepts(recipient: string): boolean;
  /** One token per mail from `sender`; false: over the rate. */
  takeSenderToken(sender: string): boolean;
  /** Stores the mail; resolves once committed. An SmtpRefusal gives its code; anything else 451. */
  deliver(raw: Buffer, envelope: SmtpEnvelope): Promise<void>;
  log: Logger;
}

export class SmtpListener {
  private readonly server: SMTPServer;

  constructor(private readonly opts: SmtpListenerOptions) {
    const options: SMTPServerOptions = {
      name: 'textdesk',
      banner: 'textdesk',
      size: opts.maxBytes,
      // Inbound mail for a desk: nobody logs in to send through it.
      disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
      disableReverseLookup: true,
      socketTimeout: opts.socketTimeoutMs,
      maxClients: opts.maxClients,
      // On shutdown, sessions still open get this long to finish before they are cut.
      closeTimeout: 2000,
      maxRecipients: 50,
      logger: false,
      onMailFrom: (address, _session, callback) => {
        const sender = address.address.toLowerCase() || '<>';
        if (!opts.takeSenderToken(sender))
          return callback(new SmtpRefusal(450, 'Too many messages from this sender, try again later'));
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (!opts.accepts(address.address.toLowerCase()))
          return callback(new SmtpRefusal(550, `No such mailbox here: ${address.address}`));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          // Past the limit the rest is read and dropped, never held.
          bytes += chunk.length;
          if (bytes <= opts.maxBytes) chunks.push(chunk);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded)
            return callback(new SmtpRefusal(552, `Message exceeds the maximum size of ${opts.maxBytes} bytes`));
          const envelope: SmtpEnvelope = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
            recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          };
          opts.deliver(Buffer.concat(chunks), envelope).then(
            () => callback(),
            (error: unknown) => {
              if (error instanceof SmtpRefusal) return callback(error);
              opts.log.warn({ err: error }, 'could not store an incoming mail; the sender was asked to retry');
              callback(new SmtpRefusal(451, 'Could not store the message now, try again later'));
            },
          );
        });
      },
    };
    this.server = new SMTPServer(options);
    this.server.on('error', (error) => opts.log.warn({ err: error }, 'SMTP connection error'));
  }

  /** Resolves with the port listened on (the configured one, or the one picked for 0). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.server.off('error', reject);
        const address = this.server.server.address();
        resolve(typeof address === 'object' && address ? address.port : this.opts.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
