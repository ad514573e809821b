// What became of operators' and bot messages after they left: the outbox's own outcome (sent, or
// refused for good), and the provider's later reports (delivered, read, failed) that adapters
// pass on by the provider's message id. Each change is stored, then told to the conversation's
// operator and supervisors as a message.delivery event, so the console marks the message.
import type { MessageDelivery } from '../../shared/schemas';
import { advancedDelivery, type DeliveryStatus } from '../domain/delivery-status';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { ChannelRecord } from './mappers';

export interface ProviderReport {
  /** The provider's id of the message, as the adapter's deliver() returned it. */
  providerId: string;
  status: Exclude<DeliveryStatus, 'pending' | 'sent'>;
  /** The provider's reason, for a failure. */
  error?: string;
}

export class DeliveryReports {
  constructor(
    private readonly ctx: DeskContext,
    private readonly book: Pick<ConversationBook, 'get'>,
  ) {}

  /** The outbox handed the message over: the console shows it sent, or what the provider said already. */
  async sent(channelId: string, conversationId: string, messageId: string, providerId: string | null): Promise<void> {
    await this.tell(conversationId, messageId, { status: 'sent', providerId, error: null });
    if (providerId === null) return;
    const { store } = this.ctx;
    // A fast provider can report before the outbox's commit of its id: the report waited for it.
    const key = { channel_id: channelId, provider_id: providerId };
    const early = await store.get(store.q.earlyReport, key);
    if (!early) return;
    await store.commit([{ query: store.q.deleteEarlyReport, args: key }]);
    await this.report(
      { id: channelId },
      { providerId, status: early.status as ProviderReport['status'], error: early.error ?? undefined },
    );
  }

  /** The provider refused the message for good (the outbox has recorded it). */
  failed(conversationId: string, messageId: string, error: string): Promise<void> {
    return this.tell(conversationId, messageId, { status: 'failed', providerId: null, error });
  }

  /**
   * A provider's report on one of the channel's messages. A report that moves nothing (a repeat, an
   * older status arriving late) changes nothing; one for an id not recorded yet is kept until it is.
   */
  async report(channel: Pick<ChannelRecord, 'id'>, report: ProviderReport): Promise<'applied' | 'unchanged' | 'early'> {
    const { store } = this.ctx;
    const row = await store.get(store.q.messageByProviderId, {
      channel_id: channel.id,
      provider_id: report.providerId,
    });
    if (!row) {
      const key = { channel_id: channel.id, provider_id: report.providerId };
      const kept = await store.get(store.q.earlyReport, key);
      // Out of order before the id is known too: only a report further than the kept one replaces it.
      if (kept && advancedDelivery(kept.status as DeliveryStatus, report.status) === null) return 'early';
      await store.commit([
        {
          query: store.q.putEarlyReport,
          args: { ...key, status: report.status, error: report.error ?? null, received_at: this.ctx.clock.now() },
        },
      ]);
      return 'early';
    }
    const next = advancedDelivery(row.delivery_status as DeliveryStatus | null, report.status);
    if (next === null) return 'unchanged';
    const error = next === 'failed' ? (report.error ?? 'the provider reported the message failed') : null;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(store.q.messageDeliveryReported, { id: row.id, delivery_status: next, delivery_error: error });
    this.announce(changes, row.conversation_id, row.id, { status: next, providerId: report.providerId, error });
    await changes.commit();
    return 'applied';
  }

  private async tell(conversationId: string, messageId: string, delivery: MessageDelivery): Promise<void> {
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    this.announce(changes, conversationId, messageId, delivery);
    await changes.commit();
  }

  private announce(changes: ChangeSet, conversationId: string, messageId: string, delivery: MessageDelivery): void {
    changes.event(
      this.ctx.bus,
      this.book.get(conversationId)?.operatorId ?? null,
      { type: 'message.delivery', conversationId, messageId, delivery },
      conversationId,
    );
  }
}
