// The e-mail channel (issue 14 §2). Mail comes in on the server's SMTP listener (textdesk as the
// MX, or behind a relay) and from IMAP mailboxes hosted elsewhere; replies go out through each
// channel's relay, by the durable outbox, threaded into the customer's conversation.
import { RateLimiter } from '../../domain/rate-limit';
import { systemClock } from '../../domain/clock';
import { defineAdapter, type ChannelHost, type MountedChannel } from '../adapter';
import { MailIntake, refusedForGood } from './mail-intake';
import { Mailboxes } from './mailboxes';
import { replyMail } from './outbound-mail';
import { EmailCredentials, EmailSettings } from './settings';
import { SmtpListener, SmtpRefusal } from './smtp-listener';
import { SmtpSender } from './smtp-sender';
import { splitAddress } from './threading';
import { emailAddress } from '../start-addresses';

/** Mail per sender address: a sustained one every 6 s, ten at once (a loop or a flood is cut off). */
const SENDER_RATE_PER_SEC = 1 / 6;
const SENDER_BURST = 10;

export const emailAdapter = defineAdapter({
  kind: 'email',
  settings: EmailSettings,
  credentials: EmailCredentials,
  capabilities: {
    attachments: true,
    html: true,
    edits: false,
    maxTextLength: null,
    notices: false,
    // Starting a conversation: any address: the first letter starts the thread.
    startsConversations: 'any-address',
  },
  usesOutbox: () => true,
  mount: (host) => mountEmail(host),
  async deliver(channel, delivery, _signal, host) {
    // The outbox starts before the channels are mounted: what it finds waiting then goes next time.
    if (!host) return { status: 'transient', error: 'the e-mail channels are not mounted yet' };
    const { settings } = channel;
    const intake = new MailIntake(host);
    const thread = await intake.thread(channel.id, delivery.conversationId);
    // The bot's one mail, the acknowledgement of a new letter, is committed with the letter, a
    // moment before the intake notes the letter's thread: a retry finds it, and the answer goes
    // out in the thread, under the letter's subject, rather than as "Re: …".
    if (!thread && delivery.message.author.type === 'bot')
      return { status: 'transient', error: 'the letter this acknowledges is not noted yet' };
    const attachments = [];
    for (const file of delivery.message.attachments ?? []) {
      const content = await host.files.read(file.hash);
      // Only housekeeping deletes files, and never one a message refers to: this is a lost file, not a retry.
      if (!content) return { status: 'permanent', error: `file "${file.name}" is no longer stored` };
      attachments.push({ filename: file.name, content, contentType: file.type });
    }
    const sender = relayOf(channel);
    try {
      const mail = replyMail({
        channelAddress: splitAddress(settings.address)!,
        company: settings.company,
        authorName: delivery.message.author.type === 'bot' ? null : delivery.message.author.name,
        to: delivery.contact.id,
        conversationId: delivery.conversationId,
        messageId: delivery.message.id,
        text: delivery.message.text,
        parent: thread,
        attachments,
      });
      const outcome = await sender.send(mail);
      if (outcome.ok && thread === null)
        await intake.noteFirstLetter(channel.id, delivery.conversationId, {
          subject: String(mail.subject),
          messageId: String(mail.messageId),
          references: [],
        });
      return outcome.ok
        ? { status: 'sent', providerId: outcome.providerId }
        : { status: outcome.permanent ? 'permanent' : 'transient', error: outcome.error };
    } finally {
      sender.close();
    }
  },
  startAddress: emailAddress,
  async probe(channel) {
    const { settings } = channel;
    const sender = relayOf(channel);
    try {
      const verified = await sender.verify();
      return verified.ok
        ? { probed: true, ok: true, detail: `relay ${settings.relayHost}:${settings.relayPort} accepts a session` }
        : { probed: true, ok: false, detail: `relay ${settings.relayHost}:${settings.relayPort}: ${verified.error}` };
    } finally {
      sender.close();
    }
  },
});

/** A sender through the channel's relay, for one delivery or probe. */
function relayOf({ settings, credentials }: { settings: EmailSettings; credentials: EmailCredentials }): SmtpSender {
  return new SmtpSender({
    host: settings.relayHost,
    port: settings.relayPort,
    secure: settings.relaySecure,
    user: settings.relayUser ?? null,
    password: credentials.relayPassword ?? null,
  });
}

function mountEmail(host: ChannelHost): MountedChannel {
  const intake = new MailIntake(host);
  const mailboxes = new Mailboxes(host, intake);
  const senders = new RateLimiter(systemClock, SENDER_RATE_PER_SEC, SENDER_BURST);
  /** The e-mail channel a recipient address belongs to: its own address, or a plus-address of it. */
  const channelFor = (recipient: string) => {
    const address = splitAddress(recipient);
    if (!address) return undefined;
    const local = address.local.split('+')[0];
    return host.channels().find((channel) => {
      const parsed = EmailSettings.safeParse(channel.settings);
      return parsed.success && parsed.data.address === `${local}@${address.domain}`;
    });
  };
  const smtp = host.listeners.smtp;
  const listener = smtp
    ? new SmtpListener({
        host: smtp.host,
        port: smtp.port,
        tls: smtp.tls,
        maxBytes: smtp.maxBytes,
        socketTimeoutMs: 60_000,
        maxClients: 100,
        accepts: (recipient) => channelFor(recipient) !== undefined,
        takeSenderToken: (sender) => senders.take(sender),
        async deliver(raw, envelope) {
          // Mail to several of our channels is taken by each once.
          const channels = new Set(envelope.recipients.map(channelFor).filter((c) => c !== undefined));
          for (const channel of channels) {
            try {
              await intake.take(channel, EmailSettings.parse(channel.settings), raw, envelope.mailFrom);
            } catch (error) {
              // Refused for good (the sender gets a bounce) when retrying cannot help; 451 otherwise.
              if (refusedForGood(error)) throw new SmtpRefusal(554, (error as Error).message);
              throw error;
            }
          }
        },
        log: host.log.child({ listener: 'smtp' }),
      })
    : null;
  const listening = (async () => {
    const ports: Record<string, number> = {};
    if (listener) ports.smtp = await listener.listen();
    return ports;
  })();
  // Not awaited: the server's start must not wait on a mail host elsewhere, reachable or not.
  void mailboxes.reconcile();
  return {
    routes: [],
    listening,
    async close() {
      await listening.catch(() => undefined);
      await Promise.all([listener?.close(), mailboxes.close()]);
    },
  };
}
