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
import { visitorPageLine } from './visitor-page';

export const DialogHeader = memo(function DialogHeader({
  model,
  width,
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
  // Right after the name: the operator may want to wait for the rest before answering.
  const typing = model.signals.isTyping(selected.id) ? ` · ✎ ${t(lang, 'transcript.typing')}` : '';
  const header = (
    <Text bold wrap="truncate-end">
      {`${strip}#${number} ${customerLabel(selected, lang)}`}
      <Text color="cyan">{typing}</Text>
      {sla ? ' ·' : ''}
      <Text color={mark === 'breached' ? 'red' : mark === 'near' ? 'yellow' : 'green'}>{sla}</Text>
      {rest}
    </Text>
  );
  if (!selected.visitorPage) return header;
  return (
    <Box flexDirection="column">
      {header}
      <Text dimColor wrap="truncate-end">
        {visitorPageLine(selected.visitorPage, width, lang)}
      </Text>
    </Box>
  );
});

/** Rows the header takes: one more for the page a web chat visitor is on. */
export const dialogHeaderRows = (selected: DeskModel['selected']) => (selected?.visitorPage ? 2 : 1);

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
        customerReadUpTo: selected.customerReadUpTo,
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
    // Scrolled to the bottom, the newest messages are on screen: the customer may see "read".
    else if (window.scroll === 0) model.viewedToEnd(selected.id);
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
  replyWindow = null,
  count = null,
  readOnly = false,
}: {
  width: number;
  lang: Lang;
  isNote: boolean;
  target: string | null;
  notice: DeskModel['notice'];
  /** Misspelt words in the draft: counted here, underlined in the composer. */
  misspelt?: number;
  /** What the dialog's reply window allows now ("WhatsApp window: 3h 12m"); null: no window. */
  replyWindow?: string | null;
  /** What the draft comes to against the dialog's channel's limits (composer-count.ts). */
  count?: string | null;
  /** A transcript is open read-only (read-only-view.ts): nothing is written from here. */
  readOnly?: boolean;
}) {
  // Read-only, the bar names where Esc goes back to, never a reply that cannot be written here.
  const action = readOnly ? `${t(lang, 'readonly.title')} · Esc` : t(lang, isNote ? 'bar.note' : 'bar.reply');
  const mode = `── ${target ? `${action} → ${target}` : t(lang, 'bar.noDialog')} `;
  const counted = count ? `── ${count} ` : '';
  const spelling = misspelt > 0 ? `── ${misspelt} ${t(lang, 'spelling.flagged')} ` : '';
  const window = replyWindow ? `── ${replyWindow} ` : '';
  const noticeText = notice
    ? `── ${notice.kind === 'error' ? '✗' : '✓'} ${sanitizeLine(notice.text, { maxLength: 200 })} `
    : '';
  const fill = Math.max(
    0,
    width - textWidth(mode) - textWidth(window) - textWidth(counted + spelling) - textWidth(noticeText),
  );
  return (
    <Text wrap="truncate-end">
      <Text inverse={isNote} color={isNote ? 'yellow' : undefined} bold>
        {mode}
      </Text>
      {window}
      {counted}
      {spelling}
      <Text color={notice?.kind === 'error' ? 'red' : 'green'}>{noticeText}</Text>
      <Text dimColor>{'─'.repeat(fill)}</Text>
    </Text>
  );
}
