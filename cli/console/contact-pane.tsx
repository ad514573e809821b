// Contact details and the customer's earlier conversations (operator.customer), shown in place
// of the transcript one key away (Ctrl+L / Alt+I / /contact). The composer stays live beside it.
import { Box, Text } from 'ink';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import type { CustomerCard } from './desk-model';
import { t } from './i18n';

function day(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function contactLines(card: CustomerCard | undefined, currentId: string, lang: Lang): string[] {
  if (!card) return [t(lang, 'transcript.loading')];
  const value = (text: string | null) => (text ? sanitizeLine(text, { maxLength: 200 }) : '—');
  const lines = [
    `${t(lang, 'contact.name')}: ${value(card.customer.name)}`,
    `${t(lang, 'contact.email')}: ${value(card.customer.email)}`,
    `${t(lang, 'contact.phone')}: ${value(card.customer.phone)}`,
    // Typed into a web chat's pre-chat form: nobody checked it, so it is labelled as such.
    ...(card.customer.givenEmail ? [`${t(lang, 'contact.givenEmail')}: ${value(card.customer.givenEmail)}`] : []),
    ...(card.customer.consent
      ? [`${t(lang, 'contact.consent')}: ${day(card.customer.consent.at)} — ${value(card.customer.consent.text)}`]
      : []),
    '',
    `${t(lang, 'contact.history')}:`,
  ];
  const earlier = card.conversations.filter((c) => c.id !== currentId);
  if (earlier.length === 0) lines.push(`  ${t(lang, 'contact.none')}`);
  for (const c of earlier) {
    const what = [c.status, c.tag, c.outcome, c.rating ? `★${c.rating}` : null].filter(Boolean).join(' · ');
    lines.push(
      `  ${day(c.createdAt)} ${sanitizeLine(c.channelId, { maxLength: 30 })} ${sanitizeLine(what, { maxLength: 80 })}`,
    );
  }
  return lines;
}

export function ContactPane({
  card,
  currentId,
  width,
  height,
  lang,
}: {
  card: CustomerCard | undefined;
  currentId: string;
  width: number;
  height: number;
  lang: Lang;
}) {
  const lines = contactLines(card, currentId, lang).slice(0, Math.max(0, height - 2));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {t(lang, 'contact.title')} <Text dimColor>({t(lang, 'contact.hint')})</Text>
      </Text>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
