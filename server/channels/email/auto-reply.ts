// Mail that must never be answered (RFC 3834 §2, and what Zammad checks besides): answering an
// auto-reply, a bounce or a list message starts a loop between two robots, or spams a list.
import type { HeaderValue } from 'mailparser';

export type HeaderLookup = (name: string) => HeaderValue | undefined;

/** Why this mail is automatic (and gets no bot greeting or reply), or null for a person's mail. */
export function automaticMailReason(header: HeaderLookup, returnPath: string | null): string | null {
  // A null reverse-path (MAIL FROM:<>) is how bounces and other notifications are sent.
  if (returnPath === '') return 'null return path';
  const sender = (returnPath ?? '').toLowerCase();
  const local = sender.slice(0, sender.lastIndexOf('@'));
  if (local === 'mailer-daemon' || local === 'postmaster' || local.startsWith('owner-') || local.endsWith('-request'))
    return `sent by ${local}`;
  const autoSubmitted = text(header('auto-submitted')).toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = text(header('precedence')).toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  // mailparser gathers every List-* header (List-Id, List-Unsubscribe, …) under "list".
  if (header('list') !== undefined) return 'List-* headers (a mailing list)';
  if (header('x-loop') !== undefined) return 'X-Loop header';
  const suppress = text(header('x-auto-response-suppress')).toLowerCase();
  if (/\b(all|oof|autoreply)\b/.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  return null;
}

/** mailparser gives structured values for some headers (list-*): only their presence matters there. */
function text(value: HeaderValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => text(item)).join(', ');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('value' in value && typeof value.value === 'string') return value.value;
  return '';
}
