// One IMAP importer per e-mail channel that names a mailbox, kept in step with the channels as
// they are added, changed (`admin channel set`) and deleted: checked every few seconds, since
// a mailbox's settings change rarely and an importer restarts in well under a second.
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import { ImapPoller } from './imap-poller';
import { refusedForGood, type MailIntake } from './mail-intake';
import { EmailCredentials, EmailSettings } from './settings';

const RECONCILE_MS = 5_000;
const CURSOR = 'imap-cursor';

interface Running {
  /** The settings and credentials it was started with: any change restarts it. */
  fingerprint: string;
  poller: ImapPoller;
}

export class Mailboxes {
  private readonly running = new Map<string, Running>();
  private readonly timer: NodeJS.Timeout;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ChannelHost,
    private readonly intake: MailIntake,
  ) {
    this.timer = setInterval(() => void this.reconcile(), RECONCILE_MS);
    this.timer.unref();
  }

  /** Starts, restarts and stops importers to match the channels; resolves after their first rounds. */
  reconcile(): Promise<void> {
    this.reconciling = this.reconciling.then(() => this.step());
    return this.reconciling;
  }

  private async step(): Promise<void> {
    const wanted = new Map<string, ChannelRecord>();
    for (const channel of this.host.channels()) {
      const settings = EmailSettings.safeParse(channel.settings);
      if (settings.success && settings.data.imapHost) wanted.set(channel.id, channel);
    }
    for (const [id, running] of this.running) {
      const channel = wanted.get(id);
      if (!channel || fingerprint(channel) !== running.fingerprint) {
        this.running.delete(id);
        await running.poller.stop();
      }
    }
    const started: Promise<void>[] = [];
    for (const [id, channel] of wanted) {
      if (this.running.has(id)) continue;
      const poller = this.poller(channel);
      this.running.set(id, { fingerprint: fingerprint(channel), poller });
      started.push(poller.start());
    }
    await Promise.all(started);
  }

  private poller(channel: ChannelRecord): ImapPoller {
    const settings = EmailSettings.parse(channel.settings);
    const credentials = EmailCredentials.parse(channel.credentials);
    const { state, log } = this.host;
    return new ImapPoller({
      settings: {
        host: settings.imapHost!,
        // IMAP over TLS on 993 unless told otherwise, as hosted mailboxes offer it.
        port: settings.imapPort ?? 993,
        secure: settings.imapSecure ?? true,
        user: settings.imapUser!,
        password: credentials.imapPassword ?? '',
        mailbox: settings.imapMailbox ?? 'INBOX',
        moveTo: settings.imapMoveTo ?? null,
        pollMs: (settings.imapPollSeconds ?? 60) * 1000,
      },
      loadCursor: async () => {
        const saved = await state.get(channel.id, CURSOR);
        return saved === null ? null : JSON.parse(saved);
      },
      saveCursor: (cursor) => state.set(channel.id, CURSOR, JSON.stringify(cursor)),
      deliver: async (raw) => {
        // The channel as it is now: its settings may have changed since the importer started.
        const current = this.host.channel(channel.id);
        if (!current) throw new Error(`channel ${channel.id} was deleted`);
        try {
          await this.intake.take(current, EmailSettings.parse(current.settings), raw, null);
        } catch (error) {
          // A store failure is passing: the mail is tried again. Anything else is this mail's own
          // fault (it cannot be read or stored): logged and skipped, so it cannot block the mailbox.
          if (!refusedForGood(error)) throw error;
          log.warn({ err: error, channel: channel.id }, 'an imported mail could not be taken in; skipped');
        }
      },
      log: log.child({ channel: channel.id, imap: settings.imapHost }),
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.reconciling;
    await Promise.all([...this.running.values()].map((r) => r.poller.stop()));
    this.running.clear();
  }
}

function fingerprint(channel: ChannelRecord): string {
  return JSON.stringify([channel.settings, channel.credentials]);
}
