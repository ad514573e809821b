// The console's `/search TEXT` (issue 18 §3): the hits the server found, one row each — customer,
// channel mark, time and the snippet with each match in [brackets] (a mark that needs no colour) —
// and the chosen one opened read-only in the transcript pane. Like the knowledge base it reads no
// keys itself: searchKey() is called by the console's one input handler (search-keys.ts).
import { Box, Text, type Key } from 'ink';
import { channelMark } from '../../shared/channel-kinds';
import type { Lang } from '../../shared/schemas';
import type { SearchHit } from '../../shared/search-schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { fromFirstMatch, hitTime, snippetLine } from '../search/search-lines';
import { t } from './i18n';
import { matchAction } from './keymap';

export type SearchListState = {
  /** What was searched for, as typed (shown sanitised). */
  readonly text: string;
  readonly hits: readonly SearchHit[];
  readonly selected: number;
};

export type SearchOutcome =
  { kind: 'edit'; state: SearchListState } | { kind: 'open'; hit: SearchHit } | { kind: 'cancel' } | { kind: 'ignore' };

export function searchKey(state: SearchListState, input: string, key: Key): SearchOutcome {
  const move = (selected: number): SearchOutcome => ({
    kind: 'edit',
    state: { ...state, selected: Math.max(0, Math.min(state.hits.length - 1, selected)) },
  });
  switch (matchAction(input, key, 'search')?.action) {
    case 'search.up':
      return move(state.selected - 1);
    case 'search.down':
      return move(state.selected + 1);
    case 'search.choose': {
      const hit = state.hits[state.selected];
      return hit ? { kind: 'open', hit } : { kind: 'ignore' };
    }
    case 'search.close':
      return { kind: 'cancel' };
    case 'app.quit': // handled by the caller, as in every overlay
    case undefined:
      return { kind: 'ignore' };
  }
}

/** Who, where and when a hit is, made safe for the terminal: a row's start and the read-only title. */
export function hitHeading(hit: SearchHit): string {
  const customer = sanitizeLine(hit.customer.name ?? hit.customer.id, { maxLength: 24 });
  return `${customer} · ${channelMark(hit.channel.kind ?? undefined)} · ${hitTime(hit.at).slice(5)}`;
}

export function SearchResultsPane({
  state,
  lang,
  width,
  rows,
}: {
  state: SearchListState;
  lang: Lang;
  width: number;
  rows: number;
}) {
  const listRows = Math.max(1, rows - 2);
  const top = Math.max(0, state.selected - listRows + 1);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {t(lang, 'search.title')} · {sanitizeLine(state.text, { maxLength: 60 })} ({state.hits.length})
      </Text>
      {state.hits.slice(top, top + listRows).map((hit, index) => {
        const current = top + index === state.selected;
        return (
          <Text key={`${hit.conversationId}.${hit.messageId ?? 'customer'}`} wrap="truncate-end">
            {current ? '› ' : '  '}
            <Text bold={current}>{hitHeading(hit)}</Text> {snippetLine(fromFirstMatch(hit.snippet))}
          </Text>
        );
      })}
      <Text dimColor>{t(lang, 'search.hint')}</Text>
    </Box>
  );
}
