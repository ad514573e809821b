// SMSC delivery receipts (SMPP v3.4 §4.6.1 and Appendix B; the text format as 8x8's SMPP
// documentation gives it): the TLVs receipted_message_id (0x001E) and message_state (0x0427)
// where the SMSC sends them, else the text `id:… sub:… dlvrd:… submit date:… done date:…
// stat:DELIVRD err:… text:…`, read by field name since SMSCs order and pad them differently.
import type { DecodedShortMessage, PDU } from 'smpp';
import type { ProviderReport } from '../../desk/delivery-reports';
import type { SmsSettings } from './settings';

/** message_state (§5.2.28) as the receipt text's stat names it. */
const STATE_NAMES: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};
const FAILED = new Set(['UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED']);

export interface Receipt {
  /** The SMSC's message id, as the receipt writes it. */
  id: string;
  stat: string;
  err: string | null;
}

export function readReceipt(pdu: PDU): Receipt | null {
  const body = (pdu.message_payload ?? pdu.short_message) as DecodedShortMessage | Buffer | string | undefined;
  const raw = body === undefined ? '' : Buffer.isBuffer(body) || typeof body === 'string' ? body : body.message;
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S+)`, 'i').exec(text)?.[1] ?? null;
  const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id.trim() : '';
  const tlvState = typeof pdu.message_state === 'number' ? STATE_NAMES[pdu.message_state] : undefined;
  const id = tlvId || field('id');
  const stat = tlvState ?? field('stat')?.toUpperCase() ?? null;
  if (!id || !stat) return null;
  return { id, stat, err: field('err') };
}

/** delivered or failed; null for a state on the way (ENROUTE, ACCEPTD, UNKNOWN). */
export function reportOf(receipt: Receipt, format: SmsSettings['messageIds']): ProviderReport | null {
  const providerId = receiptIdAsStored(receipt.id, format);
  if (providerId === null) return null;
  if (receipt.stat === 'DELIVRD') return { providerId, status: 'delivered' };
  if (FAILED.has(receipt.stat))
    return { providerId, status: 'failed', error: receipt.err ? `${receipt.stat} (err ${receipt.err})` : receipt.stat };
  return null;
}

/**
 * The id submit_sm_resp gave, as deliver() stores it. Where the SMSC writes one side in hex and
 * the other in decimal, both are kept in decimal, so the receipt's id finds the message.
 */
export function respIdAsStored(id: string, format: SmsSettings['messageIds']): string {
  return format === 'hex-decimal' ? (toDecimal(id, 16) ?? id) : id;
}

export function receiptIdAsStored(id: string, format: SmsSettings['messageIds']): string | null {
  if (format === 'decimal-hex') return toDecimal(id, 16);
  if (format === 'hex-decimal') return toDecimal(id, 10);
  return id;
}

function toDecimal(id: string, radix: 10 | 16): string | null {
  const valid = radix === 16 ? /^[0-9a-f]{1,32}$/i : /^\d{1,40}$/;
  if (!valid.test(id)) return null;
  return BigInt(radix === 16 ? `0x${id}` : id).toString(10);
}
