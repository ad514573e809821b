// A small modal form for the actions that take arguments: resolve (tag, outcome), transfer
// (target, note) and call-back (phone, reason). A list field cycles with ←/→; so does a text field
// with values used before (the outcome), while it is empty or holds one of them. Text fields edit
// with the composer's model (grapheme cursor, the composer's editing keys) rather than
// ink-text-input, which computes each keystroke from the value of its last render and so drops
// characters typed faster than a frame (two keys in one chunk). Form keys come from the keymap's
// 'form' context; the state lives in a ref for the same reason.
//
// A field's value is data, not screen text: what was typed or pre-filled (the call-back's phone,
// from the customer's card) is kept as it is and sent as it is; each grapheme is drawn through
// the terminal allow-list, so a control character shows as ^[ on screen and nowhere else.
import { useReducer, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { applyComposerKey } from './composer';
import { emptyComposer, insertVerbatim, type ComposerState } from './composer-state';
import { t, type UiStringKey } from './i18n';
import { matchAction } from './keymap';
import { fitToWidth, splitGraphemes } from './text-layout';

export type FormField = (
  | {
      name: string;
      label: UiStringKey;
      kind: 'text';
      initial?: string;
      suggestions?: readonly string[];
      /**
       * Matches for what was typed, asked as it changes (/new's customer search): listed under the
       * field; ↑/↓ highlight one and Enter puts its value in the field. Enter never submits while
       * a match is highlighted (a picker whose Enter sent was a defect once).
       */
      lookup?: (text: string) => Promise<LookupOption[]>;
    }
  | { name: string; label: UiStringKey; kind: 'choice'; options: Array<{ value: string; label: string }> }
) & {
  /** Shown after the label (a template parameter's number). */
  labelSuffix?: string;
};

export type FormSpec = { title: UiStringKey; fields: FormField[] };

export type LookupOption = { value: string; label: string };

/** A lookup's answer for a field: the matches for `query`, and the highlighted one (-1: none yet). */
type Found = { field: string; query: string; options: LookupOption[]; at: number };

/** Lookups start from this many characters; fewer find too much to be a list. */
const LOOKUP_MIN = 2;
/** Matches shown under the field. */
const LOOKUP_ROWS = 6;

export type FormValues = Record<string, string>;

/** The most a text field sends, in UTF-16 units (cut between graphemes): longer is surely a stray paste. */
const FIELD_MAX_LENGTH = 500;

export type ActionFormProps = {
  spec: FormSpec;
  lang: Lang;
  width: number;
  onSubmit: (values: FormValues) => void;
  onCancel: () => void;
};

export function ActionForm({ spec, lang, width, onSubmit, onCancel }: ActionFormProps) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [initial] = useState(() => ({
    focus: 0,
    choices: Object.fromEntries(
      spec.fields.map((f) => [f.name, f.kind === 'choice' ? (f.options[0]?.value ?? '') : '']),
    ) as FormValues,
    texts: Object.fromEntries(
      spec.fields.flatMap((f) =>
        f.kind === 'text' ? [[f.name, f.initial ? insertVerbatim(emptyComposer, f.initial) : emptyComposer]] : [],
      ),
    ) as Record<string, ComposerState>,
  }));
  const state = useRef<typeof initial & { found: Found | null }>({ ...initial, found: null });
  const labelOf = (f: FormField) => `${t(lang, f.label)}${f.labelSuffix ?? ''}`;
  const labelWidth = Math.max(...spec.fields.map((f) => labelOf(f).length)) + 2;
  const fieldWidth = Math.max(4, width - labelWidth);

  useInput((input, key) => {
    const current = state.current;
    const field = spec.fields[current.focus];
    const match = matchAction(input, key, 'form');
    const set = (patch: Partial<typeof current>) => {
      state.current = { ...current, ...patch };
      rerender();
    };
    const found = current.found?.field === field.name && current.found.options.length > 0 ? current.found : null;
    if (found) {
      // The list under the field takes ↑/↓, Enter and Esc while it is shown; Tab still moves on.
      if (match?.action === 'form.next' && key.downArrow)
        return set({ found: { ...found, at: Math.min(found.at + 1, found.options.length - 1) } });
      if (match?.action === 'form.prev') return set({ found: { ...found, at: Math.max(found.at - 1, -1) } });
      if (match?.action === 'form.cancel') return set({ found: null });
      if (match?.action === 'form.submit' && found.at >= 0)
        return set({
          found: null,
          texts: { ...current.texts, [field.name]: insertVerbatim(emptyComposer, found.options[found.at].value) },
        });
    }
    switch (match?.action) {
      case 'form.next':
        return set({ focus: (current.focus + 1) % spec.fields.length });
      case 'form.prev':
        return set({ focus: (current.focus - 1 + spec.fields.length) % spec.fields.length });
      case 'form.optionPrev':
      case 'form.optionNext': {
        if (field.kind === 'text') {
          const next = suggested(field, current.texts[field.name].text, match.action === 'form.optionNext' ? 1 : -1);
          if (next === null) break; // typed text: ←/→ move the cursor, below
          return set({ texts: { ...current.texts, [field.name]: insertVerbatim(emptyComposer, next) } });
        }
        if (field.options.length === 0) return;
        const at = field.options.findIndex((option) => option.value === current.choices[field.name]);
        const step = match.action === 'form.optionNext' ? 1 : -1;
        const next = field.options[(at + step + field.options.length) % field.options.length];
        return set({ choices: { ...current.choices, [field.name]: next.value } });
      }
      case 'form.submit':
        return onSubmit({
          ...current.choices,
          ...Object.fromEntries(
            Object.entries(current.texts).map(([name, value]) => [name, capped(value.text, FIELD_MAX_LENGTH)]),
          ),
        });
      case 'form.cancel':
        return onCancel();
      case 'app.quit': // the console's own handler quits, from every overlay
        return;
      case undefined: // not a form key: it edits a text field
        break;
    }
    if (field.kind !== 'text') return;
    const value = current.texts[field.name];
    // "/" and "?" open the picker and the help only from the composer; here they are text.
    const edited =
      applyComposerKey(value, input, key, fieldWidth, { verbatim: true }) ??
      (/^[/?]$/.test(input) && !key.ctrl && !key.meta ? insertVerbatim(value, input) : null);
    // One line: a pasted line break becomes a space (CRLF is one grapheme, so the cursor holds).
    if (edited && edited !== current.texts[field.name]) {
      const oneLine = /[\r\n]/.test(edited.text)
        ? { text: edited.text.replace(/\r\n|[\r\n]/g, ' '), cursor: edited.cursor }
        : edited;
      set({ texts: { ...current.texts, [field.name]: oneLine }, found: null });
      if (field.lookup) lookUp(field, oneLine.text);
    }
  });

  /** Asks for matches; an answer for text the field no longer holds is dropped. */
  const lookUp = (field: Extract<FormField, { kind: 'text' }>, text: string) => {
    const query = text.trim();
    if (query.length < LOOKUP_MIN || query.startsWith('#')) return;
    field.lookup!(query).then(
      (options) => {
        if (state.current.texts[field.name]?.text.trim() !== query) return;
        state.current = { ...state.current, found: { field: field.name, query, options, at: -1 } };
        rerender();
      },
      // No list: the operator can still type the address or #id whole.
      () => undefined,
    );
  };

  const { focus, choices, texts, found } = state.current;
  const focused = spec.fields[focus];
  const list = found && found.field === focused.name && found.options.length > 0 ? found : null;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{t(lang, spec.title)}</Text>
      {spec.fields.map((f, index) => (
        <Box key={f.name}>
          <Text bold={index === focus}>{fitToWidth(`${index === focus ? '›' : ' '}${labelOf(f)}:`, labelWidth)}</Text>
          {f.kind === 'text' ? (
            <TextField state={texts[f.name]} focused={index === focus} />
          ) : (
            <Text wrap="truncate-end">
              {index === focus ? '‹ ' : '  '}
              <Text inverse={index === focus}>
                {sanitizeLine(f.options.find((o) => o.value === choices[f.name])?.label ?? '—')}
              </Text>
              {index === focus
                ? ` › (${f.options.findIndex((o) => o.value === choices[f.name]) + 1}/${f.options.length})`
                : ''}
            </Text>
          )}
        </Box>
      ))}
      {list
        ? list.options
            .slice(Math.max(0, list.at - LOOKUP_ROWS + 1), Math.max(LOOKUP_ROWS, list.at + 1))
            .map((option) => {
              const highlighted = list.options[list.at] === option;
              // A mark as well as inverse: the highlight reads without colour or reverse video.
              return (
                <Text key={option.value} wrap="truncate-end" inverse={highlighted}>
                  {`${' '.repeat(labelWidth - 2)}${highlighted ? '› ' : '  '}${sanitizeLine(option.label)}`}
                </Text>
              );
            })
        : null}
      {focused.kind === 'text' && focused.suggestions?.length ? (
        <Text dimColor wrap="truncate-end">
          {sanitizeLine(`${t(lang, 'form.usedBefore')}: ${focused.suggestions.join(' · ')}`, { maxLength: width * 2 })}
        </Text>
      ) : null}
      <Text dimColor wrap="truncate-end">
        {t(lang, list ? 'form.hintLookup' : hintFor(focused))}
      </Text>
    </Box>
  );
}

