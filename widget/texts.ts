// Every word the widget shows, in the two languages the desk speaks. The language follows the
// script tag's data-lang, then the page's <html lang>, then the browser.
export type Lang = 'en' | 'ru';

export const TEXTS = {
  en: {
    title: 'Chat with us',
    open: 'Open chat',
    close: 'Close chat',
    unread: (n: number) => `${n} unread`,
    size: (n: number) =>
      n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(1)} MB`,
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
    attach: 'Attach a file',
    remove: 'Remove',
    uploading: 'Uploading…',
    dropHere: 'Drop files here to send them',
    notConnected: 'Not connected yet: try again in a moment',
    rate: 'Rate our help',
    rate1: '1 — very bad',
    rate2: '2 — bad',
    rate3: '3 — okay',
    rate4: '4 — good',
    rate5: '5 — excellent',
    prechatIntro: 'Before we start, tell us how to address you.',
    name: 'Your name',
    email: 'E-mail',
    optional: '(optional)',
    start: 'Start the chat',
    required: 'Please fill this in',
    badEmail: 'Enter an address such as name@example.com',
    mustConsent: 'Please tick to continue',
    policy: 'Privacy policy',
    fixErrors: 'Please correct the marked fields',
  },
  ru: {
    title: 'Напишите нам',
    open: 'Открыть чат',
    close: 'Закрыть чат',
    unread: (n: number) => `непрочитанных: ${n}`,
    size: (n: number) =>
      n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} КБ` : `${(n / 1048576).toFixed(1).replace('.', ',')} МБ`,
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
    attach: 'Прикрепить файл',
    remove: 'Убрать',
    uploading: 'Загружается…',
    dropHere: 'Отпустите файлы, чтобы отправить их',
    notConnected: 'Ещё нет связи: попробуйте через минуту',
    rate: 'Оцените нашу помощь',
    rate1: '1 — очень плохо',
    rate2: '2 — плохо',
    rate3: '3 — нормально',
    rate4: '4 — хорошо',
    rate5: '5 — отлично',
    prechatIntro: 'Перед началом расскажите, как к вам обращаться.',
    name: 'Ваше имя',
    email: 'Электронная почта',
    optional: '(необязательно)',
    start: 'Начать чат',
    required: 'Заполните это поле',
    badEmail: 'Введите адрес вида name@example.com',
    mustConsent: 'Отметьте, чтобы продолжить',
    policy: 'Политика конфиденциальности',
    fixErrors: 'Исправьте отмеченные поля',
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
