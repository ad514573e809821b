// How a reply finds its conversation (CHANNELS.md, e-mail threading; Chatwoot and Zammad do the
// same). Our own mail carries the conversation in three places a customer's client may keep:
// the Message-ID (echoed in In-Reply-To and References), the Reply-To plus-address, and a tag in
// the subject. Clients drop some of them (Outlook rewrites In-Reply-To), so each is a fallback.

/** Conversation and message ids are lower-case base-36/hex (server/desk/ids.ts). */
const ID = '[0-9a-z]{8,40}';
const OWN_MESSAGE_ID = new RegExp(`^<?textdesk\\.(${ID})\\.(${ID})@[^>\\s]+>?$`);
const SUBJECT_TAG = new RegExp(`\\[#(${ID})\\]`);
const REPLY_PREFIXES = /^\s*((re|fwd?|aw|wg|sv|ответ|отв|пересл)\s*(\[\d+\])?\s*:\s*)+/i;

export interface MailAddress {
  local: string;
  domain: string;
}

export function splitAddress(address: string): MailAddress | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() };
}

export function ownMessageId(domain: string, conversationId: string, messageId: string): string {
  return `<textdesk.${conversationId}.${messageId}@${domain}>`;
}

/** `support+{conversation}@shop.ru` for the channel address `support@shop.ru`. */
export function replyToAddress(channelAddress: MailAddress, conversationId: string): string {
  return `${channelAddress.local}+${conversationId}@${channelAddress.domain}`;
}

/** "Re: Заказ 17 [#id]": one "Re:", whatever the customer's client stacked up, and the tag once. */
export function replySubject(customerSubject: string, conversationId: string): string {
  const bare = baseSubject(customerSubject) || '…';
  return `Re: ${bare} [#${conversationId}]`;
}

/**
 * The subject of a letter that answers none, the first of a conversation the desk started
 * (issue 16): its text's first line, cut at a word within 60 characters, else the company's name.
 */
export function firstSubject(text: string, company: string, conversationId: string): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  const cut = line.length <= 60 ? line : `${line.slice(0, 60).replace(/\s+\S*$/, '') || line.slice(0, 60)}…`;
  return `${cut || company} [#${conversationId}]`;
}

/** The subject without reply prefixes or our tag: what "a new subject" is compared by. */
export function baseSubject(subject: string): string {
  return subject.replace(SUBJECT_TAG, '').replace(REPLY_PREFIXES, '').replace(/\s+/g, ' ').trim();
}

/** The References of a reply to `parent`: its own References, then its Message-ID (RFC 5322 §3.6.4). */
export function replyReferences(parentReferences: readonly string[], parentMessageId: string): string[] {
  return [...parentReferences.filter((id) => id !== parentMessageId), parentMessageId];
}

export interface ThreadHints {
  /** Addresses the mail was sent to (To and Cc). */
  recipients: readonly string[];
  inReplyTo: string | null;
  references: readonly string[];
  subject: string;
}

/**
 * Conversation ids this mail points at, most trusted first: the plus-address it was sent to, the
 * message it answers, the thread it belongs to (newest reference first), the subject tag. The
 * caller takes the first that exists on this channel and belongs to this sender.
 */
export function conversationCandidates(hints: ThreadHints, channelAddress: MailAddress): string[] {
  const found: string[] = [];
  const add = (id: string | undefined) => {
    if (id && !found.includes(id)) found.push(id);
  };
  const plus = new RegExp(`^${escapeRegExp(channelAddress.local)}\\+(${ID})$`, 'i');
  for (const recipient of hints.recipients) {
    const address = splitAddress(recipient);
    if (address?.domain === channelAddress.domain) add(plus.exec(address.local)?.[1]?.toLowerCase());
  }
  for (const id of [hints.inReplyTo, ...[...hints.references].reverse()])
    add(id ? OWN_MESSAGE_ID.exec(id)?.[1] : undefined);
  add(SUBJECT_TAG.exec(hints.subject)?.[1]);
  return found;
}

/** References as mailparser gives them (a string, several, or none), as a list. */
export function referenceList(references: string | string[] | undefined): string[] {
  if (references === undefined) return [];
  return (Array.isArray(references) ? references : [references]).flatMap((r) => r.split(/\s+/)).filter(Boolean);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
