// The transcript pane while a conversation is open read-only (read-only-view.ts): a title that
// says so, then the messages laid out as the live transcript is (only the visible lines, each
// message's wrapping cached). Reaching the top of what is loaded fetches the page before it.
import { memo, useEffect, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { t } from './i18n';
import type { ReadOnlyView } from './read-only-view';
import { transcriptWindow, TranscriptLines } from './transcript';

export const ReadOnlyPane = memo(function ReadOnlyPane({
  view,
  me,
  width,
  height,
  lang,
}: {
  view: ReadOnlyView;
  /** The operator's id: their own replies read "You". */
  me: string | null;
  width: number;
  height: number;
  lang: Lang;
}) {
  // The view is mutable: its own version (a page came, a scroll) is what redraws this pane.
  useSyncExternalStore(view.subscribe, view.getVersion);
  const rows = Math.max(0, height - 1);
  const loading = view.messages.length === 0 && !view.complete;
  const window = loading
    ? null
    : transcriptWindow({
        messages: view.messages,
        pending: [],
        markerAfter: undefined,
        complete: view.complete,
        width,
        height: rows,
        scroll: view.scroll,
        context: { me, lang },
      });
  useEffect(() => {
    if (!window) return;
    if (window.scroll !== view.scroll) view.settleScroll(window.scroll);
    // A failed page is not fetched again by itself on every frame: PgUp asks again.
    if (window.atTop && !view.complete && view.error === null) void view.loadEarlier();
  });
  const state = view.error ? ` · ✗ ${sanitizeLine(view.error, { maxLength: 120 })}` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        <Text inverse>{` ${t(lang, 'readonly.title')} `}</Text> {view.subject.title}
        <Text dimColor>{` · ${t(lang, 'readonly.hint')}`}</Text>
        <Text color="red">{state}</Text>
      </Text>
      {window ? (
        <TranscriptLines lines={window.lines} width={width} />
      ) : (
        <Text>{view.error ? '' : t(lang, 'transcript.loading')}</Text>
      )}
    </Box>
  );
});
