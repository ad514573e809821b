// The template picker: a fuzzy-filtered list of templates with a preview of the selected one,
// variables filled in. Enter hands the filled text to the console to insert into the draft, so
// it can be edited before sending. Since `/` in an empty draft opens the picker, a query that
// is a slash command ("resolve billing") runs that command on Enter instead (as chat tools do).
import { useMemo, useReducer, useRef } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Lang, Template } from '../../shared/schemas';
import { renderTemplate, type TemplateVars } from '../../shared/template';
import { sanitizeForTerminal, sanitizeLine } from '../../shared/terminal-text';
import { applyComposerKey } from './composer';
import { emptyComposer, insert, type ComposerState } from './composer-state';
import { t } from './i18n';
import { KEYMAP, matchAction, parseSlashCommand, type SlashCommand } from './keymap';
import { rankTemplates, type TemplateUsage } from './template-ranking';
import { splitGraphemes, wrapText } from './text-layout';

export type TemplatePickerProps = {
  templates: readonly Template[];
  usage: TemplateUsage;
  /** Filled into the text: at least 'customer.name' and 'operator.name'. */
  vars: TemplateVars;
  lang: Lang;
  width: number;
  listRows?: number;
  previewRows?: number;
  initialQuery?: string;
  /** The template's text with variables filled, raw (the composer's insert makes it safe). */
  onChoose: (text: string, template: Template) => void;
  onCommand: (command: SlashCommand) => void;
  onCancel: () => void;
};

export function TemplatePicker(props: TemplatePickerProps) {
  const { templates, usage, vars, lang, width, listRows = 5, previewRows = 4 } = props;
  // The query is edited with the composer's model and kept in a ref: ink-text-input computes each
  // key from the value of its last render, so keys arriving back to back (a fast typist, a slash
  // command typed into the picker) would be dropped.
  const state = useRef<{ query: ComposerState; selected: number }>({
    query: insert(emptyComposer, sanitizeLine(props.initialQuery ?? '')),
    selected: 0,
  });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const query = state.current.query.text;
  const selected = state.current.selected;
  const ranked = useMemo(() => rankTemplates(templates, query, usage), [templates, query, usage]);
  const command = asCommand(query);
  const current = ranked[Math.min(selected, ranked.length - 1)];

  useInput((input, key) => {
    const now = state.current;
    const rankedNow = rankTemplates(templates, now.query.text, usage);
    const set = (next: typeof now) => {
      state.current = next;
      rerender();
    };
    switch (matchAction(input, key, 'picker')?.action) {
      case 'picker.up':
        return set({ ...now, selected: Math.max(0, now.selected - 1) });
      case 'picker.down':
        return set({ ...now, selected: Math.max(0, Math.min(rankedNow.length - 1, now.selected + 1)) });
      case 'picker.cancel':
        return props.onCancel();
      case 'picker.choose': {
        const commandNow = asCommand(now.query.text);
        if (commandNow) return props.onCommand(commandNow);
        const chosen = rankedNow[Math.min(now.selected, rankedNow.length - 1)];
        if (chosen) return props.onChoose(renderTemplate(chosen.text, vars), chosen);
        return;
      }
      case 'app.quit': // the console's own handler quits, from every overlay
        return;
      case undefined: // not a picker key: it edits the query
        break;
    }
    if (key.return || key.upArrow || key.downArrow || key.tab) return;
    const edited =
      applyComposerKey(now.query, input, key, width) ??
      (/^[/?]$/.test(input) && !key.ctrl && !key.meta ? insert(now.query, input) : null);
    if (edited && edited.text !== now.query.text)
      set({ query: { text: sanitizeLine(edited.text), cursor: edited.cursor }, selected: 0 });
    else if (edited && edited !== now.query) set({ ...now, query: edited });
  });

  const top = Math.max(0, Math.min(selected, ranked.length - 1) - listRows + 1);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{t(lang, 'picker.title')}</Text>
      <Box>
        <Text>{t(lang, 'picker.query')}</Text>
        <Text>
          {splitGraphemes(query).slice(0, state.current.query.cursor).join('')}
          <Text inverse>{splitGraphemes(query)[state.current.query.cursor] ?? ' '}</Text>
          {splitGraphemes(query)
            .slice(state.current.query.cursor + 1)
            .join('')}
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
