// Typing indicators and read receipts on the visitor's side (issue 15): what the widget tells the
// desk ("typing", at most every TYPING_EVERY_MS while the visitor types; "read" only when it
// moves on) and what it shows of the operator ("Olga is typing…" for a few seconds; "Read" under
// the visitor's newest message the operator has seen).
import type { WebchatClientFrame } from '../shared/webchat-schemas';

/** How often a visitor who keeps typing says so; the console shows it for 5 s after each. */
export const TYPING_EVERY_MS = 2500;
/** How long "is typing…" stays without a new signal (the operator's console sends one every ~2.5 s). */
export const TYPING_SHOWN_MS = 6000;

export class Presence {
  /** The operator's name while they type (null: no name given); undefined while nobody types. */
  typingName: string | null | undefined;
  /** The newest message id the operator has read. */
  readUpTo: string | null = null;
  private hideTyping: ReturnType<typeof setTimeout> | undefined;
  private typingSentAt = 0;
  private typingOpen = false;
  private readSent = '';

  constructor(
    /** Sends a frame if the socket is open; false when it is not. */
    private readonly send: (frame: WebchatClientFrame) => boolean,
    private readonly changed: () => void,
  ) {}

  /** A new connection: what was sent on the old one is said again when it still holds. */
  connected(read: string | undefined): void {
    this.readSent = '';
    this.typingOpen = false;
    this.typingSentAt = 0;
    if (read !== undefined) this.operatorRead(read);
  }

  /** The visitor's draft changed: typing while it has text, stopped once it is empty (or sent). */
  typed(active: boolean, now = Date.now()): void {
    if (active && now - this.typingSentAt >= TYPING_EVERY_MS) {
      if (this.send({ type: 'typing', active: true })) {
        this.typingSentAt = now;
        this.typingOpen = true;
      }
    } else if (!active && this.typingOpen) {
      this.typingOpen = false;
      this.typingSentAt = 0;
      this.send({ type: 'typing', active: false });
    }
  }

  /** The visitor has seen everything up to `upTo` (panel open, tab visible): said once per step forwards. */
  read(upTo: string): void {
    if (upTo > this.readSent && this.send({ type: 'read', upTo })) this.readSent = upTo;
  }

  /** Another visitor now (Textdesk.identify): nothing the operator did for the last one holds. */
  forget(): void {
    this.readUpTo = null;
    this.operatorStopped();
  }

  operatorTyping(name: string | null): void {
    this.typingName = name;
    clearTimeout(this.hideTyping);
    this.hideTyping = setTimeout(() => this.operatorStopped(), TYPING_SHOWN_MS);
    this.changed();
  }

  /** A message from the operator (or the bot) ends "is typing…" at once. */
  operatorStopped(): void {
    clearTimeout(this.hideTyping);
    if (this.typingName === undefined) return;
    this.typingName = undefined;
    this.changed();
  }

  operatorRead(upTo: string): void {
    if (this.readUpTo !== null && upTo <= this.readUpTo) return;
    this.readUpTo = upTo;
    this.changed();
  }
}
