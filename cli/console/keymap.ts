// THE keymap: every binding of the operator console lives in this table. The console's one
// useInput handler dispatches through matchAction, the composer maps editing keys through it,
// and the help overlay is generated from it. A binding that is not here does not exist.
//
// Key choices follow what reaches an Ink app over SSH (STACK.md, "Ink 6"): no function keys;
// never Ctrl+H/I/J/M/[ (they arrive as Backspace, Tab, Ctrl+J, Enter, Esc); Ink cannot see
// Shift+Enter or Alt+?. Also avoided: Ctrl+B (tmux prefix), Ctrl+S/Ctrl+Z (flow control and
// suspend habits), Ctrl+V (paste in Windows Terminal). Readline habits are kept in the composer
// (Ctrl+A/E/U/W/D, Alt+B/F; Ctrl+K is the knowledge base, as issue 18 asks, and deleting to the
// end of the line takes Alt+K), so rarer actions take Alt+letter, and every action outside
// editing also has a slash command.
import type { Key } from 'ink';

export type KeyContext =
  'global' | 'composer' | 'picker' | 'kb' | 'search' | 'spelling' | 'help' | 'form' | 'card' | 'readonly';

export type NamedKey =
  'return' | 'escape' | 'backspace' | 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'tab';

export type KeySpec = {
  /** A named key; otherwise `input` is what Ink reports (a character, or the letter with Ctrl). */
  key?: NamedKey;
  input?: string;
  ctrl?: boolean;
  /** Alt/Option, which terminals send as an ESC prefix (Ink's `key.meta`). */
  alt?: boolean;
  /** Only while the draft is empty, so the same character can still be typed into a message. */
  whenComposerEmpty?: boolean;
  /** For dialog.goto: which dialog number (1–9) the key opens. */
  slot?: number;
};

/** What every row of the table has; its context and action are tied together in `Binding`. */
type BindingFields = {
  keys: readonly KeySpec[];
  description: { en: string; ru: string };
  /** The slash command typed in the composer that does the same, without the `/`. */
  slash?: string;
  /** What the slash command takes after its name, as the help shows it. */
  slashArgs?: { en: string; ru: string };
};

const ctrl = (letter: string): KeySpec => ({ input: letter, ctrl: true });
const alt = (input: string): KeySpec => ({ input, alt: true });
const named = (key: NamedKey, modifiers: { ctrl?: boolean; alt?: boolean } = {}): KeySpec => ({ key, ...modifiers });
const char = (input: string, whenComposerEmpty = false): KeySpec =>
  whenComposerEmpty ? { input, whenComposerEmpty } : { input };
const slots = Array.from({ length: 9 }, (_, i): KeySpec => ({ input: String(i + 1), alt: true, slot: i + 1 }));

