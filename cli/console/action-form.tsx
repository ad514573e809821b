// A small modal form for the actions that take arguments: resolve (tag, outcome), transfer
// (target, note) and call-back (phone, reason). Text fields are ink-text-input (short fields,
// STACK.md); a list field cycles with ←/→. Keys come from the keymap's 'form' context.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { t, type UiStringKey } from './i18n';
import { matchAction } from './keymap';
import { fitToWidth } from './text-layout';

export type FormField =
  | { name: string; label: UiStringKey; kind: 'text'; initial?: string }
  | { name: string; label: UiStringKey; kind: 'choice'; options: Array<{ value: string; label: string }> };

export type FormSpec = { title: UiStringKey; fields: FormField[] };

export type FormValues = Record<string, string>;

export type ActionFormProps = {
  spec: FormSpec;
  lang: Lang;
  width: number;
  onSubmit: (values: FormValues) => void;
  onCancel: () => void;
};

export function ActionForm({ spec, lang, width, onSubmit, onCancel }: ActionFormProps) {
  const [focus, setFocus] = useState(0);
  const [values, setValues] = useState<FormValues>(() =>
    Object.fromEntries(spec.fields.map((field) => [field.name, field.kind === 'text' ? (field.initial ?? '') : (field.options[0]?.value ?? '')])),
  );
  const field = spec.fields[focus];

  useInput((input, key) => {
    const match = matchAction(input, key, 'form');
    switch (match?.action) {
      case 'form.next':
        return setFocus((index) => (index + 1) % spec.fields.length);
      case 'form.prev':
        return setFocus((index) => (index - 1 + spec.fields.length) % spec.fields.length);
      case 'form.optionPrev':
      case 'form.optionNext': {
        if (field.kind !== 'choice' || field.options.length === 0) return;
        const at = field.options.findIndex((option) => option.value === values[field.name]);
        const step = match.action === 'form.optionNext' ? 1 : -1;
        const next = field.options[(at + step + field.options.length) % field.options.length];
        return setValues((current) => ({ ...current, [field.name]: next.value }));
      }
      case 'form.submit':
        return onSubmit(values);
      case 'form.cancel':
        return onCancel();
    }
  });

  const labelWidth = Math.max(...spec.fields.map((f) => t(lang, f.label).length)) + 2;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{t(lang, spec.title)}</Text>
      {spec.fields.map((f, index) => (
        <Box key={f.name}>
          <Text bold={index === focus}>{fitToWidth(`${index === focus ? '›' : ' '}${t(lang, f.label)}:`, labelWidth)}</Text>
          {f.kind === 'text' ? (
            <TextInput
              value={values[f.name]}
              focus={index === focus}
              showCursor={index === focus}
              onChange={(next) => setValues((current) => ({ ...current, [f.name]: sanitizeLine(next, { maxLength: 500 }) }))}
            />
          ) : (
            <Text wrap="truncate-end">
              {index === focus ? '‹ ' : '  '}
              <Text inverse={index === focus}>{sanitizeLine(f.options.find((o) => o.value === values[f.name])?.label ?? '—')}</Text>
              {index === focus ? ` › (${f.options.findIndex((o) => o.value === values[f.name]) + 1}/${f.options.length})` : ''}
            </Text>
          )}
        </Box>
      ))}
      <Text dimColor wrap="truncate-end">
        {t(lang, 'form.hint')}
      </Text>
    </Box>
  );
}
