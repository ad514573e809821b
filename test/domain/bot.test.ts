// What the robot says: per-language defaults, configured overrides, and placeholder filling.
import { describe, expect, it } from 'vitest';
import { ApiInboundMessage } from '../../shared/schemas';
import { Bot, DEFAULT_BOT_TEXTS, spokenLang } from '../../server/domain/bot';

describe('Bot', () => {
  it('says the default text of the conversation language', () => {
    const bot = new Bot();
    expect(bot.say('en', 'greeting')).toBe(DEFAULT_BOT_TEXTS.en.greeting);
    expect(bot.say('ru', 'closed')).toBe('Диалог завершён. Пишите нам в любое время.');
  });

  it('fills placeholders with the given values', () => {
    const bot = new Bot();
    expect(bot.say('en', 'queuePosition', { position: 3 })).toBe('You are number 3 in the queue.');
    expect(bot.say('ru', 'operatorJoined', { operator: 'Анна' })).toBe('К диалогу подключился оператор Анна.');
  });

  it('fills every occurrence of a placeholder', () => {
    const bot = new Bot({ en: { operatorJoined: '{operator} is here. Ask {operator} anything.' } });
    expect(bot.say('en', 'operatorJoined', { operator: 'Anna' })).toBe('Anna is here. Ask Anna anything.');
  });

  it('uses a configured text for its language and key only', () => {
    const bot = new Bot({ en: { greeting: 'Hi there!' } });
    expect(bot.say('en', 'greeting')).toBe('Hi there!');
    expect(bot.say('en', 'closed')).toBe(DEFAULT_BOT_TEXTS.en.closed);
    expect(bot.say('ru', 'greeting')).toBe(DEFAULT_BOT_TEXTS.ru.greeting);
  });

  it('leaves a placeholder without a value as written', () => {
    expect(new Bot().say('en', 'queuePosition')).toBe('You are number {position} in the queue.');
  });

  it('does not mistake Object.prototype members for values', () => {
    // Bug: bot.ts tests `name in vars`, which is true for inherited names, so a configured text
    // containing "{constructor}" or "{toString}" sends the customer "function Object() { [native code] }".
    const bot = new Bot({ en: { greeting: 'Hello {constructor}, ticket {toString}' } });
    expect(bot.say('en', 'greeting', {})).toBe('Hello {constructor}, ticket {toString}');
  });
});

describe('spokenLang', () => {
  it('takes the primary subtag of a language tag when the bot speaks it', () => {
    expect(spokenLang('ru')).toBe('ru');
    expect(spokenLang('en-GB')).toBe('en');
    expect(spokenLang('RU_ru')).toBe('ru');
    expect(spokenLang('de')).toBeUndefined();
    expect(spokenLang('')).toBeUndefined();
    expect(spokenLang(undefined)).toBeUndefined();
  });
});

describe('the generic channel’s contact language', () => {
  const message = (lang: string) => ({ id: 'm1', contact: { id: 'c1', lang }, text: 'hi' });

  it('takes a language tag and refuses anything else', () => {
    expect(ApiInboundMessage.safeParse(message('en-GB')).success).toBe(true);
    for (const bad of ['', 'english language', 'ru;DROP', 'x'.repeat(40), 'ru\u0000'])
      expect(ApiInboundMessage.safeParse(message(bad)).success).toBe(false);
  });
});
