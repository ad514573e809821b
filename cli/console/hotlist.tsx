// The hotlist (left pane): the operator's dialogs, most urgent first, each with its number (kept
// until the dialog closes, whatever the order does: dialog-numbers.ts; Alt+N opens it), an SLA mark that reads without colour ("!!" breached, "! " near), the customer's
// name, channel, how long the customer has waited, unread messages, and ✎ while the customer types.
import { channelMark } from '../../shared/channel-kinds';
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { Conversation, Lang } from '../../shared/schemas';
import { slaMark, type SlaMark } from '../../shared/sla-mark';
import { sanitizeLine } from '../../shared/terminal-text';
import { formatWait, timerLabel } from '../../shared/timer-label';
import { t } from './i18n';
import { fitToWidth } from './text-layout';

export const SLA_MARKS: Record<SlaMark, string> = { breached: '!!', near: '! ', ok: '  ', none: '  ' };
const SLA_COLOURS: Record<SlaMark, string | undefined> = {
  breached: 'red',
  near: 'yellow',
  ok: 'green',
  none: undefined,
};

export { formatWait, timerLabel };

export function conversationSla(conversation: Conversation, now: number): SlaMark {
  return slaMark(now, conversation.slaDueAt, conversation.slaTargetMs ?? 0);
}

export function customerLabel(conversation: Conversation, lang: Lang): string {
  const name = conversation.customerName?.trim();
  return sanitizeLine(name ? name : `${t(lang, 'author.customer')} ${shortContact(conversation.contactId)}`, {
    maxLength: 80,
  });
}

/**
 * A contact id as a person tells one from another: an address or a number as it is, an opaque
 * token (an anonymous web chat visitor's) by its last characters only.
 */
function shortContact(contactId: string): string {
  return /^[A-Za-z0-9_-]{16,}$/.test(contactId) ? `…${contactId.slice(-6)}` : contactId;
}

export type HotlistEntry = {
  id: string;
  number: number;
  mark: SlaMark;
  name: string;
  channel: string;
  wait: string;
  unread: number;
  /** The customer is typing (issue 15): "✎" after the name. */
  typing: boolean;
  /** Issue 17: time left until reassignment (↻) or the idle close (⏾), or ⏸ on hold. */
  timer: string;
};

/** What the hotlist asks of the desk besides the dialogs. */
export type HotlistDesk = {
  unread(id: string): number;
  numberOf(id: string): number | null;
  isTyping?(id: string): boolean;
};

export function hotlistEntries(
  conversations: readonly Conversation[],
  desk: HotlistDesk,
  now: number,
  lang: Lang,
): HotlistEntry[] {
  return conversations.map((conversation, index) => ({
    id: conversation.id,
    number: desk.numberOf(conversation.id) ?? index + 1,
    mark: conversationSla(conversation, now),
    name: customerLabel(conversation, lang),
    channel: `${channelMark(conversation.channelKind)} ${sanitizeLine(conversation.channelId, { maxLength: 36 })}`,
    wait: conversation.waitingSince === null ? '' : formatWait(now - conversation.waitingSince),
    unread: desk.unread(conversation.id),
    typing: desk.isTyping?.(conversation.id) ?? false,
    timer: timerLabel(conversation, now),
  }));
}

export type HotlistProps = {
  entries: readonly HotlistEntry[];
  selectedId: string | null;
  width: number;
  height: number;
  lang: Lang;
};

export const Hotlist = memo(function Hotlist({ entries, selectedId, width, height, lang }: HotlistProps) {
  if (entries.length === 0) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold>{fitToWidth(t(lang, 'hotlist.title'), width)}</Text>
        <Text dimColor wrap="wrap">
          {t(lang, 'hotlist.empty')}
        </Text>
      </Box>
    );
  }
  // Two rows per dialog while they fit (name, then channel and timer); one row each when not.
  const rowsEach = entries.length * 2 <= height - 1 ? 2 : 1;
  const capacity = Math.max(1, Math.floor((height - 1) / rowsEach));
  const selectedIndex = Math.max(
    0,
    entries.findIndex((entry) => entry.id === selectedId),
  );
  const top = Math.max(0, Math.min(selectedIndex - capacity + 1, entries.length - capacity));
  const shown = entries.slice(top, top + capacity);
  const more = entries.length - capacity;
  const numberWidth = String(Math.max(...entries.map((entry) => entry.number))).length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>
        {fitToWidth(
          `${t(lang, 'hotlist.title')} ${entries.length}${more > 0 ? ` (+${top > 0 ? '↑' : ''}${top + capacity < entries.length ? '↓' : ''})` : ''}`,
          width,
        )}
      </Text>
      {shown.map((entry) => (
        <HotlistRow
          key={entry.id}
          entry={entry}
          selected={entry.id === selectedId}
          width={width}
          twoRows={rowsEach === 2}
          numberWidth={numberWidth}
        />
      ))}
    </Box>
  );
});

function HotlistRow({
  entry,
  selected,
  width,
  twoRows,
  numberWidth,
}: {
  entry: HotlistEntry;
  selected: boolean;
  width: number;
  twoRows: boolean;
  /** Digits of the highest number shown, so names line up past #9. */
  numberWidth: number;
}) {
  const pointer = selected ? '›' : ' ';
  const number = String(entry.number).padStart(numberWidth);
  const unread = `${entry.typing ? '✎' : ''}${entry.unread > 0 ? `(${entry.unread > 99 ? '99+' : entry.unread})` : ''}`;
  const head = `${pointer}${number} `;
  const tail = twoRows
    ? unread
    : `${entry.wait ? ` ${entry.wait}` : ''}${entry.timer ? ` ${entry.timer}` : ''}${unread ? ` ${unread}` : ''}`;
  const nameWidth = Math.max(1, width - head.length - 3 - tail.length);
  const first = (
    <Text inverse={selected} wrap="truncate-end">
      {head}
      <Text color={SLA_COLOURS[entry.mark]} bold={entry.mark === 'breached'}>
        {SLA_MARKS[entry.mark]}
      </Text>{' '}
      {fitToWidth(entry.name, nameWidth)}
      <Text bold={entry.unread > 0} color={entry.typing ? 'cyan' : undefined}>
        {tail}
      </Text>
    </Text>
  );
  if (!twoRows) return first;
  const wait = `${entry.wait ? ` ${entry.wait}` : ''}${entry.timer ? ` ${entry.timer}` : ''}`;
  return (
    <>
      {first}
      <Text dimColor wrap="truncate-end">
        {' '.repeat(4 + numberWidth)}
        {fitToWidth(entry.channel, Math.max(1, width - 4 - numberWidth - wait.length))}
        {wait}
      </Text>
    </>
  );
}
