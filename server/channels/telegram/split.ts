// Telegram takes at most 4096 characters in one text (sendMessage, "1-4096 characters after
// entities parsing"); a longer reply goes as several messages, cut where a reader expects a cut.

/** The Bot API's sendMessage limit. Counted in UTF-16 units, as its entity offsets are: never more than its characters. */
export const TEXT_LIMIT = 4096;
/** sendPhoto/sendDocument's caption limit. */
export const CAPTION_LIMIT = 1024;

/**
 * Parts of at most `max` UTF-16 units, in order: cut at the last paragraph break in the latter
 * half of the window, else the last line break, else the last space, else at `max` itself, never
 * between the two halves of a surrogate pair. The whitespace a cut falls on is dropped.
 */
export function splitText(text: string, max = TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = lastBreak(window, '\n\n', max) ?? lastBreak(window, '\n', max) ?? lastSpace(window, max);
    let end = cut ?? max;
    if (cut === null && isHighSurrogate(rest.charCodeAt(end - 1))) end -= 1;
    const part = rest.slice(0, end).trimEnd();
    if (part) parts.push(part);
    rest = rest.slice(end).replace(/^\s+/, '');
  }
  if (rest.trim()) parts.push(rest);
  return parts;
}

function lastBreak(window: string, separator: string, max: number): number | null {
  const at = window.lastIndexOf(separator, max - separator.length + 1);
  return at >= max / 2 ? at : null;
}

function lastSpace(window: string, max: number): number | null {
  for (let i = Math.min(max, window.length - 1); i >= max / 2; i--) if (/\s/.test(window[i])) return i;
  return null;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
