// Outbound mail through the configured relay (nodemailer over SMTP). What the relay answered
// decides what the outbox does next: a 5xx is final (the message is marked failed and the
// operator sees it), anything else (4xx, no connection, a timeout) is retried with backoff.
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

export interface RelaySettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the relay offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
}

export type SendOutcome =
  { ok: true; providerId: string; response: string } | { ok: false; permanent: boolean; error: string };

export class SmtpSender {
  private readonly transport: Transporter;

  constructor(relay: RelaySettings) {
    this.transport = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      secure: relay.secure,
      ...(relay.user ? { auth: { user: relay.user, pass: relay.password ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: Mail.Options): Promise<SendOutcome> {
    try {
      const info = await this.transport.sendMail(mail);
      // nodemailer reports the Message-ID it sent: ours, set by the composer (outbound-mail.ts).
      return { ok: true, providerId: info.messageId ?? String(mail.messageId), response: info.response ?? '' };
    } catch (cause) {
      const error = cause as Error & { responseCode?: number; response?: string };
      const code = error.responseCode;
      return {
        ok: false,
        permanent: code !== undefined && code >= 500 && code < 600,
        error: error.response ?? error.message,
      };
    }
  }

  /** Opens a session with the relay (and logs in, with credentials): what `admin channel test` reports. */
  async verify(): Promise<{ ok: true } | { ok: false; error: string }> {
    try {
      await this.transport.verify();
      return { ok: true };
    } catch (cause) {
      const error = cause as Error & { response?: string };
      return { ok: false, error: error.response ?? error.message };
    }
  }

  close(): void {
    this.transport.close();
  }
}
