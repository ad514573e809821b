// One delivery put in the durable outbox with the change that causes it: the row is written in
// the same commit, and the outbox learns of it (with its id) only once that commit is on disk.
import type { Outbox } from '../channels/outbox';
import type { ChangeSet } from './changes';
import type { DeskContext } from './context';

export interface OutboxDelivery {
  channelId: string;
  /** Deliveries with the same key go out in order, one at a time. */
  conversationId: string;
  messageId: string;
  body: string;
}

export function enqueueOutboxEntry(
  ctx: Pick<DeskContext, 'store'>,
  outbox: Pick<Outbox, 'enqueue'>,
  changes: ChangeSet,
  delivery: OutboxDelivery,
): void {
  const entry = { ...delivery, attempts: 0, nextAttemptAt: changes.at };
  changes.write(
    ctx.store.q.insertOutbox,
    {
      channel_id: entry.channelId,
      conversation_id: entry.conversationId,
      message_id: entry.messageId,
      body: entry.body,
      attempts: 0,
      next_attempt_at: entry.nextAttemptAt,
      delivered_at: null,
      last_error: null,
      failed_at: null,
    },
    (rows) => outbox.enqueue({ ...entry, id: (rows[0] as { id: number }).id }),
  );
}
