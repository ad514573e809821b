// What the robot says: per-language defaults, configured overrides, and placeholder filling.
import { describe, expect, it } from 'vitest';
import { Bot, DEFAULT_BOT_TEXTS } from '../../server/domain/bot';

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
