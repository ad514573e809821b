// An operator's or the bot's message out as submit_sm, one per part (shared/sms-parts.ts: GSM-7
// where the text allows it, else UCS-2; a long text in parts with the concatenation header),
// each asking for a delivery receipt. The message's provider id is its last part's message_id:
// the receipt that says the whole text has reached the phone.
//
// A retry must not send a customer the same part twice: the parts the SMSC took are remembered
// per message, and a retry sends the rest. After a restart the memory is gone and every part goes
// again, under the same reference (derived from the message's id), so the phone can drop parts
// it has.
import { createHash } from 'node:crypto';
import { smsParts } from '../../../shared/sms-parts';
import type { DeliveryOutcome } from '../adapter';
import type { OutboundDelivery } from '../delivery';
import { destinationOf } from './inbound-pdu';
import { respIdAsStored } from './receipts';
import type { SmsSettings } from './settings';
import { isPassingStatus, statusName } from './smpp-status';
import { NotBound, type SmscSession } from './smsc-session';

const UDH_INDICATOR = 0x40;
const DATA_CODING = { gsm7: 0x00, ucs2: 0x08 } as const;
/** Ids remembered (parts taken of messages still being sent; parts of sent ones for receipts). */
const REMEMBERED = 10_000;

/** What one channel remembers between attempts and for its receipts. */
export class SentParts {
  /** Message id → the provider ids of the parts the SMSC took so far. */
  readonly taken = new Map<string, string[]>();
  /**
   * Provider id of a part that is not the last → its message, whose provider id (the last part's)
   * is null while the rest is being sent. Noted as each part is taken: its receipt can come first.
   */
  readonly messageOf = new Map<string, { last: string | null }>();

  remember<K, V>(map: Map<K, V>, key: K, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > REMEMBERED) map.delete(map.keys().next().value as K);
  }
}

export async function submitMessage(
  session: SmscSession,
  settings: SmsSettings,
  sent: SentParts,
  delivery: OutboundDelivery,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  const ref = createHash('sha256').update(delivery.message.id).digest()[0];
  let plan: ReturnType<typeof smsParts>;
  try {
    plan = smsParts(delivery.message.text, ref);
  } catch (error) {
    return { status: 'permanent', error: (error as Error).message };
  }
  const destination = destinationOf(delivery.contact.id);
  const ids = [...(sent.taken.get(delivery.message.id) ?? [])];
  const message = { last: null as string | null };
  for (let i = ids.length; i < plan.parts.length; i++) {
    let resp;
    try {
      resp = await session.submit(
        {
          source_addr_ton: settings.sourceTon,
          source_addr_npi: settings.sourceNpi,
          source_addr: settings.sourceAddr,
          dest_addr_ton: destination.ton,
          dest_addr_npi: destination.npi,
          destination_addr: destination.addr,
          esm_class: plan.parts.length > 1 ? UDH_INDICATOR : 0,
          registered_delivery: 1,
          // Set always: left out, the package picks 0x01 (IA5) for GSM text.
          data_coding: DATA_CODING[plan.encoding],
          short_message: Buffer.from(plan.parts[i]),
        },
        signal,
      );
    } catch (error) {
      if (error instanceof NotBound) return { status: 'transient', error: `SMSC: ${error.message}` };
      throw error;
    }
    if (resp.command_status !== 0) {
      if (isPassingStatus(resp.command_status))
        return { status: 'transient', error: `SMSC busy: ${statusName(resp.command_status)}` };
      sent.taken.delete(delivery.message.id);
      return { status: 'permanent', error: `SMSC refused the message: ${statusName(resp.command_status)}` };
    }
    const id = respIdAsStored(String(resp.message_id ?? ''), settings.messageIds);
    ids.push(id);
    sent.remember(sent.taken, delivery.message.id, ids);
    if (i < plan.parts.length - 1) sent.remember(sent.messageOf, id, message);
  }
  sent.taken.delete(delivery.message.id);
  message.last = ids.at(-1)!;
  // Parts taken before a restart or a timeout are not noted yet.
  for (const id of ids.slice(0, -1)) sent.remember(sent.messageOf, id, message);
  return { status: 'sent', providerId: message.last || null };
}
