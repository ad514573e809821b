// The panes around the composer whose content comes from the desk: the header of the open
// dialog, its transcript, and the bar above the composer with the reply mode and the last notice.
import { channelMark } from '../../shared/channel-kinds';
import { memo, useEffect } from 'react';
import { Box, Text } from 'ink';
import type { Lang, Message } from '../../shared/schemas';
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
  // A customer on several channels here: every thread's channel, the one answered on first.
  const threads = model.threadsOf(selected.id);
  const channels = [selected, ...threads.filter((thread) => thread.id !== selected.id)]
    .map((thread) => `${threadMark(model, thread.id)} ${sanitizeLine(thread.channelId, { maxLength: 30 })}`)
    .join(' + ');
  const rest = `${waiting} · ${channels}`;
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
  // One customer's threads read as one conversation, each message marked with its channel.
  const threads = selected ? model.threadsOf(selected.id) : [];
  const several = threads.length > 1;
  const window = selected
    ? transcriptWindow({
        messages: model.shownTranscript(selected.id),
        pending: several ? threads.flatMap((thread) => model.pending(thread.id)) : model.pending(selected.id),
        markerAfter: model.markers.has(selected.id) ? model.markers.get(selected.id) : undefined,
        customerReadUpTo: selected.customerReadUpTo,
        ...(several && { readIn: selected.id }),
        complete: model.isShownComplete(selected.id),
        width,
        height,
        scroll,
        context: {
          me: model.operator?.id ?? null,
          lang,
          ...(several && { channelOf: (message: Message) => threadMark(model, message.conversationId) }),
        },
      })
    : null;
  useEffect(() => {
    if (!window || !selected) return;
    if (window.scroll !== scroll) onScroll(window.scroll);
    // Scrolled to the bottom, the newest messages are on screen: the customer may see "read".
    else if (window.scroll === 0) model.viewedToEnd(selected.id);
    if (window.atTop && scroll > 0)
      for (const thread of model.threadsOf(selected.id))
        if (!model.isComplete(thread.id)) void model.loadEarlier(thread.id);
  });
  return (
    <Box flexDirection="column" height={height}>
      {window ? <TranscriptLines lines={window.lines} width={width} /> : null}
    </Box>
  );
});

/** A thread's channel mark, as the hotlist shows it; the kind comes from the server, so it is sanitised. */
export function threadMark(model: DeskModel, conversationId: string): string {
  return sanitizeLine(channelMark(model.conversations.get(conversationId)?.channelKind), { maxLength: 8 });
}

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
  via = null,
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
  /** The channel the answer goes out on, where the customer has several threads here ("via Telegram"). */
  via?: string | null;
}) {
  const viaText = via && !readOnly ? ` ${t(lang, 'bar.via')} ${via}` : '';
  // Read-only, the bar names where Esc goes back to, never a reply that cannot be written here.
  const action = readOnly ? `${t(lang, 'readonly.title')} · Esc` : t(lang, isNote ? 'bar.note' : 'bar.reply');
  const mode = `── ${target ? `${action} → ${target}${viaText}` : t(lang, 'bar.noDialog')} `;
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
