// What the console knows about its desk: the operator, their dialogs, the transcripts loaded so
// far merged with the live feed, unread counts and read markers, queue stats, the connection,
// and the outbox of replies not yet acknowledged. It is a plain object outside React (the app
// reads it through useSyncExternalStore) so a 5,000-message transcript is appended to in place
// instead of copied on every event.
import { randomUUID } from 'node:crypto';
import { TRPCClientError } from '@trpc/client';
import type { Conversation, Customer, DeskEventEnvelope, Message, Operator, Queue, Template } from '../../shared/schemas';
import type { Colleague, ConnectionState, ConsoleClient, QueueStats } from './console-client';

/** Messages fetched when a dialog is first shown; scrolling to the top fetches up to the API's maximum. */
export const FIRST_PAGE = 500;
export const MAX_PAGE = 5000;

export type OutboxEntry = {
  clientId: string;
  conversationId: string;
  text: string;
  private: boolean;
  createdAt: number;
  /** queued: waits for the connection; sending: on the wire; failed: refused by the server. */
  state: 'queued' | 'sending' | 'failed';
  error?: string;
};

type Transcript = {
  messages: Message[];
  ids: Set<string>;
  /** How many the last fetch asked for: fewer came back means the start is loaded. */
  requested: number;
  complete: boolean;
  loading: boolean;
};

export type Notice = { kind: 'info' | 'error'; text: string; at: number };

export type CustomerCard = { customer: Customer; conversations: Conversation[] };

/**
 * The hotlist order: the nearest SLA deadline first, then the customer waiting longest, then the
 * most recent activity. Dialogs that owe nothing sort after those that do.
 */
export function compareUrgency(a: Conversation, b: Conversation): number {
  const due = (a.slaDueAt ?? Infinity) - (b.slaDueAt ?? Infinity);
  if (due !== 0 && !Number.isNaN(due)) return due;
  const waiting = (a.waitingSince ?? Infinity) - (b.waitingSince ?? Infinity);
  if (waiting !== 0 && !Number.isNaN(waiting)) return waiting;
  return b.lastMessageAt - a.lastMessageAt || a.id.localeCompare(b.id);
}

/** Time order; ids are time-ordered too, which settles messages created in the same millisecond. */
function byTime(a: Message, b: Message): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return /closed|ECONNREFUSED|socket/i.test(String((error as Error)?.message ?? error));
  return !error.data && /closed|connection|socket/i.test(error.message);
}

export class DeskModel {
  operator: Operator | null = null;
  readonly conversations = new Map<string, Conversation>();
  templates: Template[] = [];
  readonly templateUsage = new Map<string, number>();
  queues: Queue[] = [];
  colleagues: Colleague[] = [];
  queueStats: QueueStats | null = null;
  connection: ConnectionState;
  selectedId: string | null = null;
  notice: Notice | null = null;
  readonly outbox: OutboxEntry[] = [];
  readonly cards = new Map<string, CustomerCard>();
  /** Where the read marker is drawn per dialog: after this message id (null: before all). */
  readonly markers = new Map<string, string | null>();

  private readonly transcripts = new Map<string, Transcript>();
  private readonly readThrough = new Map<string, string | null>();
  private readonly listeners = new Set<() => void>();
  private readonly stops: Array<() => void> = [];
  private changeVersion = 0;
  private lastEventId: string | null = null;
  private flushing = false;

  constructor(
    readonly client: ConsoleClient,
    private readonly now: () => number = Date.now,
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

  private changed(): void {
    this.changeVersion++;
    for (const listener of this.listeners) listener();
  }

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
    const stopStats = this.client.queueStats((stats) => {
      this.queueStats = stats;
      this.changed();
    });
    if (stopStats) this.stops.push(stopStats);
    this.selectedId = this.hotlist()[0]?.id ?? null;
    if (this.selectedId) this.open(this.selectedId);
    this.changed();
    // Side data: the console works without it, so a failure is a notice, not a crash.
    await Promise.all([
      this.client.templates().then((templates) => (this.templates = templates)),
      this.client.queues().then((queues) => (this.queues = queues)),
      this.client.colleagues().then((colleagues) => (this.colleagues = colleagues)),
      ...snapshot.conversations.map((conversation) => this.load(conversation.id)),
    ]).catch((error: unknown) => this.say('error', (error as Error).message));
    this.changed();
  }

  stop(): void {
    this.stopFeed?.();
    this.stopFeed = null;
    for (const stop of this.stops.splice(0)) stop();
  }

  private stopFeed: (() => void) | null = null;

