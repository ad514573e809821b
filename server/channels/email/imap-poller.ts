// Mail from a mailbox hosted elsewhere, over IMAP (imapflow). New mail is noticed by IDLE where
// the server has it (imapflow idles between commands, and polls with NOOP where IDLE is
// missing), and by a slow poll as well, since an IDLE push can be lost with its connection.
//
// Nothing is skipped or imported twice across restarts: each mail is handed over and committed
// before the last UID seen is saved, and marked seen (or moved) only after that. A crash between
// the commit and the save imports the mail again on restart, and the store refuses it by its
// Message-ID (the messages' idempotency key), so it is stored once.
import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';

export interface ImapCursor {
  /** UIDs are only meaningful within one UIDVALIDITY: a new one means the mailbox was rebuilt. */
  uidValidity: string;
  lastUid: number;
}

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** Move committed mail to this folder; mark it \Seen where null. */
  moveTo: string | null;
  pollMs: number;
}

export interface ImapPollerOptions {
  settings: ImapSettings;
  loadCursor(): Promise<ImapCursor | null>;
  saveCursor(cursor: ImapCursor): Promise<void>;
  /**
   * Stores one mail; resolves once it is committed, or once it is refused for good (mail that
   * cannot be read is the caller's to log and drop: it must not block the mailbox). A rejection
   * means a passing failure (the store): the round stops and the mail is tried again.
   */
  deliver(raw: Buffer): Promise<void>;
  log: Logger;
}

export class ImapPoller {
  private client: ImapFlow | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: ImapPollerOptions) {}

  /** Connects and imports what is waiting; resolves after the first round (or its failure, logged). */
  async start(): Promise<void> {
    await this.drain();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.logout().catch(() => client.close());
  }

  /** One round at a time; a signal during a round asks for one more after it. */
  drain(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        try {
          await this.round();
        } catch (error) {
          this.opts.log.warn({ err: error }, 'IMAP import failed; retrying at the next poll');
          this.dropClient();
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.draining = null;
      this.schedule();
    });
    return this.draining;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), this.opts.settings.pollMs);
    this.timer.unref();
  }

  private async connected(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    const { host, port, secure, user, password, mailbox } = this.opts.settings;
    // IDLE one second after the last command, not imapflow's 15 s: new mail shows up at once.
    const client = new ImapFlow({
      host,
      port,
      secure,
      auth: { user, pass: password },
      logger: false,
      autoIdleDelay: 1000,
    });
    client.on('error', (error: Error) => this.opts.log.warn({ err: error }, 'IMAP connection error'));
    client.on('exists', () => void this.drain());
    client.on('close', () => {
      if (this.client === client) this.client = null;
    });
    await client.connect();
    // Kept open, so that imapflow idles on it between rounds and hears of new mail.
    await client.mailboxOpen(mailbox);
    this.client = client;
    return client;
  }

  private dropClient(): void {
    const client = this.client;
    this.client = null;
    client?.close();
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    const client = await this.connected();
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error('no mailbox open');
    const uidValidity = String(mailbox.uidValidity);
    const saved = await this.opts.loadCursor();
    const lastUid = saved?.uidValidity === uidValidity ? saved.lastUid : 0;
    // The UIDs first: no other command may run on the connection while a fetch streams.
    const uids = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
    // `n:*` always matches the highest UID, even when it is below n.
    for (const uid of uids.filter((u) => u > lastUid).sort((a, b) => a - b)) {
      if (this.stopped) return;
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!message || !message.source) continue;
      await this.opts.deliver(message.source);
      await this.opts.saveCursor({ uidValidity, lastUid: uid });
      if (this.opts.settings.moveTo) await client.messageMove(String(uid), this.opts.settings.moveTo, { uid: true });
      else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  }
}
