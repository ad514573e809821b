// What the console knows about its desk: the operator, their dialogs, the transcripts loaded so
// far, unread counts and read markers, the selection and the last notice. It is a plain object
// outside React (the app reads it through useSyncExternalStore) so a 5,000-message transcript is
// appended to in place instead of copied on every event. DeskModel adds the live feed, the
// outbox and the actions on top.
import type {
  Conversation,
  Lang,
  Message,
  MessageDelivery,
  Operator,
  Queue,
  StartableChannel,
  Template,
} from '../../shared/schemas';
import type { CustomerHistoryPage } from '../../shared/history-schemas';
import type { QueueStatsLine } from '../../shared/stats';
import type { Colleague, ConnectionState, ConsoleClient } from './console-client';
import { compareUrgency } from './conversation-order';
import {
  answeringThread,
  groupByCustomer,
  latestCustomerWrite,
  mergeThreads,
  type ThreadChoice,
} from './customer-threads';
import { dialogNumbered, noNumbers, renumber, type DialogNumbers } from './dialog-numbers';
import {
  customerMessagesAfter,
  emptyTranscript,
  lastMessageId,
  lastReplyId,
  mergeMessages,
  type Transcript,
} from './loaded-transcript';

/** Messages fetched when a dialog is first shown; scrolling to the top fetches up to the API's maximum. */
export const FIRST_PAGE = 500;
export const MAX_PAGE = 5000;

/** `about`: the dialog the notice is about (null: the console, the operator), with its customer's name then. */
export type Notice = {
  kind: 'info' | 'error';
  text: string;
  at: number;
  about: { conversationId: string; subject: string | null } | null;
};

/** The contact card: the customer and the pages of their conversations loaded so far (newest first). */
export type CustomerCard = CustomerHistoryPage;

export class DeskState {
  operator: Operator | null = null;
  readonly conversations = new Map<string, Conversation>();
  templates: Template[] = [];
  /** Outcomes resolved with before, most used first: the resolve form offers them. */
  outcomes: string[] = [];
  readonly templateUsage = new Map<string, number>();
  queues: Queue[] = [];
  colleagues: Colleague[] = [];
  /** Channels with whether each starts conversations (/new). */
  startable: StartableChannel[] = [];
  queueStats: QueueStatsLine | null = null;
  connection: ConnectionState;
  selectedId: string | null = null;
  private lastNotice: Notice | null = null;
  readonly cards = new Map<string, CustomerCard>();
  /** Where the read marker is drawn per dialog: after this message id (null: before all). */
  readonly markers = new Map<string, string | null>();
  /** Per customer with several threads here: the thread the operator chose to answer on (customer-threads.ts). */
  protected readonly threadChoices = new Map<string, ThreadChoice>();

  protected readonly transcripts = new Map<string, Transcript>();
  protected readonly readThrough = new Map<string, string | null>();
  private readonly listeners = new Set<() => void>();
  private numbers: DialogNumbers = noNumbers;
  private changeVersion = 0;

  /** The language of the notices the feed brings (the app sets it to the console's). */
  lang: Lang = 'en';

  constructor(
    readonly client: ConsoleClient,
    protected readonly now: () => number = Date.now,
  ) {
    this.connection = client.connection();
  }

  // ---- subscription for React ------------------------------------------------------------