// The table's own type keeps every action as its literal, so the action types below are read off
// the table: a row added here adds its action to its context's type, and every handler table
// keyed by that type (console-keys.ts) or switch over it fails the type check or the linter
// until the action is handled.
const TABLE = [
  // ---- global: the main screen, whatever is in the draft ----
  {
    context: 'global',
    action: 'dialog.goto',
    keys: slots,
    slash: 'go',
    slashArgs: { en: 'N', ru: 'N' },
    description: {
      en: 'Open dialog number N (kept until it closes)',
      ru: 'Открыть диалог с номером N (номер не меняется, пока диалог открыт)',
    },
  },
  {
    context: 'global',
    action: 'dialog.next',
    keys: [ctrl('n'), named('down', { alt: true })],
    slash: 'next',
    description: { en: 'Next dialog', ru: 'Следующий диалог' },
  },
  {
    context: 'global',
    action: 'dialog.prev',
    keys: [ctrl('p'), named('up', { alt: true })],
    slash: 'prev',
    description: { en: 'Previous dialog', ru: 'Предыдущий диалог' },
  },
  {
    context: 'global',
    action: 'dialog.urgent',
    keys: [ctrl('g')],
    slash: 'urgent',
    description: { en: 'Jump to the dialog that most needs a reply', ru: 'К диалогу, где ответ нужнее всего' },
  },
  {
    context: 'global',
    action: 'transcript.pageUp',
    keys: [named('pageUp')],
    description: { en: 'Scroll the transcript up', ru: 'Прокрутить переписку вверх' },
  },
  {
    context: 'global',
    action: 'transcript.pageDown',
    keys: [named('pageDown')],
    description: { en: 'Scroll the transcript down', ru: 'Прокрутить переписку вниз' },
  },
  {
    context: 'global',
    action: 'contact.show',
    keys: [ctrl('l'), alt('i')],
    slash: 'contact',
    description: {
      en: 'Contact details and history (again: close)',
      ru: 'Контакт и история обращений (ещё раз — закрыть)',
    },
  },
  {
    context: 'global',
    action: 'note.toggle',
    keys: [alt('n')],
    slash: 'note',
    slashArgs: { en: '[TEXT]', ru: '[ТЕКСТ]' },
    description: { en: 'Private note mode on/off', ru: 'Режим заметки вкл/выкл' },
  },
  {
    context: 'global',
    action: 'dialog.resolve',
    keys: [ctrl('r')],
    slash: 'resolve',
    slashArgs: { en: '[TAG] [OUTCOME]', ru: '[ТЕГ] [ИТОГ]' },
    description: { en: 'Resolve (close) the dialog', ru: 'Закрыть диалог' },
  },
  {
    context: 'global',
    action: 'dialog.transfer',
    keys: [ctrl('x')],
    slash: 'transfer',
    slashArgs: { en: 'QUEUE|@OPERATOR [NOTE]', ru: 'ОЧЕРЕДЬ|@ОПЕРАТОР [ЗАМЕТКА]' },
    description: { en: 'Transfer to a queue or operator', ru: 'Передать в очередь или оператору' },
  },
  {
    context: 'global',
    action: 'dialog.callback',
    keys: [alt('c')],
    slash: 'callback',
    slashArgs: { en: 'PHONE [REASON]', ru: 'ТЕЛЕФОН [ПРИЧИНА]' },
    description: { en: 'Request a voice call-back', ru: 'Заказать обратный звонок' },
  },
  {
    context: 'global',
    action: 'dialog.hold',
    keys: [alt('z')],
    slash: 'hold',
    description: {
      en: 'Hold on/off: pause the idle close (⏸)',
      ru: 'Удержание вкл/выкл: не закрывать по молчанию (⏸)',
    },
  },
  {
    context: 'global',
    action: 'dialog.new',
    keys: [alt('o')],
    slash: 'new',
    slashArgs: { en: '[CHANNEL ADDRESS TEXT]', ru: '[КАНАЛ АДРЕС ТЕКСТ]' },
    description: { en: 'Start a conversation', ru: 'Начать диалог' },
  },
  {
    context: 'global',
    action: 'thread.via',
    keys: [alt('t')],
    slash: 'via',
    description: {
      en: "Answer on the customer's other channel",
      ru: 'Ответить через другой канал клиента',
    },
  },
  {
    context: 'global',
    action: 'customer.merge',
    keys: [],
    slash: 'merge',
    description: {
      en: 'Merge the customer with another (search, confirm)',
      ru: 'Объединить клиента с другим (поиск, подтверждение)',
    },
  },
  {
    context: 'global',
    action: 'message.retry',
    keys: [alt('r')],
    slash: 'retry',
    description: {
      en: 'Send the dialog’s newest undelivered message again',
      ru: 'Отправить ещё раз последнее недоставленное сообщение диалога',
    },
  },
  {
    context: 'global',
    action: 'file.save',
    keys: [],
    slash: 'save',
    slashArgs: { en: 'N [PATH]', ru: 'N [ПУТЬ]' },
    description: {
      en: 'Save file N of the dialog here (where the console runs)',
      ru: 'Сохранить файл N диалога здесь (где запущена консоль)',
    },
  },
  {
    context: 'global',
    action: 'file.attach',
    keys: [],
    slash: 'attach',
    slashArgs: { en: 'PATH', ru: 'ПУТЬ' },
    description: { en: 'Send a file from this machine', ru: 'Отправить файл с этой машины' },
  },
  {
    context: 'global',
    action: 'status.available',
    keys: [alt('v')],
    slash: 'available',
    description: { en: 'Set my status: available', ru: 'Мой статус: доступен' },
  },
  {
    context: 'global',
    action: 'status.away',
    keys: [alt('a')],
    slash: 'away',
    description: { en: 'Set my status: away', ru: 'Мой статус: отошёл' },
  },
  {
    context: 'global',
    action: 'reviews.show',
    keys: [alt('q')],
    slash: 'reviews',
    description: { en: 'My quality reviews (read only)', ru: 'Мои оценки качества (только чтение)' },
  },
  {
    context: 'global',
    action: 'help.open',
    keys: [alt('h'), char('?', true)],
    slash: 'help',
    description: { en: 'Show all keys (? in an empty draft)', ru: 'Показать все клавиши (? в пустом черновике)' },
  },
  {
    context: 'global',
    action: 'app.quit',
    keys: [ctrl('c'), ctrl('q')],
    slash: 'quit',
    description: { en: 'Quit', ru: 'Выйти' },
  },

  // ---- composer: writing the reply ----
  {
    context: 'composer',
    action: 'message.send',
    keys: [named('return')],
    description: { en: 'Send (a /command runs instead)', ru: 'Отправить (/команда выполняется)' },
  },
  {
    context: 'composer',
    action: 'edit.newline',
    keys: [named('return', { alt: true }), ctrl('o')],
    description: { en: 'New line in the message', ru: 'Новая строка в сообщении' },
  },
  {
    context: 'composer',
    action: 'template.open',
    keys: [ctrl('t'), char('/', true)],
    slash: 'template',
    slashArgs: { en: '[SEARCH]', ru: '[ПОИСК]' },
    description: { en: 'Insert a template (/ in an empty draft)', ru: 'Вставить шаблон (/ в пустом черновике)' },
  },
  {
    context: 'composer',
    action: 'kb.open',
    keys: [ctrl('k')],
    slash: 'kb',
    slashArgs: { en: '[SEARCH]', ru: '[ПОИСК]' },
    description: {
      en: 'Knowledge base: insert a paragraph or link',
      ru: 'База знаний: вставить абзац или ссылку',
    },
  },
  {
    context: 'composer',
    action: 'search.open',
    keys: [],
    slash: 'search',
    slashArgs: { en: 'TEXT', ru: 'ТЕКСТ' },
    description: { en: 'Search messages and customers', ru: 'Поиск по сообщениям и клиентам' },
  },
  {
    context: 'composer',
    action: 'spelling.suggest',
    keys: [alt('s')],
    description: {
      en: 'Spelling: suggestions for the word at the cursor (underlined: misspelt)',
      ru: 'Орфография: варианты для слова под курсором (подчёркнуто — с ошибкой)',
    },
  },
  {
    context: 'composer',
    action: 'edit.left',
    keys: [named('left')],
    description: { en: 'Cursor left', ru: 'Курсор влево' },
  },
  {
    context: 'composer',
    action: 'edit.right',
    keys: [named('right')],
    description: { en: 'Cursor right', ru: 'Курсор вправо' },
  },
  {
    context: 'composer',
    action: 'edit.wordLeft',
    keys: [named('left', { ctrl: true }), named('left', { alt: true }), alt('b')],
    description: { en: 'Word left', ru: 'На слово влево' },
  },
  {
    context: 'composer',
    action: 'edit.wordRight',
    keys: [named('right', { ctrl: true }), named('right', { alt: true }), alt('f')],
    description: { en: 'Word right', ru: 'На слово вправо' },
  },
  {
    context: 'composer',
    action: 'edit.home',
    keys: [named('home'), ctrl('a')],
    description: { en: 'Start of line', ru: 'В начало строки' },
  },
  {
    context: 'composer',
    action: 'edit.end',
    keys: [named('end'), ctrl('e')],
    description: { en: 'End of line', ru: 'В конец строки' },
  },
  { context: 'composer', action: 'edit.up', keys: [named('up')], description: { en: 'Line up', ru: 'Строкой выше' } },
  {
    context: 'composer',
    action: 'edit.down',
    keys: [named('down')],
    description: { en: 'Line down', ru: 'Строкой ниже' },
  },
  {
    context: 'composer',
    action: 'edit.backspace',
    keys: [named('backspace')],
    description: { en: 'Delete the character before the cursor', ru: 'Удалить символ перед курсором' },
  },
  {
    context: 'composer',
    action: 'edit.deleteForward',
    keys: [ctrl('d')],
    description: { en: 'Delete the character under the cursor', ru: 'Удалить символ под курсором' },
  },
  {
    context: 'composer',
    action: 'edit.deleteWordBack',
    keys: [ctrl('w'), named('backspace', { alt: true })],
    description: { en: 'Delete the word before the cursor', ru: 'Удалить слово перед курсором' },
  },
  {
    context: 'composer',
    action: 'edit.deleteToLineStart',
    keys: [ctrl('u')],
    description: { en: 'Delete to the start of the line', ru: 'Удалить до начала строки' },
  },
  {
    context: 'composer',
    action: 'edit.deleteToLineEnd',
    // Readline's Ctrl+K opens the knowledge base here, as issue 18 asks: Alt+K is Emacs's kill-line relative.
    keys: [alt('k')],
    description: { en: 'Delete to the end of the line', ru: 'Удалить до конца строки' },
  },

  // ---- contact card (Ctrl+L): the customer's conversations; the composer stays live beside it ----
  {
    context: 'card',
    action: 'card.up',
    keys: [{ key: 'up', whenComposerEmpty: true }],
    description: { en: 'Newer conversation (in an empty draft)', ru: 'Обращение новее (в пустом черновике)' },
  },
  {
    context: 'card',
    action: 'card.down',
    keys: [{ key: 'down', whenComposerEmpty: true }],
    description: {
      en: 'Older conversation (in an empty draft; more load at the end)',
      ru: 'Обращение старше (в пустом черновике; в конце подгружаются ещё)',
    },
  },
  {
    context: 'card',
    action: 'card.open',
    keys: [{ key: 'return', whenComposerEmpty: true }],
    description: {
      en: 'Open its transcript, read-only (in an empty draft)',
      ru: 'Открыть переписку только для чтения (в пустом черновике)',
    },
  },
  {
    context: 'card',
    action: 'card.close',
    keys: [named('escape')],
    description: { en: 'Close the card', ru: 'Закрыть карточку' },
  },

  // ---- a transcript open read-only (from the card): no composer ----
  {
    context: 'readonly',
    action: 'readonly.pageUp',
    keys: [named('pageUp')],
    description: { en: 'Earlier messages (older pages load)', ru: 'К ранним сообщениям (подгружаются старые)' },
  },
  {
    context: 'readonly',
    action: 'readonly.pageDown',
    keys: [named('pageDown')],
    description: { en: 'Later messages', ru: 'К поздним сообщениям' },
  },
  {
    context: 'readonly',
    action: 'readonly.lineUp',
    keys: [named('up')],
    description: { en: 'One line up', ru: 'На строку вверх' },
  },
  {
    context: 'readonly',
    action: 'readonly.lineDown',
    keys: [named('down')],
    description: { en: 'One line down', ru: 'На строку вниз' },
  },
  {
    context: 'readonly',
    action: 'readonly.close',
    keys: [named('escape')],
    description: { en: 'Back to the live dialog', ru: 'Назад к живому диалогу' },
  },

  // ---- template picker ----
  {
    context: 'picker',
    action: 'picker.up',
    keys: [named('up')],
    description: { en: 'Previous template', ru: 'Предыдущий шаблон' },
  },
  {
    context: 'picker',
    action: 'picker.down',
    keys: [named('down')],
    description: { en: 'Next template', ru: 'Следующий шаблон' },
  },
  {
    context: 'picker',
    action: 'picker.choose',
    keys: [named('return')],
    description: {
      en: 'Insert the template (or run the /command typed)',
      ru: 'Вставить шаблон (или выполнить набранную /команду)',
    },
  },
  {
    context: 'picker',
    action: 'picker.cancel',
    keys: [named('escape')],
    description: { en: 'Close without inserting', ru: 'Закрыть без вставки' },
  },

  // ---- knowledge base (Ctrl+K): the search, then the article's paragraphs ----
  {
    context: 'kb',
    action: 'kb.up',
    keys: [named('up')],
    description: { en: 'Previous article or paragraph', ru: 'Предыдущая статья или абзац' },
  },
  {
    context: 'kb',
    action: 'kb.down',
    keys: [named('down')],
    description: { en: 'Next article or paragraph', ru: 'Следующая статья или абзац' },
  },
  {
    context: 'kb',
    action: 'kb.choose',
    keys: [named('return')],
    description: {
      en: 'Open the article; in it, put the paragraph or link in the draft',
      ru: 'Открыть статью; в ней — абзац или ссылку в черновик',
    },
  },
  {
    context: 'kb',
    action: 'kb.back',
    keys: [named('escape')],
    description: { en: 'Back to the results; from them, close', ru: 'Назад к результатам; из них — закрыть' },
  },

  // ---- search results (/search TEXT) ----
  {
    context: 'search',
    action: 'search.up',
    keys: [named('up')],
    description: { en: 'Previous result', ru: 'Предыдущий результат' },
  },
  {
    context: 'search',
    action: 'search.down',
    keys: [named('down')],
    description: { en: 'Next result', ru: 'Следующий результат' },
  },
  {
    context: 'search',
    action: 'search.choose',
    keys: [named('return')],
    description: { en: 'Open the conversation read-only', ru: 'Открыть переписку для чтения' },
  },
  {
    context: 'search',
    action: 'search.close',
    keys: [named('escape')],
    description: { en: 'Close the results', ru: 'Закрыть результаты' },
  },

  // ---- spelling suggestions ----
  {
    context: 'spelling',
    action: 'spelling.up',
    keys: [named('up')],
    description: { en: 'Previous suggestion', ru: 'Предыдущий вариант' },
  },
  {
    context: 'spelling',
    action: 'spelling.down',
    keys: [named('down')],
    description: { en: 'Next suggestion', ru: 'Следующий вариант' },
  },
  {
    context: 'spelling',
    action: 'spelling.choose',
    keys: [named('return')],
    description: {
      en: 'Replace the word (never sends), or add it to my dictionary',
      ru: 'Заменить слово (не отправляет) или добавить его в мой словарь',
    },
  },
  {
    context: 'spelling',
    action: 'spelling.cancel',
    keys: [named('escape')],
    description: { en: 'Close, the word unchanged', ru: 'Закрыть, не меняя слово' },
  },

  // ---- help overlay ----
  {
    context: 'help',
    action: 'help.scrollUp',
    keys: [named('up'), named('pageUp')],
    description: { en: 'Scroll up', ru: 'Прокрутить вверх' },
  },
  {
    context: 'help',
    action: 'help.scrollDown',
    keys: [named('down'), named('pageDown')],
    description: { en: 'Scroll down', ru: 'Прокрутить вниз' },
  },
  {
    context: 'help',
    action: 'help.close',
    keys: [named('escape'), char('q'), char('?')],
    description: { en: 'Close help', ru: 'Закрыть справку' },
  },

  // ---- forms: resolve, transfer, call-back ----
  {
    context: 'form',
    action: 'form.next',
    keys: [named('tab'), named('down')],
    description: { en: 'Next field', ru: 'Следующее поле' },
  },
  {
    context: 'form',
    action: 'form.prev',
    keys: [named('up')],
    description: { en: 'Previous field', ru: 'Предыдущее поле' },
  },
  {
    context: 'form',
    action: 'form.optionPrev',
    keys: [named('left')],
    description: {
      en: 'Previous choice in a list field (in a text field: cursor)',
      ru: 'Предыдущий вариант в поле-списке (в текстовом — курсор)',
    },
  },
  {
    context: 'form',
    action: 'form.optionNext',
    keys: [named('right')],
    description: {
      en: 'Next choice in a list field (in a text field: cursor)',
      ru: 'Следующий вариант в поле-списке (в текстовом — курсор)',
    },
  },
  {
    context: 'form',
    action: 'form.submit',
    keys: [named('return')],
    description: { en: 'Confirm', ru: 'Подтвердить' },
  },
  { context: 'form', action: 'form.cancel', keys: [named('escape')], description: { en: 'Cancel', ru: 'Отмена' } },
] as const satisfies ReadonlyArray<BindingFields & { context: KeyContext; action: `${string}.${string}` }>;

