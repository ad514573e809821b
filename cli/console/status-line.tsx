// The status line (top row): the operator's own status and load (2/3), queue stats live from the
// server (waiting per queue and the longest wait), and the connection state in words.
import { memo } from 'react';
import { Text } from 'ink';
import type { Lang, Operator } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import type { QueueStatsLine } from '../../shared/stats';
import type { ConnectionState } from './console-client';
import { formatWait } from './hotlist';
import { t } from './i18n';
import { fitToWidth, textWidth } from './text-layout';

const STATUS_COLOURS = { available: 'green', away: 'yellow', offline: 'gray' } as const;

export function formatLoad(operator: Operator): string {
  const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${round(operator.load)}/${round(operator.capacity)}`;
}

/** "General 3 (1:20) · VIP 0", or "—" while the server sends none. */
export function formatQueueStats(stats: QueueStatsLine | null): string {
  if (!stats || stats.queues.length === 0) return '—';
  return stats.queues
    .map(
      (queue) =>
        `${sanitizeLine(queue.name, { maxLength: 24 })} ${queue.waiting}${queue.waiting > 0 ? ` (${formatWait(queue.longestWaitMs)})` : ''}`,
    )
    .join(' · ');
}

export type StatusLineProps = {
  operator: Operator | null;
  stats: QueueStatsLine | null;
  connection: ConnectionState;
  width: number;
  lang: Lang;
};

export const StatusLine = memo(function StatusLine({ operator, stats, connection, width, lang }: StatusLineProps) {
  const connectionText = t(
    lang,
    connection === 'online' ? 'conn.online' : connection === 'connecting' ? 'conn.connecting' : 'conn.reconnecting',
  );
  const who = operator ? `${sanitizeLine(operator.name, { maxLength: 30 })} · ` : '';
  const status = operator ? t(lang, `status.${operator.status}`) : '';
  const load = operator ? ` · ${formatLoad(operator)}` : '';
  const left = `${who}${status}${load}`;
  const queuesLabel = ` │ ${t(lang, 'status.queues')}: `;
  const room = Math.max(0, width - textWidth(left) - textWidth(queuesLabel) - textWidth(connectionText) - 3);
  return (
    <Text wrap="truncate-end">
      {who}
      <Text color={operator ? STATUS_COLOURS[operator.status] : undefined} bold>
        {status}
      </Text>
      {load}
      {queuesLabel}
      {fitToWidth(formatQueueStats(stats), room)}
      {' │ '}
      <Text color={connection === 'online' ? 'green' : 'yellow'} bold={connection !== 'online'}>
        {connectionText}
      </Text>
    </Text>
  );
});
