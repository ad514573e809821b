// Call-back requests someone keeps (issue 17 §5). An operator's request is stored as a row that
// supervisors list, claim, mark done or cancel; its state moves only forward. Every change is an
// event on the supervisors' feed, a claim tells the customer (if the dialog is still open), an
// unclaimed request past the target raises an alert (deadline `callback:<id>`), and requests and
// their closing go to the telephony webhook through the durable outbox.
import type { Callback, CallbackStatus } from '../../shared/schemas';
import { CALLBACK_WEBHOOK_CHANNEL, callbackDeliveryId, callbackWebhookBody } from '../channels/callback-webhook';
import type { Outbox } from '../channels/outbox';
import type { CallbackRow, CallbackView } from '../store/queries';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { Deadlines } from './deadlines';
import { enqueueOutboxEntry } from './outbox-entry';
import type { DirectoryRecords } from './directory-records';
import { DeskError } from './errors';
import { KeyedSerializer } from './keyed-serializer';
import type { OperatorRecord } from './mappers';

export const DEFAULT_CALLBACK_TARGET_MS = 15 * 60 * 1000;
const deadlineKey = (id: string) => `callback:${id}`;

export function callbackFromView(row: CallbackView): Callback {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    queueId: row.queue_id,
    phone: row.phone,
    reason: row.reason,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: Number(row.requested_at),
    status: row.status as CallbackStatus,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at === null ? null : Number(row.claimed_at),
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    outcome: row.outcome,
  };
}

function callbackToRow(c: Callback, alertedAt: number | null): CallbackRow {
  return {
    id: c.id,
    conversation_id: c.conversationId,
    customer_id: c.customerId,
    queue_id: c.queueId,
    phone: c.phone,
    reason: c.reason,
    requested_by: c.requestedBy,
    requested_at: c.requestedAt,
    status: c.status,
    claimed_by: c.claimedBy,
    claimed_at: c.claimedAt,
    closed_at: c.closedAt,
    outcome: c.outcome,
    alerted_at: alertedAt,
  };
}

