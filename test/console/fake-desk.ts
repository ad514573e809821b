// An in-memory ConsoleClient and a fake terminal for console tests: the app runs against these
// exactly as against the server, and the test decides when the connection drops, what the feed
// brings and whether a send is acknowledged.
import type { Review } from '../../shared/review-schemas';
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { Colleague, ConnectionState, ConsoleClient, SendInput } from '../../cli/console/console-client';
import type { z } from 'zod';
import type {
  AttachmentChunk,
  AttachmentInput,
  ChannelLimits,
  Conversation,
  DeskEvent,
  DeskEventEnvelope,
  Message,
  Operator,
  Queue,
  Template,
  UploadInput,
  UploadProgress,
} from '../../shared/schemas';
import type { CustomerHistoryPage, HistoryCursor, HistoryEntry } from '../../shared/history-schemas';
import type { QueueStatsLine } from '../../shared/stats';
import { nextTick } from './helpers';
import type { KbArticle, KbHit } from '../../shared/kb-schemas';
import type { SearchHit } from '../../shared/search-schemas';

export const NOW = Date.UTC(2026, 0, 15, 9, 30, 0);

export const ME: Operator = {
  id: 'op-me',
  login: 'anna',
  name: 'Анна',
  role: 'operator',
  skills: [],
  capacity: 3,
  status: 'available',
  connected: true,
  load: 0,
};

export function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    customerId: `cust-${id}`,
    customerName: `Customer ${id}`,
    channelId: 'web',
    medium: 'chat',
    contactId: `contact-${id}`,
    queueId: 'general',
    status: 'assigned',
    operatorId: ME.id,
    lastOperatorId: ME.id,
    createdAt: NOW - 600_000,
    queuedAt: NOW - 600_000,
    assignedAt: NOW - 590_000,
    resolvedAt: null,
    waitingSince: null,
    slaDueAt: null,
    slaTargetMs: null,
    firstResponseAt: null,
    lastMessageAt: NOW - 300_000,
    weight: 1,
    tag: null,
    outcome: null,
    rating: null,
    operatorReadUpTo: null,
    customerReadUpTo: null,
    ...overrides,
  };
}

let messageCounter = 0;
export function message(conversationId: string, text: string, overrides: Partial<Message> = {}): Message {
  messageCounter++;
  return {
    id: `m${String(messageCounter).padStart(8, '0')}`,
    conversationId,
    author: { type: 'customer', id: null, name: null },
    text,
    private: false,
    createdAt: NOW - 100_000 + messageCounter,
    ...overrides,
  };
}

export class FakeDesk implements ConsoleClient {
  conversations: Conversation[] = [];
  readonly transcripts = new Map<string, Message[]>();
  templateList: Template[] = [];
  outcomeList: string[] = [];
  /** The phone on every customer's card. */
  customerPhone = '+7 900 123-45-67';
  queueList: Queue[] = [
    { id: 'general', name: 'General', skills: [], priority: 0 },
    { id: 'vip', name: 'VIP', skills: [], priority: 10 },
  ];
  colleagueList: Colleague[] = [
    { id: 'op-ivan', login: 'ivan', name: 'Иван', status: 'available', load: 1, capacity: 2 },
  ];
  readonly calls: Array<{ method: string; input: unknown }> = [];
  /**
   * What each channel (by id) allows in a reply, told with operator.replyWindow as the server
   * tells it. A dialog on a channel not here gets no answer, as from a server before the call.
   */
  readonly channelLimits = new Map<string, ChannelLimits>();
  /** When set, sends wait until the test calls release(). */
  holdSends = false;
  private held: Array<() => void> = [];
  private state: ConnectionState = 'online';
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private eventListener: ((event: DeskEventEnvelope) => void) | null = null;
  private statsListener: ((stats: QueueStatsLine) => void) | null = null;
  private seq = 100;
  private sentIds = new Map<string, Message>();

  constructor(readonly operator: Operator = ME) {}

