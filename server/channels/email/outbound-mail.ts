// An operator's (or the bot's) reply as a mail: From "Operator via Company" <support@…>, the
// thread headers that keep it in the customer's thread, a text part and a minimal HTML part.
import type Mail from 'nodemailer/lib/mailer';
import {
  firstSubject,
  ownMessageId,
  replyReferences,
  replySubject,
  replyToAddress,
  type MailAddress,
} from './threading';

export interface OutboundReply {
  channelAddress: MailAddress;
  company: string;
  /** The operator's name; null for the bot, whose mail is marked automatic (RFC 3834 §5). */
  authorName: string | null;
  to: string;
  conversationId: string;
  messageId: string;
  text: string;
  /** The latest mail in the conversation, which this one answers: the customer's, or the desk's own first letter. */
  parent: { messageId: string | null; references: readonly string[]; subject: string } | null;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export function replyMail(reply: OutboundReply): Mail.Options {
  const { channelAddress, conversationId } = reply;
  const address = `${channelAddress.local}@${channelAddress.domain}`;
  const parentId = reply.parent?.messageId ?? null;
  return {
    from: { name: reply.authorName ? `${reply.authorName} via ${reply.company}` : reply.company, address },
    to: reply.to,
    replyTo: replyToAddress(channelAddress, conversationId),
    // A letter that answers nothing starts the thread (a conversation the desk started): a subject of its own, no "Re:".
    subject: reply.parent
      ? replySubject(reply.parent.subject, conversationId)
      : firstSubject(reply.text, reply.company, conversationId),
    messageId: ownMessageId(channelAddress.domain, conversationId, reply.messageId),
    ...(parentId ? { inReplyTo: parentId, references: replyReferences(reply.parent!.references, parentId) } : {}),
    headers: reply.authorName === null ? { 'Auto-Submitted': 'auto-replied' } : {},
    text: reply.text,
    html: minimalHtml(reply.text),
    attachments: reply.attachments,
  };
}

/** The text as HTML, escaped, with its line breaks: no styling, nothing a mail client could run. */
export function minimalHtml(text: string): string {
  const escaped = text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
  return `<!doctype html><html><body><div style="white-space:pre-wrap">${escaped}</div></body></html>`;
}
