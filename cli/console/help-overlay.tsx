// The help overlay: every binding of the keymap table, grouped by where it works, in English or
// Russian. It is generated from keymap.ts alone, so it cannot drift from what the keys do. In the
// demo's console it also says, above the keys, how to attach a dashboard to the running demo.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Lang } from '../../shared/schemas';
import { ATTACH_DASHBOARD_COMMAND } from '../demo/attach-dashboard';
import { t, type UiStringKey } from './i18n';
import { KEYMAP, bindingKeysLabel, matchAction, type KeyContext } from './keymap';
import { textWidth, wrapText } from './text-layout';

const CONTEXTS: readonly KeyContext[] = [
  'global',
  'composer',
  'card',
  'readonly',
  'picker',
  'kb',
  'search',
  'spelling',
  'form',
  'help',
];
const HEADINGS: Record<KeyContext, UiStringKey> = {
  global: 'help.context.global',
  composer: 'help.context.composer',
  picker: 'help.context.picker',
  kb: 'help.context.kb',
  search: 'help.context.search',
  spelling: 'help.context.spelling',
  form: 'help.context.form',
  help: 'help.context.help',
  card: 'help.context.card',
  readonly: 'help.context.readonly',
};
const KEY_COLUMN = 22;

export type HelpLine = { heading: boolean; text: string };

/** The overlay's content, one entry per screen row: a heading per context, a row per binding. */
export function helpLines(lang: Lang): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const context of CONTEXTS) {
    lines.push({ heading: true, text: t(lang, HEADINGS[context]) });
    for (const binding of KEYMAP.filter((candidate) => candidate.context === context)) {
      const args = binding.slashArgs ? ` ${binding.slashArgs[lang]}` : '';
      const slash = binding.slash ? `  /${binding.slash}${args}` : '';
      lines.push({
        heading: false,
        text: `  ${bindingKeysLabel(binding).padEnd(KEY_COLUMN)}${binding.description[lang]}${slash}`,
      });
    }
  }
  return lines;
}

/**
 * The demo's "attach a dashboard" line; where it does not fit, the command goes on rows of its
 * own, wrapped rather than cut: it is there to be copied whole.
 */
export function attachDashboardRows(lang: Lang, width: number): string[] {
  return labelledRows(`${t(lang, 'help.demoDashboard')}:`, ATTACH_DASHBOARD_COMMAND, width);
}

/** The demo's shop page, to open in a browser and chat into this console as a customer. */
export function demoSiteRows(lang: Lang, width: number, url: string): string[] {
  return labelledRows(`${t(lang, 'help.demoSite')}:`, url, width);
}

function labelledRows(label: string, value: string, width: number): string[] {
  const line = `${label} ${value}`;
  if (textWidth(line) <= width) return [line];
  return [...wrapText(label, width), ...wrapText(value, width)];
}

export type HelpOverlayProps = {
  lang: Lang;
  width: number;
  /** Rows available, including the title and the hint line. */
  height: number;
  /** The console runs as `textdesk demo`. */
  demo?: boolean;
  /** The demo's shop page with the chat widget. */
  demoSite?: string;
  onClose: () => void;
};

export function HelpOverlay({ lang, width, height, demo = false, demoSite, onClose }: HelpOverlayProps) {
  const lines = helpLines(lang);
  const demoRows = demo
    ? [...(demoSite ? demoSiteRows(lang, width, demoSite) : []), ...attachDashboardRows(lang, width)]
    : [];
  const visible = Math.max(1, height - 2 - demoRows.length);
  const lastTop = Math.max(0, lines.length - visible);
  const [top, setTop] = useState(0);

  useInput((input, key) => {
    switch (matchAction(input, key, 'help')?.action) {
      case 'help.scrollUp':
        return setTop((row) => Math.max(0, row - 1));
      case 'help.scrollDown':
        return setTop((row) => Math.min(lastTop, row + 1));
      case 'help.close':
        return onClose();
      case 'app.quit': // the console's own handler quits, from every overlay
      case undefined:
        return;
    }
  });

  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{t(lang, 'help.title')}</Text>
      {demoRows.map((row, index) => (
        <Text key={`demo-${index}`}>{row}</Text>
      ))}
      {lines.slice(top, top + visible).map((line, index) => (
        <Text key={top + index} bold={line.heading} wrap="truncate-end">
          {line.text}
        </Text>
      ))}
      <Text dimColor>{t(lang, 'help.hint')}</Text>
    </Box>
  );
}
