// The outbound rule (issue 13 §3): plain text leaving the desk carries no control characters.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderTemplate } from '../../shared/template';
import { outboundText } from '../../shared/text-rules';

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('outboundText', () => {
  test('drops C0 (but \\n and \\t), DEL and C1; CRLF and CR become \\n', () => {
    expect(outboundText('a\x1b]0;T\x07b\x7fc\u0085d\u009be\r\nf\rg\th')).toBe('a]0;Tbcde\nf\ng\th');
  });

  test('keeps Cyrillic, CJK, emoji and bidi text as written', () => {
    const text = 'Здравствуйте 你好 👩‍💻 \u202eabc';
    expect(outboundText(text)).toBe(text);
  });

  test('never leaves a control character, and applying it twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = outboundText(text);
        expect(CONTROL.test(out)).toBe(false);
        expect(outboundText(out)).toBe(out);
      }),
    );
  });
});

test('a template is filled from the stored value, less its control characters, never in caret notation', () => {
  expect(renderTemplate('Здравствуйте, {{customer.name}}hello!', { 'customer.name': '\x1b]0;PWNED-TITLE\x07' })).toBe(
    'Здравствуйте, ]0;PWNED-TITLEhello!',
  );
});
