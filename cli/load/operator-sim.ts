// One simulated operator, speaking the console's protocol through the real tRPC clients: log in
// over HTTP, open the WebSocket (which is also the operator's presence), take the snapshot, follow
// operator.events from its lastEventId, and answer with operator.send / operator.resolve.
import type { Conversation, DeskEventEnvelope, Message } from '../../shared/schemas';
import { httpApiClient, wsApiClient, type LiveConnection } from '../api-client';
import { fetchTranscript } from '../transcript-pages';

export interface OperatorHandlers {
  /** A conversation was assigned to this operator (`at`: performance.now()). */
  onAssigned?(op: SimOperator, conversation: Conversation, at: number): void;
  /** A customer message reached this operator, live or from the transcript fetched on assignment;
   * each server message is reported once per operator. */
  onCustomerMessage(op: SimOperator, message: Message, at: number, source: 'live' | 'transcript'): void;
  onRemoved?(op: SimOperator, conversationId: string): void;
  /** Something went wrong that the run should count (`kind` names it). */
  onError(kind: string, error: unknown): void;
}

export interface SimOperatorOptions {
  url: string;
  wsUrl: string;
  login: string;
  password: string;
  index: number;
  handlers: OperatorHandlers;
  /** Fetch the transcript when a conversation is assigned, as a console does, so messages written
   * while it waited in the queue are seen too (default true). */
  transcriptOnAssign?: boolean;
}

export class SimOperator {
  /** Conversations this operator holds → ids of the messages it has seen in each. */
  readonly conversations = new Map<string, Set<string>>();
  private lastSeq = -1;
  private unsubscribe: (() => void) | null = null;

  private constructor(
    readonly index: number,
    readonly id: string,
    private readonly live: LiveConnection,
    private readonly opts: SimOperatorOptions,
  ) {}

  static async connect(opts: SimOperatorOptions): Promise<SimOperator> {
    const { token, operator } = await httpApiClient(opts.url).auth.login.mutate({
      login: opts.login,
      password: opts.password,
    });
    const live = wsApiClient(opts.wsUrl, token);
    const op = new SimOperator(opts.index, operator.id, live, opts);
    try {
      const snapshot = await live.client.operator.snapshot.query();
      for (const c of snapshot.conversations) op.conversations.set(c.id, new Set());
      await op.subscribe(snapshot.lastEventId);
    } catch (error) {
      await live.close();
      throw error;
    }
    return op;
  }

  private subscribe(lastEventId: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      let started = false;
      const sub = this.live.client.operator.events.subscribe(
        { lastEventId },
        {
          onStarted: () => {
            started = true;
            resolve();
          },
          onData: (tracked) => {
            for (const event of tracked.data) this.onEvent(event);
          },
          onError: (error) => {
            if (!started) reject(error);
            else this.opts.handlers.onError('operator-feed', error);
          },
        },
      );
      this.unsubscribe = () => sub.unsubscribe();
    });
  }

  private onEvent(e: DeskEventEnvelope): void {
    const at = performance.now();
    // Typing is ephemeral: it carries the seq of the event before it, so it is no duplicate.
    if (e.type === 'conversation.typing') return;
    if (e.seq <= this.lastSeq) {
      this.opts.handlers.onError('duplicate-event', new Error(`event ${e.seq} delivered again`));
      return;
    }
    this.lastSeq = e.seq;
    const h = this.opts.handlers;
    switch (e.type) {
      case 'conversation.assigned': {
        const fresh = !this.conversations.has(e.conversation.id);
        if (fresh) this.conversations.set(e.conversation.id, new Set());
        h.onAssigned?.(this, e.conversation, at);
        if (fresh && this.opts.transcriptOnAssign !== false) void this.fetchTranscript(e.conversation.id);
        break;
      }
      case 'conversation.removed':
        this.conversations.delete(e.conversationId);
        h.onRemoved?.(this, e.conversationId);
        break;
      case 'message.created': {
        if (e.message.author.type !== 'customer') break;
        // Ids are remembered only to skip what the transcript already reported: without
        // transcripts they would just pile up (a long load run's operators held every id).
        if (this.opts.transcriptOnAssign !== false) {
          const seen = this.conversations.get(e.message.conversationId);
          if (seen?.has(e.message.id)) break; // already read from the transcript
          seen?.add(e.message.id);
        }
        h.onCustomerMessage(this, e.message, at, 'live');
        break;
      }
      // A simulated operator acts only on what lands in its hotlist and what customers write.
      case 'conversation.updated':
      case 'customer.merged':
      case 'conversation.rated':
      case 'operator.updated':
      case 'callback.requested':
      case 'callback.changed':
      case 'callback.overdue':
      case 'conversation.reassigned':
      case 'template.changed':
      case 'template.deleted':
      case 'message.delivery':
      case 'conversation.takenOver':
        break;
    }
  }

  private async fetchTranscript(conversationId: string): Promise<void> {
    try {
      const messages = await fetchTranscript(
        (page) => this.live.client.operator.messages.query({ conversationId, ...page }),
        5000,
      );
      const at = performance.now();
      const seen = this.conversations.get(conversationId);
      if (!seen) return; // removed meanwhile
      for (const m of messages) {
        if (m.author.type !== 'customer' || seen.has(m.id)) continue;
        seen.add(m.id);
        this.opts.handlers.onCustomerMessage(this, m, at, 'transcript');
      }
    } catch (error) {
      this.opts.handlers.onError('operator-transcript', error);
    }
  }

  send(conversationId: string, clientId: string, text: string): Promise<Message> {
    return this.live.client.operator.send.mutate({ conversationId, clientId, text });
  }

  async resolve(conversationId: string): Promise<void> {
    await this.live.client.operator.resolve.mutate({ conversationId });
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.live.close();
  }
}
