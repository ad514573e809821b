// A closed (or someone else's) conversation opened read-only in the transcript pane: the contact
// card opens one with Enter, and any pane that lists conversations (search hits) can do the same
// through DeskModel.openReadOnly. Nothing here can write: the view holds no draft and no outbox.
// The transcript is fetched a page at a time, newest first, and an older page only when the
// operator scrolls to the top of what is loaded, as the live transcript is.
import type { Message } from '../../shared/schemas';
import { emptyTranscript, mergeMessages, type Transcript } from './loaded-transcript';

/** Messages a page brings: the server's page, so one call is one query. */
export const READ_ONLY_PAGE = 200;

/** What the view shows above the messages: which conversation this is (already terminal-safe). */
export type ReadOnlySubject = { conversationId: string; title: string };

export type FetchMessages = (conversationId: string, limit: number, before?: string) => Promise<Message[]>;

export class ReadOnlyView {
  readonly transcript: Transcript = emptyTranscript();
  /** Lines scrolled up from the newest. */
  scroll = 0;
  /** Why the last page could not be fetched (no right to read it any more, the connection). */
  error: string | null = null;

  // The view has its own version and listeners, apart from the desk's: a scroll or a page
  // arriving here redraws this pane only, and leaves the hotlist and header (which are memoised on
  // the desk's version) as they were. Bumping the desk's version on every PgUp redrew them all.
  private version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly subject: ReadOnlySubject,
    private readonly fetchMessages: FetchMessages,
    private readonly pageSize = READ_ONLY_PAGE,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  get messages(): readonly Message[] {
    return this.transcript.messages;
  }

  get complete(): boolean {
    return this.transcript.complete;
  }

  /** Fetches the page before the oldest message loaded (the newest page first); once at a time. */
  async loadEarlier(): Promise<void> {
    const { transcript } = this;
    if (transcript.loading || transcript.complete) return;
    transcript.loading = true;
    try {
      const oldest = transcript.messages[0]?.id;
      const page = await this.fetchMessages(this.subject.conversationId, this.pageSize, oldest);
      transcript.requested += this.pageSize;
      transcript.complete = page.length < this.pageSize;
      mergeMessages(transcript, page);
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      transcript.loading = false;
      this.changed();
    }
  }

  /**
   * Scrolls by `lines` (positive: up, to older messages); the pane clamps it to what is laid out.
   * Scrolling up after a failed fetch asks for the page again.
   */
  scrollBy(lines: number): void {
    const retry = lines > 0 && this.error !== null;
    if (retry) this.error = null;
    const next = Math.max(0, this.scroll + lines);
    if (next === this.scroll && !retry) return;
    this.scroll = next;
    this.changed();
  }

  /** The pane's clamp, kept without a redraw of its own (the pane draws what it clamped to). */
  settleScroll(scroll: number): void {
    this.scroll = scroll;
  }
}
