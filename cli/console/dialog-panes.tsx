// The panes around the composer whose content comes from the desk: the header of the open
// dialog, its transcript, and the bar above the composer with the reply mode and the last notice.
import { channelMark } from '../../shared/channel-kinds';
import { memo, useEffect } from 'react';
import { Box, Text } from 'ink';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import type { DeskModel } from './desk-model';
import { conversationSla, customerLabel, formatWait, SLA_MARKS } from './hotlist';
import { t } from './i18n';
import { textWidth } from './text-layout';
import { transcriptWindow, TranscriptLines } from './transcript';

export const DialogHeader = memo(function DialogHeader({
  model,
  at,
  lang,
  compact,
  entries,
}: {
  model: DeskModel;
  version: number;
  width: number;
  at: number;
  lang: Lang;
  compact: boolean;
  entries: string[];
}) {
  const selected = model.selected;
  const strip = compact && entries.length > 0 ? `[${entries.join(' ')}] ` : '';
  if (!selected)
    return (
      <Text bold wrap="truncate-end">
        {strip}
        {t(lang, 'transcript.none')}
      </Text>
    );
  const number = model.numberOf(selected.id);
  const mark = conversationSla(selected, at);
  // Most important first, since a narrow pane cuts the end: who, how late, then where from.
  const sla = mark === 'none' ? '' : ` ${SLA_MARKS[mark].trim() || '✓'} ${t(lang, `sla.${mark}`)}`;
  const waiting =
    selected.waitingSince === null
      ? ''
      : ` · ${t(lang, 'transcript.waiting')} ${formatWait(at - selected.waitingSince)}`;
  const rest = `${waiting} · ${channelMark(selected.channelKind)} ${sanitizeLine(selected.channelId, { maxLength: 30 })}`;
  return (
    <Text bold wrap="truncate-end">
      {`${strip}#${number} ${customerLabel(selected, lang)}${sla ? ' ·' : ''}`}
      <Text color={mark === 'breached' ? 'red' : mark === 'near' ? 'yellow' : 'green'}>{sla}</Text>
      {rest}
    </Text>
  );
});

export const TranscriptPane = memo(function TranscriptPane({
  model,
  width,
  height,
  scroll,
  onScroll,
  lang,
}: {
  model: DeskModel;
  version: number;
  width: number;
  height: number;
  scroll: number;
  onScroll: (n: number) => void;
  lang: Lang;
}) {
  const selected = model.selected;
  const window = selected
    ? transcriptWindow({
        messages: model.transcript(selected.id),
        pending: model.pending(selected.id),
        markerAfter: model.markers.has(selected.id) ? model.markers.get(selected.id) : undefined,
        complete: model.isComplete(selected.id),
        width,
        height,
        scroll,
        context: { me: model.operator?.id ?? null, lang },
      })
    : null;
  useEffect(() => {
    if (!window || !selected) return;
    if (window.scroll !== scroll) onScroll(window.scroll);
    if (window.atTop && scroll > 0 && !model.isComplete(selected.id)) void model.loadEarlier(selected.id);
  });
  return (
    <Box flexDirection="column" height={height}>
      {window ? <TranscriptLines lines={window.lines} width={width} /> : null}
    </Box>
  );
});

export function ComposerBar({
  width,
  lang,
  isNote,
  target,
  notice,
  misspelt = 0,
  count = null,
}: {
  width: number;
  lang: Lang;
  isNote: boolean;
  target: string | null;
  notice: DeskModel['notice'];
  /** Misspelt words in the draft: counted here, underlined in the composer. */
  misspelt?: number;
  /** What the draft costs on the dialog's channel (sms-count.ts). */
  count?: string | null;
}) {
  const mode = `── ${target ? `${t(lang, isNote ? 'bar.note' : 'bar.reply')} → ${target}` : t(lang, 'bar.noDialog')} `;
  const counted = count ? `── ${count} ` : '';
  const spelling = misspelt > 0 ? `── ${misspelt} ${t(lang, 'spelling.flagged')} ` : '';
  const noticeText = notice
    ? `── ${notice.kind === 'error' ? '✗' : '✓'} ${sanitizeLine(notice.text, { maxLength: 200 })} `
    : '';
  const fill = Math.max(0, width - textWidth(mode) - textWidth(counted + spelling) - textWidth(noticeText));
  return (
    <Text wrap="truncate-end">
      <Text inverse={isNote} color={isNote ? 'yellow' : undefined} bold>
        {mode}
      </Text>
      {counted + spelling}
      <Text color={notice?.kind === 'error' ? 'red' : 'green'}>{noticeText}</Text>
      <Text dimColor>{'─'.repeat(fill)}</Text>
    </Text>
  );
}
