// The template picker: a fuzzy-filtered list of templates with a preview of the selected one,
// variables filled in. Enter hands the filled text to the console to insert into the draft, so
// it can be edited before sending. Since `/` in an empty draft opens the picker, a query that
// is a slash command ("resolve billing") runs that command on Enter instead (as chat tools do).
//
// The picker reads no keys itself: its state lives in the console's overlay and pickerKey() is
// called by the console's one input handler. With a second useInput here, Ink called both hooks
// for the same Enter, in whichever order their effects last subscribed; when the picker's ran
// first it closed itself, and the console's then saw an Enter in the composer and sent the
// template unreviewed (issue 13 §2). Keys that arrive before the picker is drawn (one chunk:
// Ctrl+T, a search, Enter) also need a picker that exists outside React.
import { Box, Text, type Key } from 'ink';
import type { Conversation, Lang, Operator, Template } from '../../shared/schemas';
import { renderTemplate, type TemplateVars } from '../../shared/template';
import { sanitizeForTerminal, sanitizeLine } from '../../shared/terminal-text';
import { applyComposerKey } from './composer';
import { emptyComposer, insert, type ComposerState } from './composer-state';
import { t } from './i18n';
import { KEYMAP, matchAction, parseSlashCommand, type SlashCommand } from './keymap';
import { rankTemplates, type TemplateUsage } from './template-ranking';
import { splitGraphemes, wrapText } from './text-layout';

/** The picker's own state: the query (edited with the composer's model) and the highlighted row. */
export type PickerState = { readonly query: ComposerState; readonly selected: number };

export function openPicker(initialQuery = ''): PickerState {
  return { query: insert(emptyComposer, sanitizeLine(initialQuery)), selected: 0 };
}

/** What a key does in the picker. `choose` carries the template's text with variables filled, raw. */
export type PickerOutcome =
  | { kind: 'edit'; state: PickerState }
  | { kind: 'choose'; text: string; template: Template }
  | { kind: 'command'; command: SlashCommand }
  | { kind: 'cancel' }
  | { kind: 'ignore' };

export type PickerContext = { templates: readonly Template[]; usage: TemplateUsage; vars: TemplateVars; width: number };

/** The variables a template is filled with for the open dialog. */
export function templateVars(selected: Conversation | null, operator: Operator | null): TemplateVars {
  return { 'customer.name': selected?.customerName ?? null, 'operator.name': operator?.name ?? null };
}

export function pickerKey(state: PickerState, input: string, key: Key, context: PickerContext): PickerOutcome {
  const ranked = rankTemplates(context.templates, state.query.text, context.usage);
  switch (matchAction(input, key, 'picker')?.action) {
    case 'picker.up':
      return { kind: 'edit', state: { ...state, selected: Math.max(0, state.selected - 1) } };
    case 'picker.down':
      return {
        kind: 'edit',
        state: { ...state, selected: Math.max(0, Math.min(ranked.length - 1, state.selected + 1)) },
      };
    case 'picker.cancel':
      return { kind: 'cancel' };
    case 'picker.choose': {
      const command = asCommand(state.query.text);
      if (command) return { kind: 'command', command };
      const chosen = ranked[Math.min(state.selected, ranked.length - 1)];
      return chosen
        ? { kind: 'choose', text: renderTemplate(chosen.text, context.vars), template: chosen }
        : { kind: 'ignore' };
    }
    case 'app.quit': // the console quits, from every overlay
      return { kind: 'ignore' };
    case undefined: // not a picker key: it edits the query
      break;
  }
  if (key.return || key.upArrow || key.downArrow || key.tab) return { kind: 'ignore' };
  const edited =
    applyComposerKey(state.query, input, key, context.width) ??
    (/^[/?]$/.test(input) && !key.ctrl && !key.meta ? insert(state.query, input) : null);
  if (!edited || edited === state.query) return { kind: 'ignore' };
  if (edited.text !== state.query.text)
    return { kind: 'edit', state: { query: { text: sanitizeLine(edited.text), cursor: edited.cursor }, selected: 0 } };
  return { kind: 'edit', state: { ...state, query: edited } };
}

export type TemplatePickerProps = {
  state: PickerState;
  templates: readonly Template[];
  usage: TemplateUsage;
  /** Filled into the text: at least 'customer.name' and 'operator.name'. */
  vars: TemplateVars;
  lang: Lang;
  width: number;
  listRows?: number;
  previewRows?: number;
};

export function TemplatePicker(props: TemplatePickerProps) {
  const { state, templates, usage, vars, lang, width, listRows = 5, previewRows = 4 } = props;
  const query = state.query.text;
  const ranked = rankTemplates(templates, query, usage);
  const command = asCommand(query);
  const current = ranked[Math.min(state.selected, ranked.length - 1)];
  const graphemes = splitGraphemes(query);

  const top = Math.max(0, Math.min(state.selected, ranked.length - 1) - listRows + 1);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{t(lang, 'picker.title')}</Text>
      <Box>
        <Text>{t(lang, 'picker.query')}</Text>
        <Text>
          {graphemes.slice(0, state.query.cursor).join('')}
          <Text inverse>{graphemes[state.query.cursor] ?? ' '}</Text>
          {graphemes.slice(state.query.cursor + 1).join('')}
        </Text>
      </Box>
      {command ? <CommandHint command={command} lang={lang} /> : null}
      {ranked.length === 0 ? (
        <Text dimColor>{t(lang, templates.length === 0 ? 'picker.none' : 'picker.empty')}</Text>
      ) : (
        ranked.slice(top, top + listRows).map((template) => (
          <Text key={template.id} wrap="truncate-end">
            {template === current ? '› ' : '  '}
            <Text bold={template === current}>{sanitizeLine(template.name)}</Text>
            <Text dimColor> {sanitizeLine(template.text)}</Text>
          </Text>
        ))
      )}
      {current && !command ? (
        <Box flexDirection="column">
          <Text dimColor>{t(lang, 'picker.preview')}:</Text>
          {wrapText(sanitizeForTerminal(renderTemplate(current.text, vars)), width)
            .slice(0, previewRows)
            .map((line, index) => (
              <Text key={index}>{line}</Text>
            ))}
        </Box>
      ) : null}
      <Text dimColor>{t(lang, 'picker.hint')}</Text>
    </Box>
  );
}

function CommandHint({ command, lang }: { command: SlashCommand; lang: Lang }) {
  const binding = KEYMAP.find((candidate) => candidate.action === command.action)!;
  return (
    <Text wrap="truncate-end">
      {t(lang, 'picker.runCommand')} <Text bold>/{binding.slash}</Text>
      {command.args ? ` ${command.args}` : ''} — {binding.description[lang]}
    </Text>
  );
}

/** The query as a slash command, unless it is /template itself (the picker is already open). */
function asCommand(query: string): SlashCommand | null {
  const command = parseSlashCommand(`/${query}`);
  return command && command.action !== 'template.open' ? command : null;
}
