// The contact card (Ctrl+L / Alt+I / /contact), shown in place of the transcript: the customer's
// details, then every conversation of theirs on every channel, newest first, with its channel,
// state and outcome, CSAT and the operator who held it (operator.customer, a page at a time).
// In an empty draft ↑↓ choose one and Enter opens it read-only (read-only-view.ts); the composer
// stays live beside the card.
import { memo } from 'react';
import { Box, Text } from 'ink';
import { channelMark } from '../../shared/channel-kinds';
import type { HistoryEntry } from '../../shared/history-schemas';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import type { CustomerCard } from './desk-model';
import { t } from './i18n';

export function day(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function contactDetails(card: CustomerCard, lang: Lang): string[] {
  const value = (text: string | null) => (text ? sanitizeLine(text, { maxLength: 200 }) : '—');
  return [
    `${t(lang, 'contact.name')}: ${value(card.customer.name)}`,
    `${t(lang, 'contact.email')}: ${value(card.customer.email)}`,
    `${t(lang, 'contact.phone')}: ${value(card.customer.phone)}`,
    // Typed into a web chat's pre-chat form: nobody checked it, so it is labelled as such.
    ...(card.customer.givenEmail ? [`${t(lang, 'contact.givenEmail')}: ${value(card.customer.givenEmail)}`] : []),
    ...(card.customer.consent
      ? [`${t(lang, 'contact.consent')}: ${day(card.customer.consent.at)} — ${value(card.customer.consent.text)}`]
      : []),
  ];
}

/**
 * One conversation as the card lists it: when, where (the channel's mark and id), its state and
 * outcome, the rating the customer gave (★N, a mark not a colour), who answered, its tag. Tags,
 * outcomes and names are typed by people, so they pass the terminal allow-list.
 */
export function historyLine(entry: HistoryEntry, currentId: string, lang: Lang): string {
  const where = `${channelMark(entry.channelKind)} ${sanitizeLine(entry.channelId, { maxLength: 30 })}`;
  // What an 80-column pane cuts last goes first: the tag after the outcome, rating and operator.
  const what = [
    entry.id === currentId ? t(lang, 'contact.current') : entry.status,
    entry.outcome,
    entry.rating ? `★${entry.rating}` : null,
    entry.operatorName,
    entry.tag,
  ]
    .filter(Boolean)
    .join(' · ');
  return `${day(entry.createdAt)} ${where}  ${sanitizeLine(what, { maxLength: 160 })}`;
}

/** The first row of the list window that keeps the chosen row in view. */
export function listTop(chosen: number, count: number, rows: number): number {
  if (count <= rows) return 0;
  return Math.min(Math.max(0, chosen - Math.floor(rows / 2)), count - rows);
}

export const ContactPane = memo(function ContactPane({
  card,
  currentId,
  chosen,
  width,
  height,
  lang,
}: {
  card: CustomerCard | undefined;
  currentId: string;
  /** The conversation ↑↓ has chosen, by its place in the list. */
  chosen: number;
  width: number;
  height: number;
  lang: Lang;
}) {
  const title = (
    <Text bold wrap="truncate-end">
      {t(lang, 'contact.title')} <Text dimColor>({t(lang, 'contact.hint')})</Text>
    </Text>
  );
  if (!card)
    return (
      <Box flexDirection="column" width={width} height={height}>
        {title}
        <Text>{t(lang, 'transcript.loading')}</Text>
      </Box>
    );
  const details = contactDetails(card, lang);
  const entries = card.conversations;
  // Details first; the list takes the rest, less the title, the blank and the list's heading.
  const shownDetails = details.slice(0, Math.max(0, height - 4));
  const listRows = Math.max(1, height - shownDetails.length - 3 - (card.more ? 1 : 0));
  const top = listTop(chosen, entries.length, listRows);
  const visible = entries.slice(top, top + listRows);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {title}
      {shownDetails.map((line, index) => (
        <Text key={`d${index}`} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Text> </Text>
      <Text bold wrap="truncate-end">
        {t(lang, 'contact.history')}:
      </Text>
      {entries.length === 0 ? <Text>{`  ${t(lang, 'contact.none')}`}</Text> : null}
      {visible.map((entry, index) => {
        const isChosen = top + index === chosen;
        return (
          <Text key={entry.id} wrap="truncate-end" inverse={isChosen}>
            {`${isChosen ? '›' : ' '} ${historyLine(entry, currentId, lang)}`}
          </Text>
        );
      })}
      {card.more ? <Text dimColor>{`  ${t(lang, 'contact.more')}`}</Text> : null}
    </Box>
  );
});