  /** Loads the snapshot and follows the feed from its event id. */
  private async subscribeFromSnapshot() {
    const snapshot = await this.client.snapshot();
    this.operator = snapshot.operator;
    this.lastEventId = snapshot.lastEventId;
    for (const conversation of snapshot.conversations) this.conversations.set(conversation.id, conversation);
    this.stopFeed?.();
    this.stopFeed = this.client.events(snapshot.lastEventId, (event) => this.apply(event), (error) => void this.feedEnded(error));
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
          void this.load(conversation.id);
          if (this.selectedId === null) this.open(conversation.id);
        }
        break;
      }
      case 'conversation.removed':
        this.remove(event.conversationId);
        break;
      case 'message.created':
        this.merge(event.message.conversationId, [event.message]);
        this.acknowledgeEcho(event.message);
        if (event.message.conversationId === this.selectedId) this.readThrough.set(this.selectedId, this.lastMessageId(this.selectedId));
        break;
      case 'operator.updated':
        if (this.operator && event.operator.id === this.operator.id) this.operator = event.operator;
        else this.colleagues = this.colleagues.map((c) => (c.id === event.operator.id ? { ...c, ...event.operator } : c));
        break;
      case 'callback.requested':
        this.say('info', `☎ ${event.phone}`);
        break;
      case 'conversation.rated':
        break;
    }
    this.changed();
  }

  private remove(conversationId: string): void {
    const wasSelected = this.selectedId === conversationId;
    const before = this.hotlist();
    const index = before.findIndex((c) => c.id === conversationId);
    this.conversations.delete(conversationId);
    this.transcripts.delete(conversationId);
    this.readThrough.delete(conversationId);
    this.markers.delete(conversationId);
    this.cards.delete(conversationId);
    if (wasSelected) {
      const after = this.hotlist();
      const next = after[Math.min(Math.max(0, index), after.length - 1)];
      this.selectedId = null;
      if (next) this.open(next.id);
    }
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

  private transcriptOf(conversationId: string): Transcript {
    let transcript = this.transcripts.get(conversationId);
    if (!transcript) {
      transcript = { messages: [], ids: new Set(), requested: 0, complete: false, loading: false };
      this.transcripts.set(conversationId, transcript);
    }
    return transcript;
  }

  /** Adds messages by id, never twice, keeping the transcript in time order. */
  merge(conversationId: string, incoming: readonly Message[]): void {
    if (!this.conversations.has(conversationId)) return;
    const transcript = this.transcriptOf(conversationId);
    const { messages, ids } = transcript;
    let outOfOrder = false;
    for (const message of incoming) {
      if (ids.has(message.id)) continue;
      ids.add(message.id);
      const last = messages[messages.length - 1];
      if (last && byTime(message, last) < 0) outOfOrder = true;
      messages.push(message);
    }
    if (outOfOrder) messages.sort(byTime);
  }

  private lastMessageId(conversationId: string): string | null {
    const messages = this.transcript(conversationId);
    return messages.length > 0 ? messages[messages.length - 1].id : null;
  }

  /** Before the operator opens a dialog, what they answered last counts as read. */
  private lastReplyId(conversationId: string): string | null {
    const messages = this.transcript(conversationId);
    for (let i = messages.length - 1; i >= 0; i--) if (messages[i].author.type === 'operator') return messages[i].id;
    return null;
  }

  /** Customer messages after the last one read. */
  unread(conversationId: string): number {
    return conversationId === this.selectedId ? 0 : this.countUnread(conversationId);
  }

  private countUnread(conversationId: string): number {
    const messages = this.transcript(conversationId);
    const through = this.readThrough.get(conversationId);
    let count = 0;
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i].id === through) break;
      if (messages[i].author.type === 'customer') count++;
    }
    return count;
  }

  // ---- selection ---------------------------------------------------------------------------

  /** Own load as the router counts it: the weights of the dialogs assigned here. */
  ownLoad(): number {
    let load = 0;
    for (const conversation of this.conversations.values()) if (conversation.status === 'assigned') load += conversation.weight;
    return load;
  }

  hotlist(): Conversation[] {
    return [...this.conversations.values()].sort(compareUrgency);
  }

  open(conversationId: string): void {
    if (!this.conversations.has(conversationId)) return;
    if (this.selectedId && this.selectedId !== conversationId) {
      this.readThrough.set(this.selectedId, this.lastMessageId(this.selectedId));
    }
    this.selectedId = conversationId;
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

  // ---- replies and the outbox -----------------------------------------------------------------

  /** Queues a reply with its client id and sends it now if online, or once back online. */
  send(conversationId: string, text: string, isPrivate: boolean): OutboxEntry {
    const entry: OutboxEntry = {
      clientId: randomUUID(),
      conversationId,
      text,
      private: isPrivate,
      createdAt: this.now(),
      state: 'queued',
    };
    this.outbox.push(entry);
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
            text: entry.text,
            private: entry.private,
          });
          this.merge(message.conversationId, [message]);
          this.drop(entry);
        } catch (error) {
          if (isConnectionError(error) || this.connection !== 'online') {
            entry.state = 'queued';
          } else {
            entry.state = 'failed';
            entry.error = (error as Error).message;
            this.say('error', entry.error);
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
    this.drop(entry);
    this.changed();
    return entry.text;
  }

  /** The feed may bring our own reply before the send resolves: that acknowledges it. */
  private acknowledgeEcho(message: Message): void {
    if (!this.operator || message.author.id !== this.operator.id) return;
    const entry = this.outbox.find(
      (e) => e.state === 'sending' && e.conversationId === message.conversationId && e.text.trim() === message.text && e.private === message.private,
    );
    if (entry) this.drop(entry);
  }

  private drop(entry: OutboxEntry): void {
    const index = this.outbox.indexOf(entry);
    if (index >= 0) this.outbox.splice(index, 1);
  }

  // ---- other actions -------------------------------------------------------------------------

  say(kind: Notice['kind'], text: string): void {
    this.notice = { kind, text, at: this.now() };
    this.changed();
  }

  async run(action: () => Promise<unknown>, done: string): Promise<boolean> {
    try {
      await action();
      this.say('info', done);
      return true;
    } catch (error) {
      this.say('error', (error as Error).message);
      return false;
    }
  }

  async customerCard(conversationId: string): Promise<void> {
    try {
      this.cards.set(conversationId, await this.client.customer(conversationId));
      this.changed();
    } catch (error) {
      this.say('error', (error as Error).message);
    }
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

  /** For tests and the bench: adds a transcript without the server. */
  seed(conversationId: string, messages: readonly Message[], complete = true): void {
    const transcript = this.transcriptOf(conversationId);
    transcript.requested = Math.max(transcript.requested, messages.length);
    transcript.complete = complete;
    this.merge(conversationId, messages);
    if (!this.readThrough.has(conversationId)) this.readThrough.set(conversationId, this.lastReplyId(conversationId));
    this.changed();
  }
}
