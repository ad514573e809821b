// The console's desk: DeskState (dialogs, transcripts, read markers, selection) kept current by
// the live feed, with the outbox of replies not yet acknowledged and the actions the keys run.
import type { Review } from '../../shared/review-schemas';
import type { DeskEventEnvelope, Message, Template } from '../../shared/schemas';
import { DeskState, FIRST_PAGE } from './desk-state';
import { DialogSignals } from './dialog-signals';
import { sanitizeLine } from '../../shared/terminal-text';
import { t } from './i18n';
import { dropEntry, echoedEntry, isConnectionError, queuedReply, type OutboxEntry } from './reply-outbox';
import { ReadOnlyView, type ReadOnlySubject } from './read-only-view';
import { ReplyWindows } from './reply-windows';
import { SpellingVerdicts } from './spelling-verdicts';

// Callers know the desk by this module; the parts live in their own files.
export { compareUrgency } from './conversation-order';
export { FIRST_PAGE, MAX_PAGE, type CustomerCard, type Notice } from './desk-state';
export { isConnectionError, type OutboxEntry } from './reply-outbox';

export class DeskModel extends DeskState {
  readonly outbox: OutboxEntry[] = [];
  /** Spelling verdicts on the words of the drafts, from the server. */
  readonly spelling = new SpellingVerdicts(this.client, () => this.changed());
  /** Typing both ways and the operator's read receipts (dialog-signals.ts). */
  readonly signals = new DialogSignals(this.client, this.now, () => this.changed());
  /** Reply windows of the dialogs (WhatsApp's 24 hours) and their channels' approved templates. */
  readonly windows = new ReplyWindows(this.client, () => this.changed(), this.now);

  private readonly stops: Array<() => void> = [];
  private lastEventId: string | null = null;
  private flushing = false;

  // ---- start and stop --------------------------------------------------------------------

  async start(): Promise<void> {
    this.stops.push(
      this.client.onConnection((state) => {
        this.connection = state;
        this.changed();
        if (state === 'online') void this.flushOutbox();
      }),
    );
    this.connection = this.client.connection();
    const snapshot = await this.subscribeFromSnapshot();
    this.stops.push(
      this.client.queueStats((stats) => {
        this.queueStats = stats;
        this.changed();
      }),
    );
    this.selectedId = this.hotlist()[0]?.id ?? null;
    if (this.selectedId) this.open(this.selectedId);
    this.changed();
    // Side data: the console works without it, so a failure is a notice, not a crash.
    await Promise.all([
      this.client.templates().then((templates) => (this.templates = templates)),
      this.client.outcomes().then((outcomes) => (this.outcomes = outcomes)),
      this.client.queues().then((queues) => (this.queues = queues)),
      this.client.colleagues().then((colleagues) => (this.colleagues = colleagues)),
      this.client.startableChannels?.().then((channels) => (this.startable = channels)),
      ...snapshot.conversations.map((conversation) => this.load(conversation.id)),
    ]).catch((error: unknown) => this.say('error', (error as Error).message));
    this.changed();
  }

  stop(): void {
    this.stopFeed?.();
    this.stopFeed = null;
    for (const stop of this.stops.splice(0)) stop();
    this.spelling.stop();
    this.signals.stop();
  }

  private stopFeed: (() => void) | null = null;

  /** Loads the snapshot and follows the feed from its event id. */
  private async subscribeFromSnapshot() {
    const snapshot = await this.client.snapshot();
    this.operator = snapshot.operator;
    this.lastEventId = snapshot.lastEventId;
    for (const conversation of snapshot.conversations) this.conversations.set(conversation.id, conversation);
    this.numberDialogs();
    this.stopFeed?.();
    this.stopFeed = this.client.events(
      snapshot.lastEventId,
      (event) => this.apply(event),
      (error) => void this.feedEnded(error),
    );
    return snapshot;
  }

