// The bot's notices (a bot message's `notice`: queue position, operator joined, closed…) drawn as
// centred, muted lines of the conversation rather than chat bubbles, and the rating question
// (askRating) with five buttons: a click sends the digit as the visitor's message, which the
// desk takes as the rating. Once the visitor has answered (or the desk thanked them), the buttons
// stay, disabled, with the chosen score marked.
import type { ChatEntry } from './conversation';
import { el } from './dom';
import { renderText } from './rich-text';
import type { Texts } from './texts';

const SCORES = [1, 2, 3, 4, 5] as const;

export function renderNotice(entry: ChatEntry, entries: readonly ChatEntry[], t: Texts): HTMLElement {
  const line = el('p', { class: 'notice-text', dir: 'auto' });
  renderText(entry.text, line);
  const item = el('div', { class: 'notice', 'data-notice': entry.notice ?? '', 'data-key': entry.key }, line);
  if (entry.notice === 'askRating') item.append(ratingButtons(entry, entries, t));
  return item;
}

/** The score the visitor gave after this question: their next message if it is a digit 1–5. */
function answered(question: ChatEntry, entries: readonly ChatEntry[]): { done: boolean; score?: number } {
  const after = entries.slice(entries.indexOf(question) + 1);
  const reply = after.find((e) => e.author.type === 'customer');
  const score = reply && /^[1-5]$/.test(reply.text.trim()) ? Number(reply.text.trim()) : undefined;
  return { done: reply !== undefined || after.some((e) => e.notice === 'thanksForRating'), score };
}

function ratingButtons(question: ChatEntry, entries: readonly ChatEntry[], t: Texts): HTMLElement {
  const { done, score } = answered(question, entries);
  const group = el('div', { class: 'rating', role: 'group', 'aria-label': t.rate });
  for (const n of SCORES) {
    const button = el(
      'button',
      { type: 'button', class: 'rate', 'data-rate': String(n), 'aria-label': t[`rate${n}`] },
      String(n),
    );
    if (done) {
      button.disabled = true;
      button.setAttribute('aria-pressed', String(n === score));
    }
    group.append(button);
  }
  return group;
}
