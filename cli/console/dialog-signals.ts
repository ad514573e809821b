// Typing indicators and read receipts in the console (issue 15). The customer's typing shows for
// TYPING_SHOWN_MS after their last signal (or until their message comes); the operator's own
// typing and reading go to the server fire-and-forget, never awaited on a keystroke's path (the
// console's keystroke-to-screen budget is 16 ms), typing at most every TYPING_EVERY_MS per dialog
// and reading only when the newest message on screen moves on.
import type { ConsoleClient } from './console-client';

export const TYPING_SHOWN_MS = 5000;
export const TYPING_EVERY_MS = 2500;

export class DialogSignals {
  /** Until when each dialog's customer counts as typing. */
  private readonly typingUntil = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly typingSentAt = new Map<string, number>();
  private readonly readSent = new Map<string, string>();

  constructor(
    private readonly client: Pick<ConsoleClient, 'typing' | 'markRead'>,
    private readonly now: () => number,
    /** Redraws: the mark goes when its time is up, with no event to say so. */
    private readonly changed: () => void,
  ) {}

  isTyping(conversationId: string): boolean {
    return (this.typingUntil.get(conversationId) ?? 0) > this.now();
  }

  customerTyping(conversationId: string, active: boolean): void {
    clearTimeout(this.timers.get(conversationId));
    if (!active) return this.customerStopped(conversationId);
    this.typingUntil.set(conversationId, this.now() + TYPING_SHOWN_MS);
    const timer = setTimeout(() => this.customerStopped(conversationId, true), TYPING_SHOWN_MS);
    timer.unref?.();
    this.timers.set(conversationId, timer);
  }

  /** Their message came, the signal said so, or its time ran out. */
  customerStopped(conversationId: string, redraw = false): void {
    clearTimeout(this.timers.get(conversationId));
    this.timers.delete(conversationId);
    if (this.typingUntil.delete(conversationId) && redraw) this.changed();
  }

  /** A keystroke changed the reply's draft in this dialog. */
  operatorTyped(conversationId: string): void {
    const at = this.now();
    if (at - (this.typingSentAt.get(conversationId) ?? -Infinity) < TYPING_EVERY_MS) return;
    this.typingSentAt.set(conversationId, at);
    // A lost signal only means the customer misses a "typing…": nothing to retry or report.
    void this.client.typing(conversationId).catch(() => undefined);
  }

  /** The operator sees the dialog down to `newest`: the server (and so the customer) hears once per step. */
  operatorRead(conversationId: string, newest: string): void {
    const sent = this.readSent.get(conversationId);
    if (sent !== undefined && newest <= sent) return;
    this.readSent.set(conversationId, newest);
    void this.client.markRead(conversationId, newest).catch(() => {
      // Said again the next time the dialog is drawn.
      if (this.readSent.get(conversationId) === newest) this.readSent.delete(conversationId);
    });
  }

  forget(conversationId: string): void {
    this.customerStopped(conversationId);
    this.typingSentAt.delete(conversationId);
    this.readSent.delete(conversationId);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
