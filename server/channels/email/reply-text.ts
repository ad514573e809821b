// What the operator reads of a customer's mail: the new text, without the quoted history below
// it or the signature. The full message is stored raw, so nothing is lost by trimming here.
import EmailReplyParser from 'email-reply-parser';

/**
 * Quote headers that email-reply-parser does not know: Gmail's Russian form ends with the
 * sender's address and a colon and no verb ("Пн, 30 нояб. 2026 г. в 12:00, Имя <a@b.ru>:"),
 * others have no date ("Имя <a@b.ru> написал(а):"). Only as the last line left, where the
 * quote it introduced was already cut away.
 */
const TRAILING_QUOTE_HEADER = /\n[^\n]*<[^<>\s@]+@[^<>\s]+>[^\n]*:\s*$/;

export function visibleReplyText(text: string): string {
  const visible = new EmailReplyParser().read(text.replace(/\r\n?/g, '\n')).getVisibleText();
  const trimmed = visible.replace(TRAILING_QUOTE_HEADER, '').trim();
  // A mail that is nothing but a quote (a forward with no comment) keeps its whole text.
  return trimmed === '' ? text.trim() : trimmed;
}