type Row = (typeof TABLE)[number];

/** The actions bound in one context, e.g. ActionOf<'picker'> is 'picker.up' | … | 'picker.cancel'. */
export type ActionOf<C extends KeyContext> = Extract<Row, { context: C }>['action'];
export type ConsoleAction = Row['action'];
/** The composer's editing keys, which change the draft rather than run a console action. */
export type EditAction = Extract<ActionOf<'composer'>, `edit.${string}`>;
/** The actions that have a slash command. */
export type SlashAction = Extract<Row, { slash: string }>['action'];

/** A row of the table: its action is one of its context's. */
export type Binding = { [C in KeyContext]: BindingFields & { context: C; action: ActionOf<C> } }[KeyContext];

export const KEYMAP: readonly Binding[] = TABLE;

/**
 * What a keypress can mean in a context (see matchAction): on the main screen ('composer') the
 * composer's actions and the global ones; in an overlay its own, and quit.
 */
export type ActiveAction<C extends KeyContext> = C extends 'composer'
  ? ActionOf<'composer'> | ActionOf<'global'>
  : C extends 'global'
    ? ActionOf<'global'>
    : ActionOf<C> | 'app.quit';

export type ActionMatch<A extends ConsoleAction = ConsoleAction> = { action: A; slot?: number };
export type MatchState = { composerEmpty: boolean };

