// What the widget shows of ./presence.ts: a line under the transcript while the operator types
// (a polite status region, whose text changes only when the typing starts or stops, so a screen
// reader says it once), and "Read" in place of "Sent" under the visitor's newest message that
// the operator has seen.
import type { ChatEntry } from './conversation';
import type { Presence } from './presence';
import type { Texts } from './texts';

export class PresenceView {
  readonly line: HTMLParagraphElement = document.createElement('p');

  constructor() {
    this.line.className = 'typing';
    this.line.setAttribute('role', 'status');
    this.line.setAttribute('aria-live', 'polite');
    this.line.hidden = true;
  }

  render(presence: Presence, t: Texts): void {
    const name = presence.typingName;
    const text = name === undefined ? '' : t.typing.replace('{name}', name ?? t.operator);
    if (this.line.textContent !== text) this.line.textContent = text;
    this.line.hidden = name === undefined;
  }

  /** Marks, in the drawn log, the newest of the visitor's messages at or before the operator's read marker. */
  markRead(log: HTMLElement, entries: readonly ChatEntry[], presence: Presence, t: Texts): void {
    const upTo = presence.readUpTo;
    if (upTo === null) return;
    let newest: ChatEntry | undefined;
    for (const entry of entries)
      if (entry.author.type === 'customer' && entry.serverId !== null && entry.serverId <= upTo) newest = entry;
    if (!newest) return;
    const item = [...log.children].find((node) => node.getAttribute('data-key') === newest.key);
    const delivery = item?.querySelector('.delivery');
    if (!delivery) return;
    delivery.textContent = t.read;
    delivery.setAttribute('data-delivery', 'read');
  }
}
