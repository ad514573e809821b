// The desk's one text rule (shared/text-rules.ts, issue 12 §2): what every input schema refuses.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ApiInboundMessage, CreateTemplateInput, SendMessageInput } from '../../shared/schemas';
import { WebchatClientFrame } from '../../shared/webchat-schemas';
import { deskText, filledText, isBlank, isStorable, TEXT_RULE_MESSAGES } from '../../shared/text-rules';
import { BLANK, hostileText, KEPT_AS_SENT, UNSTORABLE } from '../helpers/hostile-text';

const message = (text: string) => ({ id: 'm-1', contact: { id: 'c-1' }, text });

describe('deskText', () => {
  test.each(KEPT_AS_SENT)('%s is kept exactly as sent', (_name, text) => {
    expect(deskText(100).parse(text)).toBe(text);
  });

  test.each(UNSTORABLE)('%s is refused', (_name, text) => {
    expect(deskText(100).safeParse(text).success).toBe(false);
  });

  test('NUL is refused by name', () => {
    expect(
      deskText(100)
        .safeParse('a\0b')
        .error?.issues.map((i) => i.message),
    ).toEqual([TEXT_RULE_MESSAGES.nul]);
  });

  test('a lone surrogate is refused by name; a pair is one character and passes', () => {
    expect(
      deskText(100)
        .safeParse('\ud83d')
        .error?.issues.map((i) => i.message),
    ).toEqual([TEXT_RULE_MESSAGES.loneSurrogate]);
    expect(deskText(100).parse('😀')).toBe('😀');
  });

  test('an empty string is text too (ids and message text are not: see below)', () => {
    expect(deskText(100).parse('')).toBe('');
  });
});

describe('filledText', () => {
  test.each(BLANK)('%s is blank, and refused', (_name, text) => {
    expect(
      filledText(100)
        .safeParse(text)
        .error?.issues.map((i) => i.message),
    ).toEqual([TEXT_RULE_MESSAGES.blank]);
  });

  test('one visible character among invisible ones is enough', () => {
    expect(filledText(100).parse('\u200b.\n')).toBe('\u200b.\n');
  });
});

describe('the wire schemas use the rule', () => {
  test('the generic channel names each field that breaks it', () => {
    const parsed = ApiInboundMessage.safeParse({
      id: 'm\0',
      contact: { id: 'c\0', name: 'N\0', email: 'e\ud800', phone: '1\0' },
      text: ' ',
    });
    const fields = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields).toEqual({
      id: TEXT_RULE_MESSAGES.nul,
      'contact.id': TEXT_RULE_MESSAGES.nul,
      'contact.name': TEXT_RULE_MESSAGES.nul,
      'contact.email': TEXT_RULE_MESSAGES.loneSurrogate,
      'contact.phone': TEXT_RULE_MESSAGES.nul,
      text: TEXT_RULE_MESSAGES.blank,
    });
  });

  test('web chat frames, operators’ messages and templates too', () => {
    expect(WebchatClientFrame.safeParse({ type: 'hello', name: 'G\0' }).success).toBe(false);
    expect(WebchatClientFrame.safeParse({ type: 'hello', visitorToken: 'v\0.x' }).success).toBe(false);
    expect(WebchatClientFrame.safeParse({ type: 'message', id: 'w\0', text: 'hi' }).success).toBe(false);
    expect(WebchatClientFrame.safeParse({ type: 'message', id: 'w', text: '\u200b' }).success).toBe(false);
    expect(SendMessageInput.safeParse({ conversationId: 'c', clientId: 'client-1', text: 'a\0' }).success).toBe(false);
    expect(CreateTemplateInput.safeParse({ name: 'Greeting', text: '\ud800' }).success).toBe(false);
  });

  test('an operator’s message is still trimmed once it passes', () => {
    expect(SendMessageInput.parse({ conversationId: 'c', clientId: 'client-1', text: '  hi \n' }).text).toBe('hi');
  });

  test('fuzz: a message is accepted exactly when its text is storable and not blank, and unchanged', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const parsed = ApiInboundMessage.safeParse(message(text));
        expect(parsed.success).toBe(isStorable(text) && !isBlank(text) && text.length > 0);
        if (parsed.success) expect(parsed.data.text).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });
});
