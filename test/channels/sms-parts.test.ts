// SMS encodings and parts against the numbers of 3GPP TS 23.038 (GSM 7-bit default alphabet and
// its extension table) and TS 23.040 §9.2.3.24.1 (concatenation, 8-bit reference), as SMPP v3.4
// carries them: 160 septets or 70 UCS-2 units in one part; 153 or 67 in each part of a long
// text, after the 6-byte header 05 00 03 ref total seq.
import { describe, expect, it } from 'vitest';
import {
  concatenationHeader,
  decodeGsm7,
  decodeUcs2,
  encodeGsm7,
  planSms,
  smsCount,
  smsEncoding,
  smsParts,
} from '../../shared/sms-parts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('choosing the encoding', () => {
  it('GSM-7 for the default alphabet and its extension, UCS-2 for anything else', () => {
    expect(smsEncoding('Hello, world! @£$¥ Ünïcödé? no')).toBe('ucs2'); // ï is not in the table
    expect(smsEncoding('Hello, world! @£$¥ ÄÖÑÜ§¿äöñüà')).toBe('gsm7');
    expect(smsEncoding('price: 5€ {a} [b] ~c| ^d \\e')).toBe('gsm7');
    expect(smsEncoding('Привет')).toBe('ucs2');
    expect(smsEncoding('back`tick')).toBe('ucs2');
    expect(smsEncoding('ç')).toBe('ucs2'); // only the capital Ç is in the default alphabet
    expect(smsEncoding('Ç')).toBe('gsm7');
  });

  it('writes septets one an octet, extension characters as ESC and their code', () => {
    expect(hex(smsParts('hello world', 0).parts[0])).toBe('68656c6c6f20776f726c64');
    expect(hex(smsParts('A@_', 0).parts[0])).toBe('410011');
    expect(hex(encodeGsm7('{€}'))).toBe('1b281b651b29');
    expect(hex(smsParts('Я', 0).parts[0])).toBe('042f');
  });

  it('reads back every character of the default alphabet and the extension', () => {
    const all =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f';
    expect(decodeGsm7(encodeGsm7(all))).toBe(all);
    expect(decodeUcs2(smsParts('Ёжик 😀', 0).parts[0])).toBe('Ёжик 😀');
  });
});

describe('counting parts', () => {
  it.each([
    ['a', 1, 1, 1, 160],
    ['a', 160, 1, 160, 160],
    ['a', 161, 2, 8, 153],
    ['a', 306, 2, 153, 153],
    ['a', 307, 3, 1, 153],
    ['я', 70, 1, 70, 70],
    ['я', 71, 2, 4, 67],
    ['я', 134, 2, 67, 67],
    ['я', 135, 3, 1, 67],
  ])('%s × %i is %i part(s), %i of %i in the last', (char, n, parts, used, perPart) => {
    expect(smsCount(char.repeat(n))).toMatchObject({ parts, used, perPart });
  });

  it('counts an extension character as two septets', () => {
    expect(smsCount('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', parts: 1, used: 160 });
    expect(smsCount('€'.repeat(81))).toMatchObject({ parts: 2 });
    expect(smsCount('a'.repeat(158) + '[')).toMatchObject({ parts: 1, used: 160 });
    expect(smsCount('a'.repeat(159) + '[')).toMatchObject({ parts: 2 });
  });

  it('an empty draft is one empty part', () => {
    expect(smsCount('')).toEqual({ encoding: 'gsm7', parts: 1, used: 0, perPart: 160 });
  });
});

describe('cutting a long text', () => {
  it('starts each part with 05 00 03 ref total seq', () => {
    const { encoding, parts } = smsParts('b'.repeat(200), 0xab);
    expect(encoding).toBe('gsm7');
    expect(parts.map((p) => hex(p.subarray(0, 6)))).toEqual(['050003ab0201', '050003ab0202']);
    expect(parts.map((p) => p.length - 6)).toEqual([153, 47]);
    expect(hex(concatenationHeader(300, 3, 2))).toBe('0500032c0302');
  });

  it('never cuts an escape pair: the part ends one septet short instead', () => {
    const plan = planSms('a'.repeat(152) + '€' + 'a'.repeat(20));
    expect(plan.units).toEqual([152, 22]);
    expect(plan.payloads[0].at(-1)).toBe(0x61);
    expect(Array.from(plan.payloads[1].subarray(0, 2))).toEqual([0x1b, 0x65]);
    expect(planSms('€'.repeat(81)).units).toEqual([152, 10]);
  });

  it('never cuts a surrogate pair: the part ends one unit short instead', () => {
    const plan = planSms('я'.repeat(66) + '😀' + 'я'.repeat(10));
    expect(plan.encoding).toBe('ucs2');
    expect(plan.units).toEqual([66, 12]);
    expect(hex(plan.payloads[1].subarray(0, 4))).toBe('d83dde00');
    const joined = Buffer.concat(plan.payloads.map((p) => Buffer.from(p)));
    expect(decodeUcs2(joined)).toBe('я'.repeat(66) + '😀' + 'я'.repeat(10));
  });

  it('UCS-2 parts carry 134 bytes, an even number, after the header', () => {
    const { parts } = smsParts('Здравствуйте! '.repeat(12), 7);
    expect(parts.length).toBe(3);
    expect(parts.slice(0, -1).every((p) => p.length === 6 + 134)).toBe(true);
  });

  it('refuses a text of more than 255 parts, which the 8-bit header cannot number', () => {
    expect(() => smsParts('я'.repeat(67 * 256), 1)).toThrow(/at most 255 parts/);
  });
});
