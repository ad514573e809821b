// A reply longer than a provider takes in one message (Telegram's 4096) goes as several, cut
// where a reader expects a cut. Shared so the console's composer counts the parts the server's
// adapter will send, by the same cuts.

/**
 * Parts of at most `max` UTF-16 units, in order: cut at the last paragraph break in the latter
 * half of the window, else the last line break, else the last space, else at `max` itself, never
 * between the two halves of a surrogate pair. The whitespace a cut falls on is dropped.
 */
export function splitText(text: string, max: number): string[] {
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