  /**
   * The server ended the feed. Expired history (the console was away longer than the server keeps
   * events) means reloading everything from a new snapshot; anything else is shown.
   */
  private async feedEnded(error: { code: string | null; message: string }): Promise<void> {
    if (error.code !== 'PRECONDITION_FAILED') return this.say('error', error.message);
    try {
      const before = new Set(this.conversations.keys());
      this.conversations.clear();
      const snapshot = await this.subscribeFromSnapshot();
      for (const id of before) if (!this.conversations.has(id)) this.remove(id);
      if (!this.selectedId || !this.conversations.has(this.selectedId)) {
        this.selectedId = null;
        const first = this.hotlist()[0];
        if (first) this.open(first.id);
      }
      // Transcripts merge by id, so reloading them adds only what was missed.
      await Promise.all(snapshot.conversations.map((c) => this.reload(c.id)));
      this.changed();
    } catch (reloadError) {
      this.say('error', (reloadError as Error).message);
    }
  }

  private async reload(conversationId: string): Promise<void> {
    const transcript = this.transcriptOf(conversationId);
    const limit = Math.max(FIRST_PAGE, transcript.requested);
    transcript.requested = 0;
    await this.load(conversationId, limit);
  }

  get lastEvent(): string | null {
    return this.lastEventId;
  }

  // ---- the live feed -----------------------------------------------------------------------

  apply(event: DeskEventEnvelope): void {
    this.lastEventId = String(event.seq);
    switch (event.type) {
      case 'conversation.assigned':
      case 'conversation.updated': {
        const { conversation } = event;
        const isNew = !this.conversations.has(conversation.id);
        const mine = !this.operator || conversation.operatorId === null || conversation.operatorId === this.operator.id;
        if (conversation.status === 'resolved' || !mine) {
          if (!isNew) this.remove(conversation.id);
          break;
        }
        // An update of a dialog that has left this console (removed earlier) does not bring it back.
        if (isNew && event.type === 'conversation.updated') break;
        this.conversations.set(conversation.id, conversation);
        if (isNew) {
          this.numberDialogs();
          void this.load(conversation.id);
          if (this.selectedId === null) this.open(conversation.id);
        }
        break;
      }
      case 'conversation.removed':
        // Issue 17 §2: the operator learns why the dialog left them, named, as it is gone.
        if (event.reason === 'no-reply')
          this.say('error', t(this.lang, 'notice.noReply'), this.aboutDialog(event.conversationId));
        // Issue 18 §4: a supervisor took the dialog over; who, so the operator knows whom to ask.
        if (event.reason === 'taken-over')
          this.say(
            'info',
            `${t(this.lang, 'notice.takenOver')} ${sanitizeLine(event.byName ?? '?', { maxLength: 40 })}`,
            this.aboutDialog(event.conversationId),
          );
        this.remove(event.conversationId);
        break;
      // A merge or unmerge (issue 18 §1) changes whose conversations a card lists: open cards reload.
      case 'customer.merged':
        for (const [conversationId, card] of this.cards)
          if (card.customer.id === event.intoCustomerId || card.customer.id === event.fromCustomerId)
            void this.customerCard(conversationId);
        break;
      // Call-backs are the supervisors' to keep (the dashboard's pane); the console shows the request only.
      case 'conversation.reassigned':
      case 'conversation.takenOver':
      case 'callback.changed':
      case 'callback.overdue':
        break;
      case 'message.created':
        if (event.message.author.type === 'customer') this.signals.customerStopped(event.message.conversationId);
        this.merge(event.message.conversationId, [event.message]);
        this.acknowledgeEcho(event.message);
        // The open customer's threads are all on screen: what comes in any of them is read.
        if (this.sameCustomer(event.message.conversationId, this.selectedId))
          this.readThrough.set(event.message.conversationId, this.lastMessageId(event.message.conversationId));
        break;
      case 'message.delivery':
        this.setDelivery(event.conversationId, event.messageId, event.delivery);
        break;
      case 'operator.updated':
        if (this.operator && event.operator.id === this.operator.id) this.operator = event.operator;
        else
          this.colleagues = this.colleagues.map((c) => (c.id === event.operator.id ? { ...c, ...event.operator } : c));
        break;
      case 'callback.requested':
        this.say('info', `☎ ${event.phone}`);
        break;
      case 'conversation.rated':
        break;
      case 'conversation.typing':
        if (this.conversations.has(event.conversationId))
          this.signals.customerTyping(event.conversationId, event.active);
        break;
      // Templates an admin adds or deletes reach the picker live, not at the next start.
      case 'template.changed':
        this.templates = [...this.templates.filter((t) => t.id !== event.template.id), event.template];
        break;
      case 'template.deleted':
        this.templates = this.templates.filter((t) => t.id !== event.templateId);
        this.templateUsage.delete(event.templateId);
        break;
    }
    this.followCustomer();
    this.changed();
  }

