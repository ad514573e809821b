// A received mail becomes a customer message, on whichever path it came (the SMTP listener or
// an IMAP mailbox): automatic mail is dropped, the reply finds its conversation by its thread
// hints, and what a reply later needs to stay in the thread (subject, Message-IDs) is noted.
import { createHash } from 'node:crypto';
import { LIMITS } from '../../../shared/limits';
import { DeskError } from '../../desk/errors';
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import type { Attachment } from '../../../shared/schemas';
import { AttachmentRefused, safeFileName } from '../../attachments/attachments';
import { parseInboundMail, type InboundAttachment } from './inbound-mail';
import type { EmailSettings } from './settings';
import { baseSubject, conversationCandidates, splitAddress } from './threading';

/** What a reply to the conversation's latest mail needs (`thread:{conversationId}` in channel state). */
export interface ThreadNote {
  subject: string;
  messageId: string | null;
  references: string[];
}

const threadKey = (conversationId: string) => `thread:${conversationId}`;

/** Mail the parser could not read: refused for good (554), never retried. */
class UnreadableMail extends Error {}

/**
 * Whether a mail that failed to be taken in must not be tried again: it cannot be read, or the
 * desk refused it. Worth retrying: the store, a full disk, a flood limit. The SMTP listener
 * answers 554 or 451 by it; the IMAP importer skips the mail or stops its round.
 */
export function refusedForGood(error: unknown): boolean {
  if (error instanceof UnreadableMail) return true;
  if (error instanceof DeskError) return error.code !== 'TOO_MANY_REQUESTS' && error.code !== 'SERVICE_UNAVAILABLE';
  return false;
}

export class MailIntake {
  constructor(private readonly host: ChannelHost) {}

  async take(channel: ChannelRecord, settings: EmailSettings, raw: Buffer, returnPath: string | null): Promise<void> {
    const mail = await parseInboundMail(raw, returnPath).catch((error: unknown) => {
      throw new UnreadableMail(`the mail cannot be read: ${(error as Error).message}`, { cause: error });
    });
    if (mail.automatic) return this.dropped(channel, `automatic mail (${mail.automatic})`);
    if (!mail.from) return this.dropped(channel, 'no sender address');
    const channelAddress = splitAddress(settings.address)!;
    // A reply from another address of the customer's (a colleague in Cc, a second mailbox) goes
    // to the conversation it answers, under that conversation's contact.
    let contactId = mail.from.address;
    let conversationId: string | undefined;
    for (const candidate of conversationCandidates(mail, channelAddress)) {
      const contact = await this.host.conversationContact(channel, candidate);
      if (contact === undefined) continue;
      contactId = contact;
      conversationId = candidate;
      break;
    }
    // Without a hint the mail joins the contact's latest conversation (or the reopen rules start
    // a new one): its subject is shown when it differs from that conversation's last one.
    conversationId ??= (await this.host.history(channel, contactId, undefined)).at(-1)?.conversationId;
    const previous = conversationId === undefined ? null : await this.thread(channel.id, conversationId);
    const subjectIsNew = previous === null || baseSubject(previous.subject) !== baseSubject(mail.subject);
    const { attachments, notes } = await this.files(mail.attachments);
    attachments.push(...(await this.original(raw, attachments.length)));
    const body = [clean(mail.text) || (attachments.length ? '' : '[no text]'), ...notes].filter(Boolean).join('\n\n');
    const text = subjectIsNew && mail.subject ? `Subject: ${clean(mail.subject)}\n\n${body}` : body;
    const note: ThreadNote = { subject: mail.subject, messageId: mail.messageId, references: mail.references };
    const result = await this.host.receive(channel, {
      // The sender's Message-ID makes a mail delivered twice (a retried SMTP transaction, an IMAP
      // re-import after a crash) one message; mail without one is known by its bytes.
      externalId:
        mail.messageId && mail.messageId.length <= 250
          ? mail.messageId
          : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
      contact: {
        id: contactId,
        name: mail.from.name?.slice(0, LIMITS.name) ?? undefined,
        email: mail.from.address,
        // The sender links the customer across channels (issue 18 §1): replies go to that address.
        // Not a colleague's reply filed under the customer's conversation: that is another person.
        ...(contactId === mail.from.address && {
          identities: [{ kind: 'email' as const, value: mail.from.address, source: 'email-sender' }],
        }),
      },
      text: text.length > LIMITS.messageText ? `${text.slice(0, LIMITS.messageText - 1)}…` : text,
      attachments,
    });
    if (!result.duplicate) {
      this.host.accepted(channel);
      // Noted once the conversation is known. A reply leaving before the note is written (only an
      // operator's, within milliseconds; the bot's acknowledgement waits for it, see adapter.ts,
      // and its other notices are not mailed) goes without
      // In-Reply-To, still threaded for us by its Reply-To and subject tag.
      await this.host.state.set(channel.id, threadKey(result.conversationId), JSON.stringify(note));
    }
  }

