// The console's one door to the server: a small interface the app is written against, so unit
// tests drive it with an in-memory fake, and its implementation over the real tRPC WebSocket
// client (cli/api-client.ts), which reconnects by itself and resumes the feed from the last id.
import type { z } from 'zod';
import type {
  CustomerMatch,
  AttachmentChunk,
  AttachmentInput,
  CallbackInput,
  RetryDeliveryInput,
  Conversation,
  DeskEventEnvelope,
  Message,
  Operator,
  Queue,
  ReplyWindow,
  ResolveInput,
  StartableChannel,
  StartConversationInput,
  Template,
  TransferInput,
  UploadInput,
  UploadProgress,
} from '../../shared/schemas';
import type { CustomerHistoryPage, HistoryCursor } from '../../shared/history-schemas';
import { LIMITS } from '../../shared/limits';
import type { Review } from '../../shared/review-schemas';
import type { CheckSpellingResult, SuggestResult } from '../../shared/spelling';
import type { QueueStatsLine } from '../../shared/stats';
import type { LiveConnection } from '../api-client';
import { fetchTranscript } from '../transcript-pages';
import type { KbArticle, KbHit } from '../../shared/kb-schemas';
import type { SearchHit } from '../../shared/search-schemas';

export type ConnectionState = 'connecting' | 'online' | 'reconnecting';

export type Colleague = Pick<Operator, 'id' | 'login' | 'name' | 'status' | 'load' | 'capacity'>;

export type FeedError = { code: string | null; message: string };

export type SendInput = {
  conversationId: string;
  clientId: string;
  text: string;
  private: boolean;
  /** Refs of files uploaded first (`upload`). */
  attachments?: string[];
  /** One of the channel's approved templates (then `text` is empty). */
  template?: { name: string; params: string[] };
};

export interface ConsoleClient {
  snapshot(): Promise<{ operator: Operator; conversations: Conversation[]; lastEventId: string }>;
  /**
   * The live feed after `lastEventId`; resumes by itself after a reconnect. `onEnded` hears why
   * the server ended it for good (PRECONDITION_FAILED: the history since the id has expired, so
   * the console must reload its snapshot; UNAUTHORIZED: the session is gone).
   */
  events(
    lastEventId: string | null,
    onEvent: (event: DeskEventEnvelope) => void,
    onEnded?: (error: FeedError) => void,
  ): () => void;
  /**
   * Waiting and longest wait per queue about once a second, for the status line (which shows "—"
   * until the first arrives); returns how to stop.
   */
  queueStats(onStats: (stats: QueueStatsLine) => void): () => void;
  /** Up to `limit` of the newest messages, or of those older than the message `before`; oldest first. */
  messages(conversationId: string, limit: number, before?: string): Promise<Message[]>;
  /** The contact card: the customer and a page of their conversations, newest first (after `before`). */
  customer(conversationId: string, before?: HistoryCursor): Promise<CustomerHistoryPage>;
  send(input: SendInput): Promise<Message>;
  /** The dialog's reply window and its channel's approved templates (optional: tests' fakes may lack it). */
  replyWindow?(conversationId: string): Promise<ReplyWindow>;
  /** A file, or a part of one, sent ahead of the message that carries it. */
  upload(input: z.input<typeof UploadInput>): Promise<UploadProgress>;
  /** Part of a message's file, from `offset`. */
  attachment(input: z.input<typeof AttachmentInput>): Promise<AttachmentChunk>;
  /** The operator types in the dialog's reply (shown to the customer where the channel can). */
  typing(conversationId: string): Promise<unknown>;
  /** The operator has seen the dialog down to this message (read receipts). */
  markRead(conversationId: string, upTo: string): Promise<unknown>;
  resolve(input: z.input<typeof ResolveInput>): Promise<unknown>;
  transfer(input: z.input<typeof TransferInput>): Promise<unknown>;
  requestCallback(input: z.input<typeof CallbackInput>): Promise<unknown>;
  /** Pauses or resumes the dialog's idle close (/hold); absent from clients that predate it. */
  hold?(input: { conversationId: string; on: boolean }): Promise<Conversation>;
  retryDelivery(input: z.input<typeof RetryDeliveryInput>): Promise<unknown>;
  setStatus(status: 'available' | 'away'): Promise<Operator>;
  templates(): Promise<Template[]>;
  /** The operator's own quality reviews, newest first (issue 18 §4); absent from clients that predate them. */
  myReviews?(): Promise<Review[]>;
  templateUsed(id: string): Promise<unknown>;
  /** Outcomes dialogs were resolved with before, the most used first. */
  outcomes(): Promise<string[]>;
  queues(): Promise<Queue[]>;
  colleagues(): Promise<Colleague[]>;
  /** Channels and whether each starts conversations (/new); optional: tests' fakes may lack it. */
  startableChannels?(): Promise<StartableChannel[]>;
  /** Starts a conversation on a channel (/new); it reaches the hotlist through the feed. */
  startConversation?(input: z.input<typeof StartConversationInput>): Promise<{ conversation: Conversation }>;
  /** Customers /new may write to, by part of a name, e-mail or phone; optional as above. */
  searchCustomers?(query: string): Promise<CustomerMatch[]>;
  /** Knowledge-base articles matching the words typed (issue 18 §5); optional: tests' fakes may lack it. */
  kbSearch?(query: string): Promise<KbHit[]>;
  /** Messages and customers holding the words (issue 18 §3), newest first; optional as above. */
  search?(text: string): Promise<SearchHit[]>;
  kbArticle?(id: string): Promise<KbArticle>;
  /** A paragraph or link of the article went into the draft of the dialog: reports count it. */
  kbUsed?(input: { articleId: string; conversationId: string; kind: 'paragraph' | 'link' }): Promise<unknown>;
  /** Merges the dialog's customer with another (/merge, issue 18 §1); optional as above. */
  mergeCustomers?(input: { conversationId: string; customerId: string }): Promise<unknown>;
  /** Which of `words` are misspelt; `ready: false` while the server loads its dictionaries. */
  checkSpelling(words: string[]): Promise<CheckSpellingResult>;
  suggestSpelling(word: string): Promise<SuggestResult>;
  /** Adds `word` to the operator's own dictionary, kept on the server. */
  addWord(word: string): Promise<unknown>;
  /** Calls `listener` on every change of the connection and returns how to stop. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  connection(): ConnectionState;
  close(): Promise<void>;
}

/**
 * Connection state from the WebSocket client's open/close hooks: pass `hooks` to wsApiClient,
 * then the result to trpcConsoleClient.
 */
export class ConnectionWatch {
  private state: ConnectionState = 'connecting';
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  readonly hooks = {
    onOpen: () => this.set('online'),
    onClose: () => this.set('reconnecting'),
  };