  async snapshot() {
    return { operator: this.operator, conversations: this.conversations, lastEventId: String(this.seq) };
  }
  readonly subscriptions: Array<string | null> = [];
  private endListener: ((error: { code: string | null; message: string }) => void) | null = null;
  events(
    lastEventId: string | null,
    onEvent: (event: DeskEventEnvelope) => void,
    onEnded?: (error: { code: string | null; message: string }) => void,
  ) {
    this.subscriptions.push(lastEventId);
    this.eventListener = onEvent;
    this.endListener = onEnded ?? null;
    return () => (this.eventListener = null);
  }
  /** The server ends the feed for good, as the real one does when the history has expired. */
  endFeed(code: string, message = 'ended'): void {
    this.eventListener = null;
    this.endListener?.({ code, message });
  }
  queueStats(onStats: (stats: QueueStatsLine) => void) {
    this.statsListener = onStats;
    return () => (this.statsListener = null);
  }
  async replyWindow(conversationId: string) {
    const channelId = this.conversations.find((c) => c.id === conversationId)?.channelId;
    const limits = channelId === undefined ? undefined : this.channelLimits.get(channelId);
    if (!limits) throw new Error('NOT_IMPLEMENTED: no operator.replyWindow on this server');
    return { windowMs: null, closesAt: null, now: NOW, templates: [], limits };
  }
  async messages(conversationId: string, limit: number, before?: string) {
    this.calls.push({
      method: 'messages',
      input: before ? { conversationId, limit, before } : { conversationId, limit },
    });
    const transcript = this.transcripts.get(conversationId) ?? [];
    const end =
      before === undefined
        ? transcript.length
        : Math.max(
            0,
            transcript.findIndex((m) => m.id === before),
          );
    return transcript.slice(Math.max(0, end - limit), end);
  }
  /**
   * Earlier conversations per customer id, newest first, as the card lists them; a customer not
   * here has one resolved conversation ('old-1'). Each card page holds `historyPage` of them.
   */
  readonly history = new Map<string, HistoryEntry[]>();
  historyPage = 50;
  async customer(conversationId: string, before?: HistoryCursor): Promise<CustomerHistoryPage> {
    this.calls.push({ method: 'customer', input: before ? { conversationId, before } : { conversationId } });
    const current = this.conversations.find((c) => c.id === conversationId)!;
    const earlier = this.history.get(current.customerId) ?? [
      {
        ...conversation('old-1', {
          status: 'resolved',
          tag: 'billing',
          outcome: 'solved',
          createdAt: Date.UTC(2025, 11, 1),
        }),
        operatorName: 'Иван',
      },
    ];
    const all = [{ ...current, operatorName: this.operator.name }, ...earlier];
    const from = before ? all.findIndex((c) => c.id === before.id) + 1 : 0;
    return {
      customer: {
        id: current.customerId,
        name: current.customerName,
        email: 'c@example.com',
        phone: this.customerPhone,
      },
      identities: [],
      merges: [],
      conversations: all.slice(from, from + this.historyPage),
      more: from + this.historyPage < all.length,
    };
  }
  async send(input: SendInput) {
    this.calls.push({ method: 'send', input });
    if (this.state !== 'online') throw new Error('WebSocket closed');
    if (this.holdSends) await new Promise<void>((resolve) => this.held.push(resolve));
    const existing = this.sentIds.get(input.clientId);
    if (existing) return existing;
    const sent = message(input.conversationId, input.text, {
      author: { type: 'operator', id: this.operator.id, name: this.operator.name },
      private: input.private,
      createdAt: NOW,
    });
    this.sentIds.set(input.clientId, sent);
    return sent;
  }
  release(): void {
    for (const wake of this.held.splice(0)) wake();
  }
  /** Files by hash: what `attachment` serves (a test puts the bytes of its messages' files here). */
  readonly fileBytes = new Map<string, Buffer>();
  /** Uploads by ref, as `upload` assembled them. */
  readonly uploads = new Map<string, { name: string; bytes: Buffer; done: boolean }>();
  async upload(input: z.input<typeof UploadInput>): Promise<UploadProgress> {
    this.calls.push({ method: 'upload', input: { ...input, data: `${input.data.length} base64 characters` } });
    const ref = input.append ?? `ref-${this.uploads.size + 1}`;
    const upload = this.uploads.get(ref) ?? { name: input.name, bytes: Buffer.alloc(0), done: false };
    upload.bytes = Buffer.concat([upload.bytes, Buffer.from(input.data, 'base64')]);
    upload.done = input.last ?? true;
    this.uploads.set(ref, upload);
    const file = upload.done
      ? { ref, name: upload.name, type: 'application/octet-stream', size: upload.bytes.length, hash: ref }
      : null;
    return { ref, received: upload.bytes.length, file };
  }
  async attachment(input: z.input<typeof AttachmentInput>): Promise<AttachmentChunk> {
    const messages = this.transcripts.get(input.conversationId) ?? [];
    const file = messages.find((m) => m.id === input.messageId)?.attachments?.[input.index];
    const bytes = file && this.fileBytes.get(file.hash);
    if (!file || !bytes) throw new Error('no such file');
    const offset = input.offset ?? 0;
    // Small parts, so a test sees the console ask for the rest.
    const part = bytes.subarray(offset, offset + 4);
    return { ...file, offset, data: part.toString('base64'), done: offset + part.length >= bytes.length };
  }
  async typing(conversationId: string) {
    this.calls.push({ method: 'typing', input: { conversationId } });
    return { shown: true };
  }
  async markRead(conversationId: string, upTo: string) {
    this.calls.push({ method: 'markRead', input: { conversationId, upTo } });
    return {};
  }
  async resolve(input: unknown) {
    this.calls.push({ method: 'resolve', input });
    return {};
  }
  async transfer(input: unknown) {
    this.calls.push({ method: 'transfer', input });
    return {};
  }
  async retryDelivery(input: unknown) {
    this.calls.push({ method: 'retryDelivery', input });
    return Promise.resolve();
  }

