// The keys the console bench presses, one cycle of KEY_CYCLE repeated: the live desk's mix
// (typing, switching dialogs, scrolling) and, with --history, the same desk with the customer's
// history open (issue 18 §2): the contact card browsed beside a live composer, a closed
// transcript opened read-only, scrolled and left.
import type { FakeDesk } from '../../test/console/fake-desk';
import { conversation, message, NOW } from '../../test/console/fake-desk';

export type BenchKey = { kind: string; data: string };

/** How many keys one cycle of a mix takes; the bench also reports the p99 without the first cycle. */
export const KEY_CYCLE = 40;

const TYPED = 'привет мир, hello 漢字 ';
const ALT = (key: string) => `\x1b${key}`;
const KEY = { up: '\x1b[A', down: '\x1b[B', pageUp: '\x1b[5~', pageDown: '\x1b[6~', enter: '\r', escape: '\x1b' };

/** Typing (one key in four 'fast', inside Ink's throttle window), switching, scrolling, erasing. */
export function liveKeys(count: number, dialogs: number): BenchKey[] {
  const keys: BenchKey[] = [];
  for (let i = 0; i < count; i++) {
    const slot = i % KEY_CYCLE;
    if (slot < 28) keys.push({ kind: slot % 4 === 3 ? 'fast' : 'type', data: TYPED[i % 21] });
    else if (slot < 34) keys.push({ kind: 'switch', data: ALT(String(Math.min(9, (i % dialogs) + 1))) });
    else if (slot < 37) keys.push({ kind: 'scroll', data: KEY.pageUp });
    else if (slot < 39) keys.push({ kind: 'scroll', data: KEY.pageDown });
    else keys.push({ kind: 'erase', data: '\x17' });
  }
  return keys;
}

/**
 * A cycle with the history open: Ctrl+L opens the card, ↑↓ choose, typing goes on beside it,
 * Ctrl+U empties the draft, Enter opens a closed transcript read-only (its newest page loads),
 * PgUp/PgDn and ↑↓ scroll it, Esc returns to the live dialog, and Alt+N moves to the next one.
 */
export function historyKeys(count: number, dialogs: number): BenchKey[] {
  const cycle: BenchKey[] = [
    { kind: 'card', data: '\x0c' },
    { kind: 'card', data: KEY.down },
    { kind: 'card', data: KEY.down },
    { kind: 'card', data: KEY.up },
    ...Array.from({ length: 14 }, (_, i) => ({ kind: i % 4 === 3 ? 'fast' : 'type', data: TYPED[i] })),
    { kind: 'erase', data: '\x15' },
    { kind: 'card', data: KEY.down },
    { kind: 'open', data: KEY.enter },
    ...Array.from({ length: 6 }, () => ({ kind: 'scroll', data: KEY.pageUp })),
    ...Array.from({ length: 3 }, () => ({ kind: 'line', data: KEY.up })),
    ...Array.from({ length: 3 }, () => ({ kind: 'scroll', data: KEY.pageDown })),
    ...Array.from({ length: 3 }, () => ({ kind: 'line', data: KEY.down })),
    { kind: 'close', data: KEY.escape },
    { kind: 'switch', data: '' },
    { kind: 'type', data: 'x' },
    { kind: 'erase', data: '\x15' },
  ];
  if (cycle.length !== KEY_CYCLE) throw new Error(`the history cycle has ${cycle.length} keys, not ${KEY_CYCLE}`);
  const keys: BenchKey[] = [];
  for (let i = 0; i < count; i++) {
    const key = cycle[i % KEY_CYCLE];
    // Round the dialogs, one a cycle, so each customer's card and transcripts are seen.
    const next = (Math.floor(i / KEY_CYCLE) + 1) % dialogs;
    keys.push(key.kind === 'switch' ? { kind: 'switch', data: ALT(String(Math.min(9, next + 1))) } : key);
  }
  return keys;
}

/** Each dialog's customer gets `earlier` closed conversations of `messages` messages each, on other channels. */
export function addHistory(desk: FakeDesk, earlier: number, messages: number): void {
  const texts = ['Заказ #48213 не пришёл, где он?', 'The refund arrived, thank you', 'Спасибо 👍'];
  for (const current of desk.conversations) {
    const entries = Array.from({ length: earlier }, (_, n) => {
      const id = `${current.id}-old${n}`;
      desk.transcripts.set(
        id,
        Array.from({ length: messages }, (_, i) =>
          message(id, texts[i % texts.length], { createdAt: NOW - (n + 1) * 86_400_000 + i * 1000 }),
        ),
      );
      return {
        ...conversation(id, {
          customerId: current.customerId,
          status: 'resolved',
          channelId: n % 2 ? 'mail' : 'bot',
          channelKind: n % 2 ? 'email' : 'telegram',
          outcome: 'solved',
          rating: 5 - (n % 5),
          createdAt: NOW - (n + 1) * 86_400_000,
        }),
        operatorName: 'Иван',
      };
    });
    desk.history.set(current.customerId, entries);
  }
}
