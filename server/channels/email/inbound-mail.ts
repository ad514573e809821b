// One received mail, parsed (mailparser: MIME, charsets such as KOI8-R and windows-1251, encoded
// headers, HTML turned into text) into what the desk needs: who wrote, what is new in it, what
// it answers, and whether it is automatic mail that must not be answered.
import { simpleParser, type AddressObject } from 'mailparser';
import { automaticMailReason } from './auto-reply';
import { visibleReplyText } from './reply-text';
import { referenceList } from './threading';

export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  content: Buffer;
}

export interface InboundMail {
  /** The sender's Message-ID: the idempotency key, so a mail delivered twice is stored once. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null } | null;
  recipients: string[];
  subject: string;
  /** The new text only, without the quoted history and the signature. */
  text: string;
  /** Why the mail is automatic (an auto-reply, a bounce, a list), or null. */
  automatic: string | null;
  attachments: InboundAttachment[];
}

/** `returnPath`: the SMTP envelope's MAIL FROM ('' for the null path `<>`), or null when unknown (IMAP). */
export async function parseInboundMail(raw: Buffer, returnPath: string | null): Promise<InboundMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const from = addresses(mail.from)[0] ?? null;
  // Over IMAP there is no envelope: the Return-Path header the final MTA wrote stands in for it.
  const envelopeFrom = returnPath ?? returnPathHeader(mail.headers.get('return-path'));
  return {
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references: referenceList(mail.references),
    from: from ? { address: from.address, name: from.name || null } : null,
    recipients: [...addresses(mail.to), ...addresses(mail.cc)].map((a) => a.address),
    subject: mail.subject ?? '',
    text: visibleReplyText(mail.text ?? ''),
    automatic:
      automaticMailReason((name) => mail.headers.get(name), envelopeFrom) ??
      (from === null ? 'no sender address' : null),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) =>
    o.value.flatMap((a) => (a.address ? [{ address: a.address.toLowerCase(), name: a.name }] : [])),
  );
}

function returnPathHeader(value: unknown): string | null {
  if (typeof value === 'string') return value.trim().replace(/^<|>$/g, '');
  const structured = value as { value?: { address?: string }[] } | undefined;
  if (structured?.value) return structured.value[0]?.address ?? '';
  return null;
}
