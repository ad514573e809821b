// What the channel tests ask of an operator's reply: a file uploaded for it, and the delivery
// it reached as the operator's feed reports it.
import type { DeskEventEnvelope, MessageDelivery } from '../../shared/schemas';
import type { OperatorSession } from './operator-session';

/** Uploads a file as the operator; resolves with the ref a reply attaches. */
export const uploadRef = async (olga: OperatorSession, name: string, bytes: Buffer): Promise<string> =>
  (await olga.api.operator.upload.mutate({ name, data: bytes.toString('base64') })).file!.ref;

/** The message's delivery once it reaches `status`, or any status but pending (`settled`). */
export async function deliveryReached(
  olga: OperatorSession,
  messageId: string,
  status: MessageDelivery['status'] | 'settled',
): Promise<MessageDelivery> {
  const event = await olga.waitFor(
    (e: DeskEventEnvelope) =>
      e.type === 'message.delivery' &&
      e.messageId === messageId &&
      (status === 'settled' ? e.delivery.status !== 'pending' : e.delivery.status === status),
  );
  return event.type === 'message.delivery' ? event.delivery : (null as never);
}
