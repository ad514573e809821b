// The desk: the application layer the API calls. It owns the in-memory picture of operators
// and open conversations, and puts every command through the domain, the store and the bus.
import type { Conversation, DeskEvent } from '../../shared/schemas';
import type { Attachments } from '../attachments/attachments';
import type { Outbox } from '../channels/outbox';
import { EVERYONE, type PublishedEvent } from '../events/bus';
import type { ChannelPort } from './channel-port';
import { Callbacks } from './callbacks';
import { Calendars } from './calendars';
import { Channels } from './channels';
import { Connections } from './connections';
import { CustomerMerges } from './customer-merges';
import { Deadlines } from './deadlines';
import type { DeskContext } from './context';
import { ConversationBook } from './conversation-book';
import { DeliveryReports } from './delivery-reports';
import { Directory } from './directory';
import type { DirectoryRecords } from './directory-records';
import { Housekeeping } from './housekeeping';
import { Templates } from './templates';
import { Inbound } from './inbound';
import { LiveSignals } from './live-signals';
import { OperatorActions } from './operator-actions';
import { OutboundStarts } from './outbound-start';
import { Presence } from './presence';
import { ReplyTimers } from './reply-timers';
import { ReplyWindows } from './reply-window';
import { Sessions } from './sessions';

export class Desk {
  readonly connections: Connections;
  readonly book: ConversationBook;
  readonly deliveries: DeliveryReports;
  readonly directory: Directory;
  readonly channels: Channels;
  readonly sessions: Sessions;
  readonly inbound: Inbound;
  readonly actions: OperatorActions;
  /** Conversations the desk starts (issue 16). */
  readonly starts: OutboundStarts;
  readonly presence: Presence;
  readonly housekeeping: Housekeeping;
  readonly templates: Templates;
  readonly signals: LiveSignals;
  /** Call-back requests supervisors keep (issue 17 §5). */
  readonly callbacks: Callbacks;
  /** Manual merges and unmerges of customers (issue 18 §1). */
  readonly merges: CustomerMerges;
  /** Every timed rule's deadlines, behind one timer on the injected clock. */
  readonly deadlines: Deadlines;
  /** Business hours (issue 17 §1). */
  readonly calendars: Calendars;
  /** No-reply reassignment and idle close (issue 17), on `deadlines`. */
  readonly replyTimers: ReplyTimers;

  /**
   * Builds each part after what it needs. The records of operators and channels come from the
   * caller, which hands them to the outbox too; the book, which carries out the router's
   * assignments, needs only those records, so it comes before the directory and presence.
   * `adapters` is the registry of channel kinds, seen through the port the desk defines.
   */
  constructor(
    readonly ctx: DeskContext,
    records: DirectoryRecords,
    outbox: Pick<Outbox, 'enqueue'>,
    adapters: ChannelPort,
    files: Attachments,
  ) {
    const connections = new Connections();
    const deadlines = new Deadlines(ctx.clock, ctx.timer, (key, error) =>
      ctx.log.error({ err: error, deadline: key }, 'a timed rule failed'),
    );
    this.deadlines = deadlines;
    const book = new ConversationBook(ctx, records, outbox, adapters);
    const calendars = new Calendars(ctx, deadlines);
    const directory = new Directory(
      ctx,
      records,
      (changes, assignments) => book.applyAssignments(changes, assignments),
      (operatorId) => connections.isConnected(operatorId),
      calendars,
    );
    this.calendars = calendars;
    this.connections = connections;
    this.book = book;
    this.deliveries = new DeliveryReports(ctx, book);
    this.directory = directory;
    this.channels = new Channels(ctx, records, adapters, (queueId) => directory.queue(queueId));
    this.sessions = new Sessions(ctx, directory);
    this.inbound = new Inbound(ctx, directory, book);
    const windows = new ReplyWindows(ctx, records, adapters);
    this.callbacks = new Callbacks(ctx, records, book, outbox, deadlines);
    this.actions = new OperatorActions(ctx, directory, book, files, windows, this.callbacks);
    this.merges = new CustomerMerges(ctx, book);
    this.starts = new OutboundStarts(ctx, records, book, windows, adapters);
    this.presence = new Presence(ctx, directory, book, connections, deadlines);
    this.housekeeping = new Housekeeping(ctx, ctx.settings.retentionMs, files);
    this.templates = new Templates(ctx, records);
    this.signals = new LiveSignals(ctx, directory, book, adapters);
    // Before start(): it follows the book from the restore on.
    this.replyTimers = new ReplyTimers(ctx, book, deadlines);
  }

  async start(): Promise<void> {
    const { store, bus } = this.ctx;
    bus.lastSeq = (await store.get(store.q.lastEventSeq, {}))?.seq ?? 0;
    await this.calendars.load();
    await this.directory.load();
    await this.channels.load();
    await this.templates.load();
    await this.book.restore();
    this.presence.armGraceTimer();
    await this.callbacks.restore();
    this.calendars.watch((calendarId) => this.directory.hoursTurned(calendarId));
    await this.housekeeping.sweep();
    this.housekeeping.start();
  }

  stop(): void {
    this.deadlines.stop();
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