/**
 * The action a keypress means in a context. On the main screen ('composer') the composer's
 * bindings and the global ones are active together; in an overlay ('picker', 'help') only the
 * overlay's own bindings and quit are, so typing into the picker's query never triggers a
 * dialog action. ('global' alone matches only global bindings.)
 */
export function matchAction<C extends KeyContext>(
  input: string,
  key: Key,
  context: C,
  state: MatchState = { composerEmpty: false },
): ActionMatch<ActiveAction<C>> | null {
  for (const binding of KEYMAP) {
    if (!isActive(binding, context)) continue;
    const spec = binding.keys.find((candidate) => keyMatches(candidate, input, key, state));
    if (spec) return spec.slot === undefined ? { action: binding.action } : { action: binding.action, slot: spec.slot };
  }
  return null;
}

function isActive<C extends KeyContext>(
  binding: Binding,
  context: C,
): binding is Extract<Binding, { action: ActiveAction<C> }> {
  if (binding.context === context) return true;
  if (binding.context !== 'global') return false;
  return context === 'composer' || binding.action === 'app.quit';
}

function keyMatches(spec: KeySpec, input: string, key: Key, state: MatchState): boolean {
  if (spec.whenComposerEmpty && !state.composerEmpty) return false;
  if (spec.key === 'escape') return key.escape;
  // Ink reports Esc with meta set too, so Alt means meta without escape.
  const altDown = key.meta && !key.escape;
  if (Boolean(spec.ctrl) !== key.ctrl || Boolean(spec.alt) !== altDown) return false;
  if (spec.key) return namedKeyDown(spec.key, key);
  return input === spec.input;
}

