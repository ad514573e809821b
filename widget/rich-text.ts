// Operator and bot text as DOM nodes: text nodes only, never HTML. http(s) links become anchors
// that open in a new tab without access to this page; bidi controls are shown as visible tags, so
// an override cannot reorder what the visitor reads (the same rule the console applies).
const LINK = /\bhttps?:\/\/[^\s<>"'\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/gi;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
const TRAILING = /[.,;:!?)\]}»”']+$/;

function textWithVisibleBidi(text: string, into: Node): void {
  let last = 0;
  for (const match of text.matchAll(BIDI)) {
    if (match.index > last) into.appendChild(document.createTextNode(text.slice(last, match.index)));
    const tag = document.createElement('span');
    tag.className = 'ctl';
    tag.textContent = `[U+${match[0].charCodeAt(0).toString(16).toUpperCase()}]`;
    into.appendChild(tag);
    last = match.index + match[0].length;
  }
  if (last < text.length) into.appendChild(document.createTextNode(text.slice(last)));
}

/** URL.canParse is newer than the browsers the widget supports (Safari 16.4). */
function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Appends `text` to `into` as text and safe links. */
export function renderText(text: string, into: HTMLElement): void {
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const url = match[0].replace(TRAILING, '');
    const href = parseUrl(url);
    if (!href || (href.protocol !== 'http:' && href.protocol !== 'https:')) continue;
    textWithVisibleBidi(text.slice(last, match.index), into);
    const a = document.createElement('a');
    a.href = href.href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = url;
    into.appendChild(a);
    last = match.index + url.length;
  }
  textWithVisibleBidi(text.slice(last), into);
}
