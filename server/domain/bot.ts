// What the robot says on the customer's channel. Texts are configurable per language; these
// defaults are used where the configuration is silent.
import type { Lang, Notice } from '../../shared/schemas';

/** One text per notice kind: a bot message carries its key (Message.notice), so a client can draw it as such. */
export type BotTexts = Record<Notice, string>;

export const DEFAULT_BOT_TEXTS: Record<Lang, BotTexts> = {
  en: {
    greeting: 'Hello! Thank you for writing to us. An operator will answer you shortly.',
    queuePosition: 'You are number {position} in the queue.',
    operatorJoined: '{operator} joined the conversation.',
    closed: 'The conversation is closed. Write to us again any time.',
    askRating: 'How would you rate our help? Reply with a number from 1 (bad) to 5 (excellent).',
    thanksForRating: 'Thank you for your rating!',
    callbackPromised: 'We will call you back at {phone}.',
    callbackClaimed: 'Our colleague will call you at {phone} shortly.',
    queueUpdate: 'You are number {position} in the queue. Expected wait: about {wait}.',
    expectedAnswer: 'Thank you for your letter. We will answer within {within}.',
    offHours: 'We are closed now. We open at {time} {zone} on {day}; leave your message and we will answer then.',
    anythingElse: 'Is there anything else I can help you with?',
    idleClosed: 'We have not heard from you, so this conversation is closed. Write to us again any time.',
  },
  ru: {
    greeting: 'Здравствуйте! Спасибо за обращение. Оператор скоро ответит вам.',
    queuePosition: 'Ваш номер в очереди: {position}.',
    operatorJoined: 'К диалогу подключился оператор {operator}.',
    closed: 'Диалог завершён. Пишите нам в любое время.',
    askRating: 'Оцените, пожалуйста, нашу помощь: ответьте цифрой от 1 (плохо) до 5 (отлично).',
    thanksForRating: 'Спасибо за оценку!',
    callbackPromised: 'Мы перезвоним вам по номеру {phone}.',
    callbackClaimed: 'Наш сотрудник скоро позвонит вам по номеру {phone}.',
    queueUpdate: 'Ваш номер в очереди: {position}. Ожидание — около {wait}.',
    expectedAnswer: 'Спасибо за письмо. Мы ответим в течение {within}.',
    offHours: 'Сейчас мы не работаем. Откроемся в {day} в {time} (время: {zone}); оставьте сообщение, и мы ответим.',
    anythingElse: 'Могу ли я ещё чем-нибудь помочь?',
    idleClosed: 'Мы не получили от вас ответа, поэтому диалог завершён. Пишите нам в любое время.',
  },
};

/**
 * The desk's language for a language tag a channel reports (`ru`, `en-GB`, Telegram's
 * language_code): its primary subtag when the bot speaks it, otherwise undefined.
 */
export function spokenLang(tag: string | undefined): Lang | undefined {
  const primary = tag?.split(/[-_]/)[0]?.toLowerCase();
  return primary === 'en' || primary === 'ru' ? primary : undefined;
}

export type BotTextOverrides = Partial<Record<Lang, Partial<BotTexts>>>;

export class Bot {
  constructor(private readonly overrides: BotTextOverrides = {}) {}

  say(lang: Lang, key: keyof BotTexts, vars: Record<string, string | number> = {}): string {
    const template = this.overrides[lang]?.[key] ?? DEFAULT_BOT_TEXTS[lang][key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.hasOwn(vars, name) ? String(vars[name]) : whole,
    );
  }
}