/** What each state may move to: forward only. */
const NEXT: Record<CallbackStatus, readonly CallbackStatus[]> = {
  open: ['claimed', 'done', 'cancelled'],
  claimed: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export class Callbacks {
  /** One change at a time per request on this node: a read and its conditional write do not interleave. */
  private readonly serial = new KeyedSerializer();

  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
    private readonly book: ConversationBook,
    private readonly outbox: Pick<Outbox, 'enqueue'>,
    private readonly deadlines: Deadlines,
  ) {}

  private get targetMs(): number {
    return this.ctx.settings.callbackTargetMs ?? DEFAULT_CALLBACK_TARGET_MS;
  }

  /** Re-arms the overdue alert of every unclaimed request (after a restart). */
  async restore(): Promise<void> {
    const { store } = this.ctx;
    for (const row of await store.all(store.q.callbacksToWatch, {})) this.watch(row.id, Number(row.requested_at));
  }

  /** Adds the request's row, event and webhook to the operator's change set (OperatorActions.requestCallback). */
  request(
    changes: ChangeSet,
    actor: OperatorRecord,
    conversation: { id: string; customerId: string; customerName: string | null; queueId: string },
    input: { phone: string; reason: string },
  ): Callback {
    const callback: Callback = {
      id: this.ctx.ids.next(),
      conversationId: conversation.id,
      customerId: conversation.customerId,
      customerName: conversation.customerName,
      queueId: conversation.queueId,
      phone: input.phone,
      reason: input.reason,
      requestedBy: actor.id,
      requestedByName: actor.name,
      requestedAt: changes.at,
      status: 'open',
      claimedBy: null,
      claimedAt: null,
      closedAt: null,
      outcome: null,
    };
    changes.write(this.ctx.store.q.insertCallback, callbackToRow(callback, null));
    changes.event(this.ctx.bus, null, { type: 'callback.changed', callback }, conversation.id);
    this.notify(changes, 'callback.requested', callback);
    changes.afterCommit(() => this.watch(callback.id, callback.requestedAt));
    return callback;
  }

  async list(status: 'open' | 'all', limit: number): Promise<Callback[]> {
    const { store } = this.ctx;
    const rows = await store.all(status === 'open' ? store.q.callbacksNotClosed : store.q.recentCallbacks, { limit });
    return rows.map(callbackFromView);
  }

  claim(actor: OperatorRecord, id: string): Promise<Callback> {
    return this.move(actor, id, 'claimed', null);
  }

  done(actor: OperatorRecord, id: string, outcome: string): Promise<Callback> {
    return this.move(actor, id, 'done', outcome.trim());
  }

  cancel(actor: OperatorRecord, id: string, outcome: string): Promise<Callback> {
    return this.move(actor, id, 'cancelled', outcome.trim() || null);
  }

  private move(actor: OperatorRecord, id: string, to: CallbackStatus, outcome: string | null): Promise<Callback> {
    return this.serial.run(id, async () => {
      const { store, bus } = this.ctx;
      const row = await store.get(store.q.callbackById, { id });
      if (!row)
        throw new DeskError('NOT_FOUND', `call-back ${id} does not exist: list them with supervisor.callbacks.list`);
      const current = callbackFromView(row);
      if (!NEXT[current.status].includes(to)) {
        const who = current.claimedBy
          ? ` by ${this.records.operators.get(current.claimedBy)?.name ?? current.claimedBy}`
          : '';
        throw new DeskError(
          'CONFLICT',
          `call-back ${id} is already ${current.status}${current.status === 'claimed' ? who : ''}: ` +
            (current.status === 'claimed' ? 'mark it done or cancel it' : 'a closed request does not change'),
        );
      }
      const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
      // Done straight from open: whoever closes it made the call.
      const claims = to === 'claimed' || current.claimedBy === null;
      const next: Callback = {
        ...current,
        status: to,
        claimedBy: claims && to !== 'cancelled' ? actor.id : current.claimedBy,
        claimedAt: claims && to !== 'cancelled' ? changes.at : current.claimedAt,
        closedAt: to === 'claimed' ? null : changes.at,
        outcome: to === 'claimed' ? null : outcome,
      };
      changes.write(store.q.moveCallback, {
        id,
        from: current.status,
        status: next.status,
        claimed_by: next.claimedBy,
        claimed_at: next.claimedAt,
        closed_at: next.closedAt,
        outcome: next.outcome,
      });
      changes.event(bus, null, { type: 'callback.changed', callback: next }, next.conversationId);
      if (to === 'claimed') this.tellCustomer(changes, next);
      else this.notify(changes, 'callback.closed', next);
      await changes.commit();
      this.deadlines.clear(deadlineKey(id));
      return next;
    });
  }

  /** The bot tells the customer someone is about to call, while the dialog is open and the channel carries notices. */
  private tellCustomer(changes: ChangeSet, callback: Callback): void {
    const conversation = this.book.get(callback.conversationId);
    if (!conversation) return;
    this.book.botMessage(
      changes,
      conversation,
      'callbackClaimed',
      this.ctx.bot.say(this.book.langOf(conversation), 'callbackClaimed', { phone: callback.phone }),
    );
  }

  /** The telephony webhook, when one is configured: committed with the change, delivered by the outbox. */
  private notify(changes: ChangeSet, event: 'callback.requested' | 'callback.closed', callback: Callback): void {
    if (!this.ctx.settings.callbackWebhook) return;
    enqueueOutboxEntry(this.ctx, this.outbox, changes, {
      channelId: CALLBACK_WEBHOOK_CHANNEL,
      // Each request's notifications in order (requested before closed), apart from its conversation's messages.
      conversationId: `callback:${callback.id}`,
      messageId: callbackDeliveryId(event, callback.id),
      body: callbackWebhookBody(event, callback, changes.at),
    });
  }

  private watch(id: string, requestedAt: number): void {
    this.deadlines.set(deadlineKey(id), requestedAt + this.targetMs, () => this.overdue(id));
  }

  /** Still unclaimed at the target: one alert, recorded so that a restart does not raise it again. */
  private overdue(id: string): Promise<void> {
    return this.serial.run(id, async () => {
      const { store, bus } = this.ctx;
      const row = await store.get(store.q.callbackById, { id });
      if (!row || row.status !== 'open' || row.alerted_at !== null) return;
      const callback = callbackFromView(row);
      const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
      changes.write(store.q.callbackAlerted, { id, alerted_at: changes.at });
      changes.event(
        bus,
        null,
        { type: 'callback.overdue', callback, waitedMs: changes.at - callback.requestedAt },
        callback.conversationId,
      );
      await changes.commit();
    });
  }
}