  /**
   * A mail's files, each checked on its own: one that breaks a rule (a program, too large, past
   * the message's total) is left out with a note in the text, and the rest of the mail is taken;
   * bouncing a customer's whole letter for one file would lose the letter.
   */
  private async files(parts: InboundAttachment[]): Promise<{ attachments: Attachment[]; notes: string[] }> {
    const attachments: Attachment[] = [];
    const notes: string[] = [];
    let total = 0;
    for (const part of parts) {
      const name = part.filename ?? `attachment-${attachments.length + notes.length + 1}`;
      if (
        attachments.length >= LIMITS.attachmentsPerMessage ||
        total + part.content.length > this.host.files.limits.maxMessageBytes
      ) {
        notes.push(`[file "${safeFileName(name)}" not kept: the message's files are over the limit]`);
        continue;
      }
      try {
        const [file] = await this.host.files.intake([{ name, bytes: part.content }]);
        attachments.push(file);
        total += file.size;
      } catch (error) {
        if (!(error instanceof AttachmentRefused)) throw error;
        notes.push(`[${error.message}: not kept]`);
      }
    }
    return { attachments, notes };
  }

  /**
   * The whole mail as it arrived (headers, HTML, every part), kept as the message's last file,
   * `original.eml`, for `/save`: the text the operator reads is trimmed, the original is not.
   * Left out, without a note, when it is over the file limit or the message has its fill of files.
   */
  private async original(raw: Buffer, files: number): Promise<Attachment[]> {
    if (files >= LIMITS.attachmentsPerMessage || raw.length > this.host.files.limits.maxFileBytes) return [];
    try {
      return await this.host.files.intake([{ name: 'original.eml', bytes: raw }]);
    } catch (error) {
      if (error instanceof AttachmentRefused) return [];
      throw error;
    }
  }

  /** What a reply in this conversation answers: its latest mail. */
  /**
   * The desk's own first letter of a conversation it started, as the thread's parent until the
   * customer writes: follow-ups answer it (Re: its subject, In-Reply-To its Message-ID). Never
   * over a customer's letter noted meanwhile.
   */
  async noteFirstLetter(channelId: string, conversationId: string, note: ThreadNote): Promise<void> {
    if ((await this.thread(channelId, conversationId)) !== null) return;
    await this.host.state.set(channelId, threadKey(conversationId), JSON.stringify(note));
  }

  async thread(channelId: string, conversationId: string): Promise<ThreadNote | null> {
    const saved = await this.host.state.get(channelId, threadKey(conversationId));
    return saved === null ? null : (JSON.parse(saved) as ThreadNote);
  }

  private dropped(channel: ChannelRecord, reason: string): void {
    this.host.log.info({ channel: channel.id, reason }, 'mail not taken in');
  }
}

/** Storable text: no NUL, no lone surrogates (mail in a broken charset decodes to both). */
function clean(text: string): string {
  return text
    .replaceAll('\0', '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
}