  async hold(input: { conversationId: string; on: boolean }) {
    this.calls.push({ method: 'hold', input });
    return { ...this.conversations.find((c) => c.id === input.conversationId)!, held: input.on };
  }
  async requestCallback(input: unknown) {
    this.calls.push({ method: 'requestCallback', input });
    return { ok: true };
  }
  async setStatus(status: 'available' | 'away') {
    this.calls.push({ method: 'setStatus', input: { status } });
    return { ...this.operator, status };
  }
  async templates() {
    return this.templateList;
  }
  /** The operator's own quality reviews (issue 18 §4), newest first. */
  reviewList: Review[] = [];
  async myReviews() {
    this.calls.push({ method: 'myReviews', input: {} });
    return this.reviewList;
  }
  /** What `search` (/search) answers; `searchFails` makes it throw instead. */
  searchHits: SearchHit[] = [];
  searchFails: Error | null = null;
  async search(text: string): Promise<SearchHit[]> {
    this.calls.push({ method: 'search', input: { text } });
    if (this.searchFails) throw this.searchFails;
    return this.searchHits;
  }
  /** The knowledge base: `kbSearch` finds articles whose title or body holds the query (any case). */
  kbArticles: KbArticle[] = [];
  async kbSearch(query: string): Promise<KbHit[]> {
    this.calls.push({ method: 'kbSearch', input: { query } });
    const wanted = query.trim().toLowerCase();
    return this.kbArticles
      .filter((a) => `${a.title} ${a.body}`.toLowerCase().includes(wanted))
      .map(({ id, title, tags, lang, url, body }) => ({ id, title, tags, lang, url, snippet: body.slice(0, 60) }));
  }
  async kbArticle(id: string): Promise<KbArticle> {
    const article = this.kbArticles.find((a) => a.id === id);
    if (!article) throw new Error(`article ${id} does not exist`);
    return article;
  }
  async kbUsed(input: { articleId: string; conversationId: string; kind: 'paragraph' | 'link' }) {
    this.calls.push({ method: 'kbUsed', input });
    return { ok: true };
  }
  async outcomes() {
    return this.outcomeList;
  }
  async templateUsed(id: string) {
    this.calls.push({ method: 'templateUsed', input: { id } });
    return { ok: true };
  }
  async queues() {
    return this.queueList;
  }
  async colleagues() {
    return this.colleagueList;
  }
  /** Words the fake server calls misspelt, with their suggestions. */
  readonly misspellings = new Map<string, string[]>();
  async checkSpelling(words: string[]) {
    this.calls.push({ method: 'checkSpelling', input: { words } });
    return { ready: true, misspelt: words.filter((word) => this.misspellings.has(word)) };
  }
  async suggestSpelling(word: string) {
    return { ready: true, suggestions: this.misspellings.get(word) ?? [] };
  }
  async addWord(word: string) {
    this.calls.push({ method: 'addWord', input: { word } });
    this.misspellings.delete(word);
    return { ok: true };
  }
  onConnection(listener: (state: ConnectionState) => void) {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }
  connection() {
    return this.state;
  }
  async close() {}

  // ---- what the test does ----
  setConnection(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.connectionListeners) listener(state);
  }
  emit(event: DeskEvent): void {
    this.eventListener?.({ ...event, seq: ++this.seq, at: NOW } as DeskEventEnvelope);
  }
  stats(stats: QueueStatsLine): void {
    this.statsListener?.(stats);
  }
  callsOf(method: string): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.input);
  }
}

/** A terminal of a given size that records frames and can be resized. */
export class FakeTerminal extends EventEmitter {
  frames: string[] = [];
  constructor(
    public columns = 80,
    public rows = 24,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  lastFrame(): string {
    return this.frames[this.frames.length - 1] ?? '';
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeKeyboard extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
  };
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export type Rendered = {
  stdin: FakeKeyboard;
  stdout: FakeTerminal;
  frames: string[];
  lastFrame(): string;
  unmount(): void;
};

/** Renders like ink-testing-library (debug frames), on a terminal whose size the test controls. */
export function renderOn(tree: ReactElement, columns = 80, rows = 24): Rendered {
  const stdout = new FakeTerminal(columns, rows);
  const stdin = new FakeKeyboard();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeTerminal() as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdin,
    stdout,
    get frames() {
      return stdout.frames;
    },
    lastFrame: () => stdout.lastFrame(),
    unmount: () => instance.unmount(),
  };
}

/** Waits, by event-loop turns with a bounded count, until the frame satisfies `predicate`. */
export async function untilFrame(
  app: { lastFrame(): string },
  predicate: (frame: string) => boolean,
  turns = 200,
): Promise<string> {
  for (let i = 0; i < turns; i++) {
    if (predicate(app.lastFrame())) return app.lastFrame();
    await nextTick();
  }
  throw new Error(`frame never matched; last frame:\n${app.lastFrame()}`);
}
