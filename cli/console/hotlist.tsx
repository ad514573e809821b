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
import { customerGroups, groupRows, visibleGroups, worstMark } from './hotlist-groups';
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
  /** Threads of one customer stand together in the hotlist and are drawn as one customer. */
  customerId: string;
  number: number;
  mark: SlaMark;
  name: string;
  channel: string;
  /** The channel's mark alone ("TG"), for a customer's threads on one row. */
  channelMark: string;
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
    customerId: conversation.customerId,
    number: desk.numberOf(conversation.id) ?? index + 1,
    mark: conversationSla(conversation, now),
    name: customerLabel(conversation, lang),
    channel: `${sanitizeLine(channelMark(conversation.channelKind), { maxLength: 8 })} ${sanitizeLine(conversation.channelId, { maxLength: 36 })}`,
    channelMark: sanitizeLine(channelMark(conversation.channelKind), { maxLength: 8 }),
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
  const groups = customerGroups(entries);
  // Two rows per dialog while they fit (name, then channel and timer; a customer on several
  // channels: the name, then a row per thread); one row each when not.
  const twoRows = groups.reduce((rows, group) => rows + groupRows(group, true), 0) <= height - 1;
  const { top, end } = visibleGroups(
    groups.map((group) => groupRows(group, twoRows)),
    Math.max(
      0,
      groups.findIndex((group) => group.some((entry) => entry.id === selectedId)),
    ),
    Math.max(1, height - 1),
  );
  const numberWidth = String(Math.max(...entries.map((entry) => entry.number))).length;
  const hidden = top > 0 || end < groups.length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>
        {fitToWidth(
          `${t(lang, 'hotlist.title')} ${entries.length}${hidden ? ` (+${top > 0 ? '↑' : ''}${end < groups.length ? '↓' : ''})` : ''}`,
          width,
        )}
      </Text>
      {groups
        .slice(top, end)
        .map((group) =>
          group.length === 1 ? (
            <HotlistRow
              key={group[0].id}
              entry={group[0]}
              selected={group[0].id === selectedId}
              width={width}
              twoRows={twoRows}
              numberWidth={numberWidth}
            />
          ) : (
            <CustomerRows
              key={group[0].id}
              threads={group}
              selectedId={selectedId}
              width={width}
              twoRows={twoRows}
              numberWidth={numberWidth}
            />
          ),
        )}
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
  const number = String(entry.number).padStart(numberWidth);
  const first = (
    <NameRow
      head={`${selected ? '›' : ' '}${number} `}
      mark={entry.mark}
      name={entry.name}
      unread={entry.unread}
      typing={entry.typing}
      wait={twoRows ? null : waitOf(entry)}
      selected={selected}
      width={width}
    />
  );
  if (!twoRows) return first;
  const wait = waitOf(entry);
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

/**
 * One customer with several threads here (issue 18 §1): their name once, then each thread with its
 * number, channel and wait, "▸" on the one the answer goes out on. On one row: the name and the
 * threads' channel marks.
 */
function CustomerRows({
  threads,
  selectedId,
  width,
  twoRows,
  numberWidth,
}: {
  threads: readonly HotlistEntry[];
  selectedId: string | null;
  width: number;
  twoRows: boolean;
  numberWidth: number;
}) {
  const selected = threads.some((thread) => thread.id === selectedId);
  const mark = worstMark(threads.map((thread) => thread.mark));
  const unread = threads.reduce((sum, thread) => sum + thread.unread, 0);
  const typing = threads.some((thread) => thread.typing);
  const marks = threads.map((thread) => thread.channelMark).join('+');
  const name = (
    <NameRow
      head={`${selected ? '›' : ' '}${twoRows ? ' '.repeat(numberWidth) : String(threads[0].number).padStart(numberWidth)} `}
      mark={mark}
      name={twoRows ? threads[0].name : `${threads[0].name} ${marks}`}
      unread={unread}
      typing={typing}
      wait={twoRows ? null : waitOf(threads[0])}
      selected={selected}
      width={width}
    />
  );
  if (!twoRows) return name;
  return (
    <>
      {name}
      {threads.map((thread) => {
        const wait = waitOf(thread);
        const head = `  ${thread.id === selectedId ? '▸' : ' '}${String(thread.number).padStart(numberWidth)} `;
        return (
          <Text key={thread.id} dimColor={thread.id !== selectedId} wrap="truncate-end">
            {head}
            {fitToWidth(thread.channel, Math.max(1, width - head.length - wait.length))}
            {wait}
          </Text>
        );
      })}
    </>
  );
}

function NameRow({
  head,
  mark,
  name,
  unread,
  typing,
  wait,
  selected,
  width,
}: {
  head: string;
  mark: SlaMark;
  name: string;
  unread: number;
  typing: boolean;
  /** null: the wait is on a row of its own (two rows per dialog). */
  wait: string | null;
  selected: boolean;
  width: number;
}) {
  const unreadText = `${typing ? '✎' : ''}${unread > 0 ? `(${unread > 99 ? '99+' : unread})` : ''}`;
  // On one row the wait comes first and the unread count after a space, as before the groups.
  const tail = wait === null ? unreadText : `${wait}${unreadText ? ` ${unreadText}` : ''}`;
  const nameWidth = Math.max(1, width - head.length - 3 - tail.length);
  return (
    <Text inverse={selected} wrap="truncate-end">
      {head}
      <Text color={SLA_COLOURS[mark]} bold={mark === 'breached'}>
        {SLA_MARKS[mark]}
      </Text>{' '}
      {fitToWidth(name, nameWidth)}
      <Text bold={unread > 0} color={typing ? 'cyan' : undefined}>
        {tail}
      </Text>
    </Text>
  );
}

/** " 3m ↻2m": how long the customer has waited and the dialog's timer, each with a space before. */
function waitOf(entry: HotlistEntry): string {
  return `${entry.wait ? ` ${entry.wait}` : ''}${entry.timer ? ` ${entry.timer}` : ''}`;
}
