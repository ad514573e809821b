// An operator's console as tests see it: logged in over HTTP, connected with the real tRPC
// WebSocket client, collecting the live event feed.
import type { DeskEventEnvelope } from '../../shared/schemas';
import { httpApiClient, wsApiClient, type ApiClient, type LiveConnection } from '../../cli/api-client';

export class OperatorSession {
  readonly events: DeskEventEnvelope[] = [];
  /** The feed's items as they came: each a batch of events, tracked by its last seq. */
  readonly items: { id: string; events: DeskEventEnvelope[] }[] = [];
  /** Set when the server ended the live feed with an error. */
  failure: unknown = null;
  private waiters: Array<() => void> = [];
  private unsubscribe: (() => void) | null = null;

  private constructor(
    readonly live: LiveConnection,
    readonly token: string,
    readonly operatorId: string,
  ) {}

  get api(): ApiClient {
    return this.live.client;
  }

  static async connect(
    server: { url: string; wsUrl: string },
    login: string,
    password: string,
    opts: { subscribe?: 'operator' | 'supervisor' | false; lastEventId?: string | null } = {},
  ): Promise<OperatorSession> {
    const { token, operator } = await httpApiClient(server.url).auth.login.mutate({ login, password });
    const session = new OperatorSession(wsApiClient(server.wsUrl, token), token, operator.id);
    const feed = opts.subscribe ?? 'operator';
    if (feed) {
      const lastEventId =
        opts.lastEventId !== undefined
          ? opts.lastEventId
          : feed === 'operator'
            ? (await session.api.operator.snapshot.query()).lastEventId
            : (await session.api.supervisor.snapshot.query()).lastEventId;
      await session.subscribe(feed, lastEventId);
    }
    return session;
  }

  subscribe(feed: 'operator' | 'supervisor', lastEventId: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      const procedure = feed === 'operator' ? this.api.operator.events : this.api.supervisor.events;
      const subscription = procedure.subscribe(
        { lastEventId },
        {
          onStarted: () => resolve(),
          onData: (tracked) => {
            this.items.push({ id: tracked.id, events: tracked.data });
            this.events.push(...tracked.data);
            for (const wake of this.waiters.splice(0)) wake();
          },
          onError: (error) => {
            this.failure = error;
            for (const wake of this.waiters.splice(0)) wake();
            reject(error);
          },
        },
      );
      this.unsubscribe = () => subscription.unsubscribe();
    });
  }

  /** Resolves with the first event matching `predicate` (already received or still to come). */
  async waitFor<T extends DeskEventEnvelope>(predicate: (e: DeskEventEnvelope) => e is T): Promise<T>;
  async waitFor(predicate: (e: DeskEventEnvelope) => boolean): Promise<DeskEventEnvelope>;
  async waitFor(predicate: (e: DeskEventEnvelope) => boolean): Promise<DeskEventEnvelope> {
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async waitForFailure(): Promise<unknown> {
    while (this.failure === null) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.failure;
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.live.close();
  }
}

export const isAssigned = (conversationId?: string) => (e: DeskEventEnvelope) =>
  e.type === 'conversation.assigned' && (!conversationId || e.conversation.id === conversationId);

export const isMessage = (text: string) => (e: DeskEventEnvelope) =>
  e.type === 'message.created' && e.message.text === text;