  get version(): number {
    return this.changeVersion;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.changeVersion;

  // Snapshots for useSyncExternalStore: each is computed once per change and is the same object
  // until the desk changes again, as React requires of a snapshot, so memos keyed on it hold
  // between keystrokes. Code that changes the desk reads hotlist() and friends directly.
  private readonly views = new Map<string, { version: number; value: unknown }>();

  private perChange<T>(name: string, compute: () => T): T {
    const cached = this.views.get(name);
    if (cached && cached.version === this.changeVersion) return cached.value as T;
    const value = compute();
    this.views.set(name, { version: this.changeVersion, value });
    return value;
  }

  hotlistSnapshot = (): Conversation[] => this.perChange('hotlist', () => this.hotlist());

  templateUsageSnapshot = (): ReadonlyMap<string, number> =>
    this.perChange('templateUsage', () => new Map(this.templateUsage));

  /** The operator as the status line shows them: their load as the dialogs here add up. */
  operatorSnapshot = (): Operator | null =>
    this.perChange('operator', () => (this.operator ? { ...this.operator, load: this.ownLoad() } : null));

  protected changed(): void {
    this.changeVersion++;
    for (const listener of this.listeners) listener();
  }

  /**
   * The notice for the bar, as the open dialog sees it (issue 13 §3): one about another dialog
   * still here waits for that dialog to be open; one about a dialog that has left (resolved,
   * transferred) names it, so it never reads as news of the dialog that opened in its place.
   */
  get notice(): Notice | null {
    const notice = this.lastNotice;
    if (!notice?.about || notice.about.conversationId === this.selectedId) return notice;
    if (this.conversations.has(notice.about.conversationId)) return null;
    return { ...notice, text: `${notice.about.subject ?? notice.about.conversationId}: ${notice.text}` };
  }

  /** Who a notice about this dialog names, taken now: the dialog may be gone when the notice comes. */
  aboutDialog(conversationId: string): NonNullable<Notice['about']> {
    return { conversationId, subject: this.conversations.get(conversationId)?.customerName ?? null };
  }

  /** A reply in one dialog ends what was said about another. */
  protected noticeSeen(conversationId: string): void {
    if (this.lastNotice?.about && this.lastNotice.about.conversationId !== conversationId) this.lastNotice = null;
  }

  say(kind: Notice['kind'], text: string, about: Notice['about'] = null): void {
    this.lastNotice = { kind, text, at: this.now(), about };
    this.changed();
  }

  // ---- transcripts ---------------------------------------------------------------------------

  transcript(conversationId: string): readonly Message[] {
    return this.transcripts.get(conversationId)?.messages ?? [];
  }

  isComplete(conversationId: string): boolean {
    return this.transcripts.get(conversationId)?.complete ?? false;
  }

  /** Fetches the transcript (again, with a bigger page, when the operator scrolls to its top). */
  async load(conversationId: string, limit = FIRST_PAGE): Promise<void> {
    const transcript = this.transcriptOf(conversationId);
    if (transcript.loading || (transcript.requested >= limit && transcript.requested > 0)) return;
    transcript.loading = true;
    try {
      const messages = await this.client.messages(conversationId, limit);
      transcript.requested = limit;
      transcript.complete = messages.length < limit;
      this.merge(conversationId, messages);
      if (!this.readThrough.has(conversationId)) this.readThrough.set(conversationId, this.lastReplyId(conversationId));
      if (conversationId === this.selectedId && !this.markers.has(conversationId)) this.placeMarker(conversationId);
      this.followCustomer();
    } catch (error) {
      this.say('error', (error as Error).message);
    } finally {
      transcript.loading = false;
      this.changed();
    }
  }

  async loadEarlier(conversationId: string): Promise<void> {
    const transcript = this.transcripts.get(conversationId);
    if (!transcript || transcript.complete) return;
    await this.load(conversationId, MAX_PAGE);
  }

  protected transcriptOf(conversationId: string): Transcript {
    let transcript = this.transcripts.get(conversationId);
    if (!transcript) {
      transcript = emptyTranscript();
      this.transcripts.set(conversationId, transcript);
    }
    return transcript;
  }

  /** Adds messages by id, never twice, keeping the transcript in time order. */
  merge(conversationId: string, incoming: readonly Message[]): void {
    if (!this.conversations.has(conversationId)) return;
    mergeMessages(this.transcriptOf(conversationId), incoming);
  }

  /** A message's delivery as the provider settled it; a new object, so its cached lines are redrawn. */
  setDelivery(conversationId: string, messageId: string, delivery: MessageDelivery): void {
    if (!this.conversations.has(conversationId)) return;
    const { messages } = this.transcriptOf(conversationId);
    const index = messages.findIndex((m) => m.id === messageId);
    if (index >= 0) messages[index] = { ...messages[index], delivery };
  }

  protected lastMessageId(conversationId: string): string | null {
    return lastMessageId(this.transcript(conversationId));
  }

  /** Before the operator opens a dialog, what they answered last counts as read. */
  private lastReplyId(conversationId: string): string | null {
    return lastReplyId(this.transcript(conversationId));
  }

  /** Customer messages after the last one read; the open customer's threads are all on screen. */
  unread(conversationId: string): number {
    return this.sameCustomer(conversationId, this.selectedId) ? 0 : this.countUnread(conversationId);
  }

  private countUnread(conversationId: string): number {
    return customerMessagesAfter(this.transcript(conversationId), this.readThrough.get(conversationId));
  }

  /** For tests and the bench: adds a transcript without the server. */
  seed(conversationId: string, messages: readonly Message[], complete = true): void {
    const transcript = this.transcriptOf(conversationId);
    transcript.requested = Math.max(transcript.requested, messages.length);
    transcript.complete = complete;
    this.merge(conversationId, messages);
    if (!this.readThrough.has(conversationId)) this.readThrough.set(conversationId, this.lastReplyId(conversationId));
    this.changed();
  }

  // ---- selection ---------------------------------------------------------------------------

  /** Own load as the router counts it: the weights of the dialogs assigned here. */
  ownLoad(): number {
    let load = 0;
    for (const conversation of this.conversations.values())
      if (conversation.status === 'assigned') load += conversation.weight;
    return load;
  }

  hotlist(): Conversation[] {
    return groupByCustomer([...this.conversations.values()].sort(compareUrgency));
  }

  // ---- one customer, several threads (issue 18 §1) ---------------------------------------------

  /** The open threads of this dialog's customer here, in hotlist order (just the dialog when alone). */
  threadsOf(conversationId: string): Conversation[] {
    const customerId = this.conversations.get(conversationId)?.customerId;
    if (customerId === undefined) return [];
    // Not kept per change: the feed asks mid-event, before the change is counted.
    return [...this.conversations.values()].filter((c) => c.customerId === customerId).sort(compareUrgency);
  }

  sameCustomer(conversationId: string, other: string | null): boolean {
    if (other === null) return false;
    if (conversationId === other) return true;
    const customerId = this.conversations.get(conversationId)?.customerId;
    return customerId !== undefined && customerId === this.conversations.get(other)?.customerId;
  }

  /** The thread an answer to this dialog's customer goes out on: the operator's choice, or where they wrote last. */
  replyThread(conversationId: string): string {
    const threads = this.threadsOf(conversationId);
    if (threads.length < 2) return conversationId;
    const choice = this.threadChoices.get(threads[0].customerId);
    return answeringThread(threads, (id) => this.transcript(id), choice)?.id ?? conversationId;
  }

  /** Opens this very thread, which the operator picked to answer on (the via key, or its own number). */
  chooseThread(conversationId: string): void {
    const threads = this.threadsOf(conversationId);
    if (threads.length > 1) {
      const customerWroteAt = latestCustomerWrite(threads, (id) => this.transcript(id));
      this.threadChoices.set(threads[0].customerId, { conversationId, customerWroteAt });
    }
    this.open(conversationId);
  }

  /**
   * The open customer's answer follows them to the thread they wrote in last, unless the operator
   * chose one since: the selection is that thread, so what the composer and the actions do reads
   * off one id.
   */
  protected followCustomer(): void {
    const current = this.selectedId;
    if (current === null || !this.conversations.has(current)) return;
    const wanted = this.replyThread(current);
    if (wanted === current) return;
    this.readThrough.set(current, this.lastMessageId(current));
    this.selectedId = wanted;
    this.readThrough.set(wanted, this.lastMessageId(wanted));
  }

  /** What the transcript pane shows for this dialog: all its customer's threads here, in time order. */
  shownTranscript(conversationId: string): readonly Message[] {
    const threads = this.threadsOf(conversationId);
    if (threads.length < 2) return this.transcript(conversationId);
    // One customer's merge is kept per change: the open one's, redrawn on every keystroke.
    const shown = this.perChange('shown', () => new Map<string, readonly Message[]>());
    let merged = shown.get(threads[0].customerId);
    if (!merged) {
      merged = mergeThreads(threads.map((thread) => this.transcript(thread.id)));
      shown.set(threads[0].customerId, merged);
    }
    return merged;
  }

  /** Every thread shown is loaded back to its first message. */
  isShownComplete(conversationId: string): boolean {
    return this.threadsOf(conversationId).every((thread) => this.isComplete(thread.id));
  }

  /** The dialog's number: kept from when it came until it leaves (dialog-numbers.ts). */
  numberOf(conversationId: string): number | null {
    return this.numbers.get(conversationId) ?? null;
  }

  /** The open dialog with this number (Alt+N, /go N), or null. */
  numbered(number: number): Conversation | null {
    const id = dialogNumbered(this.numbers, number);
    return id === null ? null : (this.conversations.get(id) ?? null);
  }

  /** After dialogs came or left: new ones take the lowest free numbers, most urgent first. */
  protected numberDialogs(): void {
    this.numbers = renumber(
      this.numbers,
      this.hotlist().map((c) => c.id),
    );
  }

  /** Opens the dialog's customer, on the thread the answer goes out on (replyThread). */
  open(conversationId: string): void {
    if (!this.conversations.has(conversationId)) return;
    if (this.selectedId && !this.sameCustomer(conversationId, this.selectedId)) {
      for (const thread of this.threadsOf(this.selectedId))
        this.readThrough.set(thread.id, this.lastMessageId(thread.id));
    }
    this.selectedId = this.replyThread(conversationId);
    conversationId = this.selectedId;
    const transcript = this.transcripts.get(conversationId);
    if (transcript && transcript.requested > 0) this.placeMarker(conversationId);
    else this.markers.delete(conversationId);
    this.changed();
  }

  /** On opening: the marker goes where the unread messages start (nowhere if none); all is read now. */
  private placeMarker(conversationId: string): void {
    const unread = this.countUnread(conversationId);
    if (unread > 0) this.markers.set(conversationId, this.readThrough.get(conversationId) ?? null);
    else this.markers.delete(conversationId);
    this.readThrough.set(conversationId, this.lastMessageId(conversationId));
  }

  /** The dialog that most needs a reply: the most urgent one a customer is waiting in. */
  mostUrgent(): Conversation | null {
    const list = this.hotlist();
    return list.find((c) => c.waitingSince !== null || c.slaDueAt !== null) ?? list[0] ?? null;
  }

  get selected(): Conversation | null {
    return this.selectedId ? (this.conversations.get(this.selectedId) ?? null) : null;
  }

  /** Forgets a dialog that left this console; if it was open, its neighbour in the hotlist opens. */
  protected remove(conversationId: string): void {
    const wasSelected = this.selectedId === conversationId;
    const before = this.hotlist();
    const index = before.findIndex((c) => c.id === conversationId);
    // A thread that closes leaves the operator with the same customer's other thread, if any.
    const sibling = this.threadsOf(conversationId).find((thread) => thread.id !== conversationId);
    const customerId = this.conversations.get(conversationId)?.customerId ?? '';
    this.conversations.delete(conversationId);
    this.transcripts.delete(conversationId);
    this.readThrough.delete(conversationId);
    this.markers.delete(conversationId);
    this.cards.delete(conversationId);
    if (sibling === undefined) this.threadChoices.delete(customerId);
    this.numberDialogs();
    if (wasSelected) {
      const after = this.hotlist();
      const next = sibling ?? after[Math.min(Math.max(0, index), after.length - 1)];
      this.selectedId = null;
      if (next) this.open(next.id);
    }
  }
}
