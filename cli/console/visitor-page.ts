// The line under the dialog's header that says which page a web chat visitor is on
// ("Page: https://shop.example/…/cart — Cart"). The URL keeps its start (the site) and its end
// (the page) when the pane is too narrow for all of it; the title gets what is left.
import type { Lang, VisitorPage } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { t } from './i18n';
import { fitToWidth, textWidth } from './text-layout';

/** A title shorter than this is left whole, the URL cut instead. */
const TITLE_SHARE = 1 / 3;

export function visitorPageLine(page: VisitorPage, width: number, lang: Lang): string {
  const label = `${t(lang, 'transcript.page')}: `;
  // Stored as new URL().href (printable ASCII), sanitised all the same: it came from a browser.
  const url = sanitizeLine(page.url, { maxLength: 2100 });
  const title = page.title ? ` — ${sanitizeLine(page.title, { maxLength: 200 })}` : '';
  const room = width - textWidth(label);
  const urlRoom = Math.max(12, room - Math.min(textWidth(title), Math.floor(room * TITLE_SHARE)));
  return fitToWidth(`${label}${middleCut(url, urlRoom)}${title}`, width).trimEnd();
}

/** `https://shop.example/…/cart` from a longer URL: its start and end, one `…` between. */
function middleCut(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) * 0.6);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}
