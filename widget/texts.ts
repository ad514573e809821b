// Every word the widget shows, in the two languages the desk speaks. The language follows the
// script tag's data-lang, then the page's <html lang>, then the browser.
export type Lang = 'en' | 'ru';

export const TEXTS = {
  en: {
    title: 'Chat with us',
    open: 'Open chat',
    close: 'Close chat',
    unread: (n: number) => `${n} unread`,
    placeholder: 'Write a message…',
    send: 'Send',
    connecting: 'Connecting…',
    online: 'Online',
    reconnecting: 'Reconnecting…',
    unavailable: 'Chat is unavailable right now',
    sending: 'Sending…',
    sent: 'Sent',
    failed: 'Not sent',
    retry: 'Retry',
    you: 'You',
    operator: 'Operator',
    bot: 'Assistant',
    empty: 'Ask us anything — an operator will answer here.',
    hint: 'Enter to send, Shift+Enter for a new line',
    conversation: 'Conversation',
    /** `{name}`: the operator's name, or the word for operator when the desk gave none. */
    typing: '{name} is typing…',
    read: 'Read',
  },
  ru: {
    title: 'Напишите нам',
    open: 'Открыть чат',
    close: 'Закрыть чат',
    unread: (n: number) => `непрочитанных: ${n}`,
    placeholder: 'Напишите сообщение…',
    send: 'Отправить',
    connecting: 'Подключение…',
    online: 'На связи',
    reconnecting: 'Переподключение…',
    unavailable: 'Чат сейчас недоступен',
    sending: 'Отправляется…',
    sent: 'Отправлено',
    failed: 'Не отправлено',
    retry: 'Повторить',
    you: 'Вы',
    operator: 'Оператор',
    bot: 'Помощник',
    empty: 'Задайте вопрос — оператор ответит здесь.',
    hint: 'Enter — отправить, Shift+Enter — новая строка',
    conversation: 'Переписка',
    typing: '{name} печатает…',
    read: 'Прочитано',
  },
} satisfies Record<Lang, Record<string, string | ((n: number) => string)>>;

export type Texts = (typeof TEXTS)['en'];

export function pickLang(...candidates: (string | null | undefined)[]): Lang {
  for (const c of candidates) {
    if (!c) continue;
    const base = c.toLowerCase().slice(0, 2);
    if (base === 'ru' || base === 'en') return base;
  }
  return 'en';
}
