// How far an outbound message has got with its provider. Providers report out of order and more
// than once (WhatsApp's statuses repeat and reorder; an SMS receipt can trail a later one), so a
// report only ever moves a message forward: pending → sent → delivered → read. A failure counts
// only before the message was delivered: a late "failed" after "read" is the provider's noise.
import type { MessageDelivery } from '../../shared/schemas';

export type DeliveryStatus = MessageDelivery['status'];

const RANK: Record<Exclude<DeliveryStatus, 'failed'>, number> = { pending: 0, sent: 1, delivered: 2, read: 3 };

/** The status after a report, or null when the report changes nothing. */
export function advancedDelivery(current: DeliveryStatus | null, reported: DeliveryStatus): DeliveryStatus | null {
  if (current === reported) return null;
  if (reported === 'failed') return current === 'delivered' || current === 'read' ? null : 'failed';
  if (current === 'failed') return reported === 'delivered' || reported === 'read' ? reported : null;
  if (current === null) return reported;
  return RANK[reported] > RANK[current] ? reported : null;
}