/** The form's key hint for the focused field: "←→ choose" only where ←/→ do choose. */
function hintFor(field: FormField): UiStringKey {
  if (field.kind === 'choice') return 'form.hint';
  return field.suggestions?.length ? 'form.hintSuggest' : 'form.hintText';
}

/**
 * The value ←/→ put in a text field with suggestions: the next (or previous) one, starting from
 * the first (or last); null while the field holds typed text, where the arrows move the cursor.
 */
function suggested(field: Extract<FormField, { kind: 'text' }>, text: string, step: 1 | -1): string | null {
  const options = field.suggestions ?? [];
  if (options.length === 0) return null;
  if (text === '') return step === 1 ? options[0] : options[options.length - 1];
  const at = options.indexOf(text);
  if (at < 0) return null;
  return options[(at + step + options.length) % options.length];
}

/** `text` cut to at most `max` UTF-16 units, between graphemes. */
function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const grapheme of splitGraphemes(text)) {
    if (kept.length + grapheme.length > max) break;
    kept += grapheme;
  }
  return kept;
}

/** The value drawn grapheme by grapheme through the allow-list, so the cursor counts what is sent. */
function TextField({ state, focused }: { state: ComposerState; focused: boolean }) {
  const graphemes = splitGraphemes(state.text).map((grapheme) => sanitizeLine(grapheme));
  if (!focused) return <Text wrap="truncate-start">{graphemes.join('')}</Text>;
  return (
    <Text wrap="truncate-start">
      {graphemes.slice(0, state.cursor).join('')}
      <Text inverse>{graphemes[state.cursor] ?? ' '}</Text>
      {graphemes.slice(state.cursor + 1).join('')}
    </Text>
  );
}