  get current(): ConnectionState {
    return this.state;
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

export function trpcConsoleClient(live: LiveConnection, watch: ConnectionWatch): ConsoleClient {
  const api = live.client;
  return {
    snapshot: () => api.operator.snapshot.query(),
    events(lastEventId, onEvent, onEnded) {
      const subscription = api.operator.events.subscribe(
        { lastEventId },
        {
          onData: (tracked) => {
            for (const event of tracked.data) onEvent(event);
          },
          // A dropped connection does not end up here: the client resubscribes from the last id.
          onError: (error) => onEnded?.({ code: error.data?.code ?? null, message: error.message }),
        },
      );
      return () => subscription.unsubscribe();
    },
    queueStats(onStats) {
      // The figures are a convenience: if the server ends the feed, the status line keeps its last.
      const subscription = api.operator.queueStats.subscribe(undefined, { onData: onStats, onError: () => undefined });
      return () => subscription.unsubscribe();
    },
    messages: (conversationId, limit, before) =>
      fetchTranscript(
        (page) => api.operator.messages.query({ conversationId, ...page }),
        limit,
        LIMITS.transcriptPage,
        before,
      ),
    customer: (conversationId, before) => api.operator.customer.query({ conversationId, before }),
    send: (input) => api.operator.send.mutate(input),
    replyWindow: (conversationId) => api.operator.replyWindow.query({ conversationId }),
    upload: (input) => api.operator.upload.mutate(input),
    attachment: (input) => api.operator.attachment.query(input),
    typing: (conversationId) => api.operator.typing.mutate({ conversationId }),
    markRead: (conversationId, upTo) => api.operator.markRead.mutate({ conversationId, upTo }),
    resolve: (input) => api.operator.resolve.mutate(input),
    transfer: (input) => api.operator.transfer.mutate(input),
    requestCallback: (input) => api.operator.requestCallback.mutate(input),
    hold: (input) => api.operator.hold.mutate(input),
    retryDelivery: (input) => api.operator.retryDelivery.mutate(input),
    setStatus: (status) => api.operator.setStatus.mutate({ status }),
    templates: () => api.operator.templates.query(),
    myReviews: () => api.reviews.mine.query(),
    templateUsed: (id) => api.operator.templateUsed.mutate({ id }),
    outcomes: () => api.operator.outcomes.query(),
    queues: () => api.operator.queues.query(),
    colleagues: () => api.operator.colleagues.query(),
    startableChannels: () => api.operator.startableChannels.query(),
    startConversation: (input) => api.operator.startConversation.mutate(input),
    searchCustomers: (query) => api.operator.searchCustomers.query({ query }),
    kbSearch: (query) => api.operator.kbSearch.query({ query }),
    search: (text) => api.operator.search.query({ text }).then((result) => result.hits),
    kbArticle: (id) => api.operator.kbArticle.query({ id }),
    kbUsed: (input) => api.operator.kbUsed.mutate(input),
    mergeCustomers: (input) => api.operator.mergeCustomers.mutate(input),
    checkSpelling: (words) => api.spelling.check.query({ words }),
    suggestSpelling: (word) => api.spelling.suggest.query({ word }),
    addWord: (word) => api.spelling.addWord.mutate({ word }),
    onConnection: (listener) => watch.subscribe(listener),
    connection: () => watch.current,
    close: () => live.close(),
  };
}

/**
 * The client the console has while it logs in: a stand-in for the one `connecting` (the login,
 * then the WebSocket) will give, so the console can be drawn at once, with the status
 * "connecting…", and log in behind its first frame. Queries wait for the login, feeds start once
 * it is done (unless stopped before), and the connection stays "connecting" until then; should
 * the login fail, every query fails with its error.
 */
export function pendingClient(connecting: Promise<ConsoleClient>): ConsoleClient {
  let ready: ConsoleClient | null = null;
  let closed = false;
  connecting.then(
    (client) => {
      ready = client;
      if (closed) void client.close().catch(() => undefined);
    },
    () => undefined,
  );
  const call = <T>(use: (client: ConsoleClient) => Promise<T>): Promise<T> => connecting.then(use);
  const feed = (start: (client: ConsoleClient) => () => void): (() => void) => {
    let stop: (() => void) | null = null;
    let stopped = false;
    connecting.then(
      (client) => {
        if (!stopped) stop = start(client);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      stop?.();
      stop = null;
    };
  };
  return {
    snapshot: () => call((client) => client.snapshot()),
    events: (lastEventId, onEvent, onEnded) => feed((client) => client.events(lastEventId, onEvent, onEnded)),
    queueStats: (onStats) => feed((client) => client.queueStats(onStats)),
    messages: (conversationId, limit, before) => call((client) => client.messages(conversationId, limit, before)),
    customer: (conversationId, before) => call((client) => client.customer(conversationId, before)),
    send: (input) => call((client) => client.send(input)),
    replyWindow: (conversationId) => call((client) => client.replyWindow!(conversationId)),
    upload: (input) => call((client) => client.upload(input)),
    attachment: (input) => call((client) => client.attachment(input)),
    typing: (conversationId) => call((client) => client.typing(conversationId)),
    markRead: (conversationId, upTo) => call((client) => client.markRead(conversationId, upTo)),
    resolve: (input) => call((client) => client.resolve(input)),
    transfer: (input) => call((client) => client.transfer(input)),
    requestCallback: (input) => call((client) => client.requestCallback(input)),
    hold: (input) => call((client) => client.hold!(input)),
    retryDelivery: (input) => call((client) => client.retryDelivery(input)),
    setStatus: (status) => call((client) => client.setStatus(status)),
    templates: () => call((client) => client.templates()),
    myReviews: () => call((client) => client.myReviews!()),
    templateUsed: (id) => call((client) => client.templateUsed(id)),
    outcomes: () => call((client) => client.outcomes()),
    queues: () => call((client) => client.queues()),
    colleagues: () => call((client) => client.colleagues()),
    startableChannels: () => call((client) => client.startableChannels!()),
    startConversation: (input) => call((client) => client.startConversation!(input)),
    searchCustomers: (query) => call((client) => client.searchCustomers!(query)),
    kbSearch: (query) => call((client) => client.kbSearch!(query)),
    search: (text) => call((client) => client.search!(text)),
    kbArticle: (id) => call((client) => client.kbArticle!(id)),
    kbUsed: (input) => call((client) => client.kbUsed!(input)),
    mergeCustomers: (input) => call((client) => client.mergeCustomers!(input)),
    checkSpelling: (words) => call((client) => client.checkSpelling(words)),
    suggestSpelling: (word) => call((client) => client.suggestSpelling(word)),
    addWord: (word) => call((client) => client.addWord(word)),
    onConnection: (listener) =>
      feed((client) => {
        // The WebSocket may have opened between the login and now.
        if (client.connection() !== 'connecting') listener(client.connection());
        return client.onConnection(listener);
      }),
    connection: () => ready?.connection() ?? 'connecting',
    // Quitting while the login is under way does not wait for it: the client is closed once it comes.
    close: async () => {
      closed = true;
      await ready?.close();
    },
  };
}