  // ---- replies and the outbox -----------------------------------------------------------------

  /** Queues a reply with its client id and sends it now if online, or once back online. */
  send(conversationId: string, text: string, isPrivate: boolean, template?: OutboxEntry['template']): OutboxEntry {
    const entry = { ...queuedReply(conversationId, text, isPrivate, this.now()), ...(template && { template }) };
    this.outbox.push(entry);
    if (!isPrivate) this.noticeSeen(conversationId);
    // Answering is reading: the "new" marker has done its job.
    if (!isPrivate) this.markers.delete(conversationId);
    this.changed();
    void this.flushOutbox();
    return entry;
  }

  pending(conversationId: string): OutboxEntry[] {
    return this.outbox.filter((entry) => entry.conversationId === conversationId);
  }

  /** Sends queued replies one by one, in order; a dropped connection leaves them queued. */
  async flushOutbox(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        if (this.connection !== 'online') return;
        const entry = this.outbox.find((candidate) => candidate.state === 'queued');
        if (!entry) return;
        entry.state = 'sending';
        this.changed();
        try {
          const message = await this.client.send({
            conversationId: entry.conversationId,
            clientId: entry.clientId,
            text: entry.template ? '' : entry.text,
            private: entry.private,
            ...(entry.template && { template: entry.template }),
          });
          this.merge(message.conversationId, [message]);
          dropEntry(this.outbox, entry);
        } catch (error) {
          if (isConnectionError(error) || this.connection !== 'online') {
            entry.state = 'queued';
          } else {
            entry.state = 'failed';
            entry.error = (error as Error).message;
            this.say('error', entry.error, this.aboutDialog(entry.conversationId));
          }
        }
        this.changed();
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Drops a failed reply from the transcript, returning its text (to put back into the draft). */
  discardFailed(conversationId: string): string | null {
    const entry = this.outbox.find((e) => e.conversationId === conversationId && e.state === 'failed');
    if (!entry) return null;
    dropEntry(this.outbox, entry);
    this.changed();
    return entry.text;
  }

  /** The feed may bring our own reply before the send resolves: that acknowledges it. */
  private acknowledgeEcho(message: Message): void {
    if (!this.operator || message.author.id !== this.operator.id) return;
    const entry = echoedEntry(this.outbox, message);
    if (entry) dropEntry(this.outbox, entry);
  }

  /** The customer of this dialog is typing now (the hotlist and the header mark it). */
  isTyping(conversationId: string): boolean {
    return this.signals.isTyping(conversationId);
  }

  protected override remove(conversationId: string): void {
    this.signals.forget(conversationId);
    super.remove(conversationId);
  }

  /** The open dialog is on screen down to its newest message: that much is read (read receipts). */
  viewedToEnd(conversationId: string): void {
    if (conversationId !== this.selectedId) return;
    for (const thread of this.threadsOf(conversationId)) {
      // Only once the transcript is loaded: before, the newest message known may not be the newest.
      if (!this.transcripts.get(thread.id)?.requested) continue;
      const newest = this.lastMessageId(thread.id);
      if (newest !== null) this.signals.operatorRead(thread.id, newest);
    }
  }

  /** A keystroke changed the reply's draft (not a private note's): the customer may see "typing…". */
  draftTyped(conversationId: string): void {
    if (this.conversations.has(conversationId)) this.signals.operatorTyped(conversationId);
  }

  // ---- other actions -------------------------------------------------------------------------

  /** `conversationId`: the dialog the action is on, whose notice its outcome is. */
  async run(action: () => Promise<unknown>, done: string, conversationId?: string): Promise<boolean> {
    const about = conversationId === undefined ? null : this.aboutDialog(conversationId);
    try {
      await action();
      this.say('info', done, about);
      return true;
    } catch (error) {
      this.say('error', (error as Error).message, about);
      return false;
    }
  }

  /** The operator's own quality reviews as last loaded (/reviews); undefined until then. */
  reviews: Review[] | undefined;

  async loadReviews(): Promise<void> {
    try {
      if (!this.client.myReviews) throw new Error(t(this.lang, 'reviews.none'));
      this.reviews = await this.client.myReviews();
      this.changed();
    } catch (error) {
      this.reviews = [];
      this.say('error', (error as Error).message);
    }
  }

  /** The contact card of the dialog: the customer and the first page of their conversations. */
  async customerCard(conversationId: string): Promise<void> {
    try {
      this.cards.set(conversationId, await this.client.customer(conversationId));
      this.changed();
    } catch (error) {
      this.say('error', (error as Error).message);
    }
  }

  /** The card's next page of older conversations, once at a time, when the list reaches its end. */
  async moreHistory(conversationId: string): Promise<void> {
    const card = this.cards.get(conversationId);
    const last = card?.conversations.at(-1);
    if (!card?.more || !last || this.historyLoading.has(conversationId)) return;
    this.historyLoading.add(conversationId);
    try {
      const page = await this.client.customer(conversationId, { createdAt: last.createdAt, id: last.id });
      const known = new Set(card.conversations.map((c) => c.id));
      this.cards.set(conversationId, {
        ...page,
        conversations: [...card.conversations, ...page.conversations.filter((c) => !known.has(c.id))],
      });
    } catch (error) {
      this.say('error', (error as Error).message);
    } finally {
      this.historyLoading.delete(conversationId);
      this.changed();
    }
  }

  private readonly historyLoading = new Set<string>();

  /** The conversation open read-only in the transcript pane (read-only-view.ts); null: the live dialog. */
  readOnly: ReadOnlyView | null = null;
  // Opening or leaving a read-only transcript is told apart from the desk's changes (see
  // ReadOnlyView): the live panes memoised on the desk's version stay as they were.
  private readonly readOnlyListeners = new Set<() => void>();

  subscribeReadOnly = (listener: () => void): (() => void) => {
    this.readOnlyListeners.add(listener);
    return () => this.readOnlyListeners.delete(listener);
  };

  readOnlySnapshot = (): ReadOnlyView | null => this.readOnly;

  /** Opens a conversation read-only in place of the live dialog; its first page loads at once. */
  openReadOnly(subject: ReadOnlySubject): ReadOnlyView {
    const view = new ReadOnlyView(subject, (conversationId, limit, before) =>
      this.client.messages(conversationId, limit, before),
    );
    this.setReadOnly(view);
    void view.loadEarlier();
    return view;
  }

  /** Back to the live dialog. */
  closeReadOnly(): void {
    if (this.readOnly) this.setReadOnly(null);
  }

  private setReadOnly(view: ReadOnlyView | null): void {
    this.readOnly = view;
    for (const listener of this.readOnlyListeners) listener();
  }

  useTemplate(template: Template): void {
    this.templateUsage.set(template.id, (this.templateUsage.get(template.id) ?? template.useCount) + 1);
    this.changed();
    void this.client.templateUsed(template.id).catch(() => undefined);
  }

  /** A transfer target typed by the operator: a queue id or name, or @login / name of a colleague. */
  transferTarget(text: string): { queueId: string } | { operatorId: string } | null {
    const wanted = text.trim().toLowerCase();
    if (wanted === '') return null;
    if (wanted.startsWith('@')) {
      const login = wanted.slice(1);
      const colleague = this.colleagues.find((c) => c.login.toLowerCase() === login || c.name.toLowerCase() === login);
      return colleague ? { operatorId: colleague.id } : null;
    }
    const queue = this.queues.find((q) => q.id.toLowerCase() === wanted || q.name.toLowerCase() === wanted);
    if (queue) return { queueId: queue.id };
    const colleague = this.colleagues.find((c) => c.login.toLowerCase() === wanted);
    return colleague ? { operatorId: colleague.id } : null;
  }
}
