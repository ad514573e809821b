// The desk: the application layer the API calls. It owns the in-memory picture of operators
// and open conversations, and puts every command through the domain, the store and the bus.
import type { Conversation, DeskEvent } from '../../shared/schemas';
import { EVERYONE, type PublishedEvent } from '../events/bus';
import type { DeskContext } from './context';
import { ConversationBook, type Outbound } from './conversation-book';
import { Directory } from './directory';
import { Housekeeping } from './housekeeping';
import { Inbound } from './inbound';
import { OperatorActions } from './operator-actions';
import { Presence } from './presence';
import { Sessions } from './sessions';

export class Desk {
  readonly directory: Directory;
  readonly sessions: Sessions;
  readonly book: ConversationBook;
  readonly inbound: Inbound;
  readonly actions: OperatorActions;
  readonly presence: Presence;
  readonly housekeeping: Housekeeping;

  constructor(
    readonly ctx: DeskContext,
    outbound: Outbound,
  ) {
    this.directory = new Directory(
      ctx,
      (changes, assignments) => this.book.applyAssignments(changes, assignments),
      (operatorId) => this.presence.isConnected(operatorId),
    );
    this.sessions = new Sessions(ctx, this.directory);
    this.book = new ConversationBook(ctx, this.directory, outbound);
    this.inbound = new Inbound(ctx, this.directory, this.book);
    this.actions = new OperatorActions(ctx, this.directory, this.book);
    this.presence = new Presence(ctx, this.directory, this.book);
    this.housekeeping = new Housekeeping(ctx, ctx.settings.retentionMs);
  }

  async start(): Promise<void> {
    const { store, bus } = this.ctx;
    bus.lastSeq = (await store.get(store.q.lastEventSeq, {}))?.seq ?? 0;
    await this.directory.load();
    await this.book.restore();
    this.presence.armGraceTimer();
    await this.housekeeping.sweep();
    this.housekeeping.start();
  }

  stop(): void {
    this.presence.stop();
    this.housekeeping.stop();
  }

  /** Everything a console needs to draw, plus the event id to resume the live feed from. */
  snapshotFor(operatorId: string | typeof EVERYONE): { conversations: Conversation[]; lastEventId: string } {
    const conversations = operatorId === EVERYONE ? this.book.all() : this.book.ofOperator(operatorId);
    return { conversations, lastEventId: String(this.ctx.bus.lastSeq) };
  }

  /** Stored events after `after` for an operator (or all, for supervisors), oldest first. */
  async eventsAfter(audience: string, after: number, limit: number): Promise<PublishedEvent[]> {
    const { store } = this.ctx;
    const rows =
      audience === EVERYONE
        ? await store.all(store.q.eventsAfter, { after, limit })
        : await store.all(store.q.eventsOfOperatorAfter, { operator_id: audience, after, limit });
    return rows.map((row) => ({
      seq: Number(row.seq),
      at: row.at,
      operatorId: row.operator_id,
      event: JSON.parse(row.payload) as DeskEvent,
    }));
  }
}
