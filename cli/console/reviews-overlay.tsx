// The operator's own quality reviews (issue 18 §4, /reviews or Alt+Q), read only: newest first,
// each with its score, the reviewer, the conversation, a line per criterion and the comment.
// It scrolls and closes with the help's keys (the same Esc, q, arrows and pages).
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { SCORE_MAX, type Review } from '../../shared/review-schemas';
import type { Lang } from '../../shared/schemas';
import { sanitizeForTerminal, sanitizeLine } from '../../shared/terminal-text';
import { t } from './i18n';
import { matchAction } from './keymap';

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** A score as marks that read without colour: ●● fully, ●○ partly, ○○ missed. */
const marks = (score: number) => '●'.repeat(score) + '○'.repeat(Math.max(0, SCORE_MAX - score));

export function reviewLines(reviews: readonly Review[] | undefined, lang: Lang): string[] {
  if (!reviews) return [t(lang, 'transcript.loading')];
  if (reviews.length === 0) return [t(lang, 'reviews.none')];
  return reviews.flatMap((r) => [
    `${day(r.reviewedAt)}  ${t(lang, 'reviews.quality')} ${Math.round(r.score)}/100  ` +
      `${t(lang, 'reviews.by')} ${sanitizeLine(r.reviewerName ?? r.reviewerId, { maxLength: 40 })}  ` +
      `${t(lang, 'reviews.conversation')} ${sanitizeLine(r.conversationId, { maxLength: 40 })}`,
    ...r.items.map((i) => `  ${marks(i.score)} ${sanitizeLine(i.label, { maxLength: 60 })} (${i.score}/${SCORE_MAX})`),
    ...(r.comment
      ? sanitizeForTerminal(r.comment)
          .split('\n')
          .map((l) => `  “${l}”`)
      : []),
    '',
  ]);
}

export function ReviewsOverlay({
  reviews,
  lang,
  width,
  height,
  onClose,
}: {
  reviews: readonly Review[] | undefined;
  lang: Lang;
  width: number;
  /** Rows available, including the title and the hint line. */
  height: number;
  onClose: () => void;
}) {
  const lines = reviewLines(reviews, lang);
  const visible = Math.max(1, height - 2);
  const lastTop = Math.max(0, lines.length - visible);
  const [top, setTop] = useState(0);
  const page = Math.max(1, visible - 1);

  useInput((input, key) => {
    switch (matchAction(input, key, 'help')?.action) {
      case 'help.scrollUp':
        return setTop((row) => Math.max(0, row - (key.pageUp ? page : 1)));
      case 'help.scrollDown':
        return setTop((row) => Math.min(lastTop, row + (key.pageDown ? page : 1)));
      case 'help.close':
        return onClose();
      case 'app.quit': // the console's own handler quits, from every overlay
      case undefined:
        return;
    }
  });

  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{t(lang, 'reviews.title')}</Text>
      {lines.slice(top, top + visible).map((line, index) => (
        <Text key={top + index} wrap="truncate-end">
          {line || ' '}
        </Text>
      ))}
      <Text dimColor>{t(lang, 'help.hint')}</Text>
    </Box>
  );
}
