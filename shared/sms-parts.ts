// How a text goes out as SMS: its encoding, and its parts. Pure, so that the server's SMS adapter
// (server/channels/sms/) sends exactly what the console's composer counts as the operator types.
//
// After 3GPP TS 23.038 (GSM 03.38: the 7-bit default alphabet and its extension table) and
// TS 23.040 §9.2.3.24.1 (concatenated short messages, 8-bit reference): a text that every
// character of is in the default alphabet or its extension goes as GSM-7, one septet a character
// and two for an extension character (ESC and its code); any other text goes as UCS-2, UTF-16BE,
// one unit a character and two for one outside the BMP (a surrogate pair). One part carries 160
// septets or 70 units; a longer text is cut into parts that each start with the 6-byte user data
// header `05 00 03 ref total seq`, leaving 153 septets or 67 units a part. A cut never falls inside
// an escape pair or a surrogate pair, where the receiving phone would show garbage.
//
// SMPP carries GSM-7 unpacked, a septet an octet (data_coding 0): the bytes here are those.

export type SmsEncoding = 'gsm7' | 'ucs2';

/** The default alphabet, by septet value. 0x1B is the escape to the extension table. */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: character → the septet after ESC. */
const GSM_EXTENSION: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};
const ESC = 0x1b;
const BASIC_CODE = new Map([...GSM_BASIC].map((char, code) => [char, code]));
BASIC_CODE.delete('\x1b');
const EXTENSION_CODE = new Map(Object.entries(GSM_EXTENSION));
const EXTENSION_CHAR = new Map(Object.entries(GSM_EXTENSION).map(([char, code]) => [code, char]));

/** Units one part carries: septets for GSM-7, UTF-16 units for UCS-2. */
export const SMS_SINGLE = { gsm7: 160, ucs2: 70 } as const;
export const SMS_CONCATENATED = { gsm7: 153, ucs2: 67 } as const;
/** IEI 0x00, concatenated short messages with an 8-bit reference: UDHL, IEI, IEDL, ref, total, seq. */
const UDH_BYTES = 6;
/** The 8-bit reference allows no more than 255 parts. */
export const SMS_MAX_PARTS = 255;

export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) if (!BASIC_CODE.has(char) && !EXTENSION_CODE.has(char)) return 'ucs2';
  return 'gsm7';
}

/** The text's characters as the bytes each costs, in order: the atoms a cut may not divide. */
function atoms(text: string, encoding: SmsEncoding): number[][] {
  const out: number[][] = [];
  for (const char of text) {
    if (encoding === 'gsm7') {
      const basic = BASIC_CODE.get(char);
      out.push(basic !== undefined ? [basic] : [ESC, EXTENSION_CODE.get(char)!]);
    } else {
      const units: number[] = [];
      for (let i = 0; i < char.length; i++) units.push(char.charCodeAt(i) >> 8, char.charCodeAt(i) & 0xff);
      out.push(units);
    }
  }
  return out;
}

export interface SmsPlan {
  encoding: SmsEncoding;
  /** Each part's payload without its header: septets (GSM-7) or UTF-16BE bytes (UCS-2). */
  payloads: Uint8Array[];
  /** Units in each part (septets, or UTF-16 units). */
  units: number[];
  /** Units one part may carry: 160/70 for a single part, 153/67 for concatenated ones. */
  perPart: number;
}

/** The text's encoding and parts; an empty text is one empty part. */
export function planSms(text: string): SmsPlan {
  const encoding = smsEncoding(text);
  const unitBytes = encoding === 'gsm7' ? 1 : 2;
  const all = atoms(text, encoding);
  const total = all.reduce((sum, atom) => sum + atom.length / unitBytes, 0);
  if (total <= SMS_SINGLE[encoding])
    return { encoding, payloads: [Uint8Array.from(all.flat())], units: [total], perPart: SMS_SINGLE[encoding] };
  const perPart = SMS_CONCATENATED[encoding];
  const payloads: Uint8Array[] = [];
  const units: number[] = [];
  let current: number[] = [];
  for (const atom of all) {
    if ((current.length + atom.length) / unitBytes > perPart) {
      payloads.push(Uint8Array.from(current));
      units.push(current.length / unitBytes);
      current = [];
    }
    current.push(...atom);
  }
  payloads.push(Uint8Array.from(current));
  units.push(current.length / unitBytes);
  return { encoding, payloads, units, perPart };
}

/** The user data header of part `seq` (from 1) of `total`, reference `ref` (0–255). */
export function concatenationHeader(ref: number, total: number, seq: number): Uint8Array {
  return Uint8Array.from([UDH_BYTES - 1, 0x00, 0x03, ref & 0xff, total, seq]);
}

/** The parts as they go in submit_sm's short_message: with the header when there is more than one. */
export function smsParts(text: string, ref: number): { encoding: SmsEncoding; parts: Uint8Array[] } {
  const plan = planSms(text);
  if (plan.payloads.length === 1) return { encoding: plan.encoding, parts: plan.payloads };
  if (plan.payloads.length > SMS_MAX_PARTS) throw new RangeError(`an SMS text may have at most ${SMS_MAX_PARTS} parts`);
  const total = plan.payloads.length;
  return {
    encoding: plan.encoding,
    parts: plan.payloads.map((payload, i) => Uint8Array.from([...concatenationHeader(ref, total, i + 1), ...payload])),
  };
}

/** What the composer shows: parts, and units used in the last part of the units it may hold. */
export function smsCount(text: string): { encoding: SmsEncoding; parts: number; used: number; perPart: number } {
  const plan = planSms(text);
  return { encoding: plan.encoding, parts: plan.payloads.length, used: plan.units.at(-1) ?? 0, perPart: plan.perPart };
}

/** Unpacked GSM-7 septets as text; ESC before a code the extension lacks reads as a space, per 23.038. */
export function decodeGsm7(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes[i] & 0x7f;
    if (code === ESC) {
      const next = bytes[i + 1];
      i++;
      text += next === undefined ? '' : (EXTENSION_CHAR.get(next & 0x7f) ?? GSM_BASIC[next & 0x7f] ?? ' ');
      continue;
    }
    text += GSM_BASIC[code];
  }
  return text;
}

/** UTF-16BE bytes as text; an odd last byte is dropped. */
export function decodeUcs2(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
  return text;
}

/** GSM-7 septets of text the default alphabet can write; '\x1b' stays an ESC (a cut escape pair). */
export function encodeGsm7(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    if (char === '\x1b') out.push(ESC);
    else if (BASIC_CODE.has(char)) out.push(BASIC_CODE.get(char)!);
    else if (EXTENSION_CODE.has(char)) out.push(ESC, EXTENSION_CODE.get(char)!);
    else out.push(0x20);
  }
  return Uint8Array.from(out);
}

export function encodeUcs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) >> 8;
    out[i * 2 + 1] = text.charCodeAt(i) & 0xff;
  }
  return out;
}