function namedKeyDown(name: NamedKey, key: Key): boolean {
  switch (name) {
    case 'return':
      return key.return;
    case 'escape':
      return key.escape;
    // Ink reports the Backspace key (DEL) as `delete` and Ctrl+H as `backspace`; the Delete key
    // is also `delete`, so the two cannot be told apart: Ctrl+D is the forward delete.
    case 'backspace':
      return key.delete || key.backspace;
    case 'up':
      return key.upArrow;
    case 'down':
      return key.downArrow;
    case 'left':
      return key.leftArrow;
    case 'right':
      return key.rightArrow;
    case 'pageUp':
      return key.pageUp;
    case 'pageDown':
      return key.pageDown;
    case 'home':
      return key.home;
    case 'end':
      return key.end;
    case 'tab':
      return key.tab;
  }
}

const KEY_NAMES: Record<NamedKey, string> = {
  return: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  home: 'Home',
  end: 'End',
  tab: 'Tab',
};

/** How a key is written on screen: "Ctrl+N", "Alt+B", "Alt+↓", "Alt+Enter", "?". */
export function keyLabel(spec: KeySpec): string {
  const input = spec.input ?? '';
  const name = spec.key ? KEY_NAMES[spec.key] : spec.ctrl || spec.alt ? input.toUpperCase() : input;
  return (spec.ctrl ? 'Ctrl+' : '') + (spec.alt ? 'Alt+' : '') + name;
}

/** The keys of a binding as one label; a run such as Alt+1…Alt+9 is shortened. */
export function bindingKeysLabel(binding: Binding): string {
  const labels = binding.keys.map(keyLabel);
  return labels.length > 4 ? `${labels[0]}…${labels[labels.length - 1]}` : labels.join(' ');
}

export type SlashCommand = { action: SlashAction; args: string };

const SLASH_COMMANDS: ReadonlyMap<string, SlashAction> = new Map(
  TABLE.filter((row): row is Extract<Row, { slash: string }> => 'slash' in row).map((row) => [row.slash, row.action]),
);

/** `/resolve billing sold` → { action: 'dialog.resolve', args: 'billing sold' }; null if not a known command. */
export function parseSlashCommand(text: string): SlashCommand | null {
  const match = /^\/([a-z]+)(?:\s+([\s\S]*))?$/i.exec(text.trimEnd());
  if (!match) return null;
  const action = SLASH_COMMANDS.get(match[1].toLowerCase());
  return action ? { action, args: (match[2] ?? '').trim() } : null;
}

export function isEditAction<A extends ConsoleAction>(action: A): action is Extract<A, EditAction> {
  return action.startsWith('edit.');
}
