// What a deliver_sm carries (SMPP v3.4 §4.6.1): a customer's message (or one part of a long one),
// a delivery receipt, or an acknowledgement textdesk has no use for. The `smpp` package has
// already decoded short_message by data_coding; the part's bytes are rebuilt from that, so that
// parts are joined as bytes and decoded once: an escape or a surrogate pair the sender's phone cut
// between two parts is read whole.
import type { DecodedShortMessage, PDU } from 'smpp';
import { decodeGsm7, decodeUcs2, encodeGsm7, encodeUcs2 } from '../../../shared/sms-parts';

/** `ia5`: data_coding 1, ASCII; the package reads it with the GSM table, so its bytes are rebuilt with it. */
export type PartCoding = 'gsm7' | 'ia5' | 'ucs2' | 'latin1' | 'other';

export interface MessagePart {
  kind: 'message';
  source: { addr: string; ton: number };
  destination: string;
  dataCoding: number;
  coding: PartCoding;
  /** The part's text as bytes in its coding (latin1 for `latin1` and `other`). */
  payload: Uint8Array;
  /** Where this part belongs in a concatenated message (UDH IEI 0x00 or 0x08). */
  concat: { ref: number; total: number; seq: number } | null;
}

export type InboundPdu = MessagePart | { kind: 'receipt'; pdu: PDU } | { kind: 'other'; esmClass: number };

export function readDeliverSm(pdu: PDU): InboundPdu {
  const esmClass = Number(pdu.esm_class ?? 0);
  // esm_class bits 5–2: 0 an ordinary message, 1 an SMSC delivery receipt; acknowledgements and
  // intermediate notifications change nothing here.
  const type = (esmClass >> 2) & 0x0f;
  if (type === 1) return { kind: 'receipt', pdu };
  if (type !== 0) return { kind: 'other', esmClass };
  const dataCoding = Number(pdu.data_coding ?? 0);
  const coding = codingOf(dataCoding);
  const body = (pdu.message_payload ?? pdu.short_message) as DecodedShortMessage | Buffer | string | undefined;
  const decoded: DecodedShortMessage =
    body === undefined ? { message: '' } : Buffer.isBuffer(body) || typeof body === 'string' ? { message: body } : body;
  return {
    kind: 'message',
    source: { addr: String(pdu.source_addr ?? ''), ton: Number(pdu.source_addr_ton ?? 0) },
    destination: String(pdu.destination_addr ?? ''),
    dataCoding,
    coding,
    payload: payloadBytes(decoded.message, coding),
    concat: concatOf(decoded.udh ?? []),
  };
}

function codingOf(dataCoding: number): PartCoding {
  // The general data coding group (0x0X) and the message class group (0xFX, bit 2: 8-bit data).
  if (dataCoding === 0) return 'gsm7';
  if (dataCoding === 1) return 'ia5';
  if (dataCoding === 8) return 'ucs2';
  if (dataCoding === 3) return 'latin1';
  if ((dataCoding & 0xf0) === 0xf0) return dataCoding & 0x04 ? 'other' : 'gsm7';
  return 'other';
}

/** The bytes the package decoded `message` from, in the part's coding. */
function payloadBytes(message: string | Buffer, coding: PartCoding): Uint8Array {
  if (Buffer.isBuffer(message)) return new Uint8Array(message);
  if (coding === 'gsm7' || coding === 'ia5') return encodeGsm7(message);
  if (coding === 'ucs2') return encodeUcs2(message);
  return new Uint8Array(Buffer.from(message, 'latin1'));
}

function concatOf(elements: Buffer[]): MessagePart['concat'] {
  for (const ie of elements) {
    if (ie[0] === 0x00 && ie[1] === 3 && ie.length >= 5) return { ref: ie[2], total: ie[3], seq: ie[4] };
    if (ie[0] === 0x08 && ie[1] === 4 && ie.length >= 6) return { ref: ie.readUInt16BE(2), total: ie[4], seq: ie[5] };
  }
  return null;
}

/** A whole message's text from its parts' bytes, joined in order. */
export function decodeText(coding: PartCoding, dataCoding: number, bytes: Uint8Array): string {
  if (coding === 'gsm7') return decodeGsm7(bytes);
  if (coding === 'ucs2') return decodeUcs2(bytes);
  if (coding === 'latin1' || coding === 'ia5') return Buffer.from(bytes).toString('latin1');
  return `[an SMS in an encoding textdesk does not read: data_coding 0x${dataCoding.toString(16).padStart(2, '0')}]`;
}

/**
 * The sender as a contact: an international number (TON 1, or written with +) in E.164 with its
 * phone set; anything else (a national number, a short code, a name) as the SMSC gave it.
 */
export function contactOf(source: MessagePart['source']): { id: string; phone?: string } | null {
  const addr = source.addr.trim();
  if (!addr || addr.length > 21 || !/^[\x21-\x7e]+$/.test(addr)) return null;
  const digits = addr.replace(/^\+/, '');
  if ((source.ton === 1 || addr.startsWith('+')) && /^[1-9]\d{6,14}$/.test(digits)) {
    const e164 = `+${digits}`;
    return { id: e164, phone: e164 };
  }
  return { id: addr };
}

/** Where an SMS to a contact goes: an E.164 id as an international number, else as it is. */
export function destinationOf(contactId: string): { addr: string; ton: number; npi: number } {
  if (/^\+[1-9]\d{6,14}$/.test(contactId)) return { addr: contactId.slice(1), ton: 1, npi: 1 };
  return { addr: contactId, ton: 0, npi: 1 };
}
