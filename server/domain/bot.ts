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
    anythingElse: 'Могу ли я ещё чем-нибудь помочь?',
    idleClosed: 'Мы не получили от вас ответа, поэтому диалог завершён. Пишите нам в любое время.',
  },
};

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
