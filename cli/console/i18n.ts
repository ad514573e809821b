// English and Russian UI text of the operator console. Key descriptions live beside their
// bindings in keymap.ts; everything else the console says is here, so a missing translation is
// a type error rather than a blank on screen.
import type { Lang } from '../../shared/schemas';

const en = {
  'help.title': 'Keys',
  'help.hint': '↑↓ PgUp PgDn scroll · Esc closes',
  'help.context.global': 'Anywhere',
  'help.context.composer': 'Writing a reply',
  'help.context.picker': 'Template picker',
  'help.context.help': 'This help',
  'picker.title': 'Templates',
  'picker.query': 'Search: ',
  'picker.empty': 'No template matches',
  'picker.none': 'No templates yet',
  'picker.preview': 'Preview',
  'picker.runCommand': 'Enter runs',
  'picker.hint': '↑↓ choose · Enter inserts · Esc closes',
  'composer.placeholder': 'Type a reply · Enter sends · Alt+Enter new line · / templates · ? help',
} as const;

export type UiStringKey = keyof typeof en;

const ru: Record<UiStringKey, string> = {
  'help.title': 'Клавиши',
  'help.hint': '↑↓ PgUp PgDn — прокрутка · Esc — закрыть',
  'help.context.global': 'Везде',
  'help.context.composer': 'При наборе ответа',
  'help.context.picker': 'Выбор шаблона',
  'help.context.help': 'Эта справка',
  'picker.title': 'Шаблоны',
  'picker.query': 'Поиск: ',
  'picker.empty': 'Нет подходящих шаблонов',
  'picker.none': 'Шаблонов пока нет',
  'picker.preview': 'Предпросмотр',
  'picker.runCommand': 'Enter выполнит',
  'picker.hint': '↑↓ выбор · Enter — вставить · Esc — закрыть',
  'composer.placeholder': 'Введите ответ · Enter — отправить · Alt+Enter — новая строка · / шаблоны · ? справка',
};

const STRINGS: Record<Lang, Record<UiStringKey, string>> = { en, ru };

export function t(lang: Lang, key: UiStringKey): string {
  return STRINGS[lang][key];
}

/**
 * The UI language: the --lang flag when given, else the locale (LC_ALL/LANG, e.g. "ru_RU.UTF-8"),
 * else English. A flag naming another language is an error, not a silent fallback.
 */
export function detectLang(flag?: string, envLang?: string): Lang {
  if (flag !== undefined && flag !== '') {
    const wanted = flag.toLowerCase();
    if (wanted === 'en' || wanted === 'ru') return wanted;
    throw new Error(`unknown language "${flag}": use --lang en or --lang ru`);
  }
  return /^ru(?:[_.@-]|$)/i.test(envLang ?? '') ? 'ru' : 'en';
}
