// The knowledge base in the console (issue 18 §5): Ctrl+K or `/kb words` opens a search whose
// results come from the server as the operator types; Enter opens an article in the transcript
// pane, drawn plainly and split into its link and paragraphs; Enter there hands the chosen one to
// the console to insert into the draft. Nothing here sends: the draft goes by a later Enter.
//
// Like the template picker it reads no keys itself: kbKey() is called by the console's one input
// handler, and its state lives in the console's overlay (see template-picker.tsx for why).
import { Box, Text, type Key } from 'ink';
import type { KbArticle, KbHit } from '../../shared/kb-schemas';
import type { Lang } from '../../shared/schemas';
import { sanitizeForTerminal, sanitizeLine } from '../../shared/terminal-text';
import { applyComposerKey } from './composer';
import { emptyComposer, insert, type ComposerState } from './composer-state';
import { t } from './i18n';
import { articleChoices, plainParagraphs, type KbChoice } from './kb-article';
import { matchAction } from './keymap';
import { splitGraphemes, wrapText } from './text-layout';

export type KbSearchState = {
  readonly stage: 'search';
  readonly query: ComposerState;
  readonly selected: number;
  /** The results for `resultsFor`; null while the first search is under way. */
  readonly hits: readonly KbHit[] | null;
  /** The query the hits answer (they stay on screen until the next answer comes). */
  readonly resultsFor: string;
};
export type KbArticleState = {
  readonly stage: 'article';
  readonly article: KbArticle;
  readonly choices: readonly KbChoice[];
  readonly selected: number;
  /** Where Esc goes back to. */
  readonly search: KbSearchState;
};
export type KbState = KbSearchState | KbArticleState;

export function openKb(initialQuery = ''): KbSearchState {
  return {
    stage: 'search',
    query: insert(emptyComposer, sanitizeLine(initialQuery)),
    selected: 0,
    hits: [],
    resultsFor: '',
  };
}

export function showArticle(search: KbSearchState, article: KbArticle): KbArticleState {
  return { stage: 'article', article, choices: articleChoices(article), selected: 0, search };
}

/** The search's answer, kept only if it answers what is typed now. */
export function withResults(state: KbSearchState, query: string, hits: readonly KbHit[]): KbSearchState {
  return state.query.text === query ? { ...state, hits, resultsFor: query, selected: 0 } : state;
}

export type KbOutcome =
  | { kind: 'edit'; state: KbState }
  /** The query changed: the console asks the server and applies the answer with withResults. */
  | { kind: 'search'; state: KbSearchState }
  | { kind: 'open'; hit: KbHit; search: KbSearchState }
  | { kind: 'insert'; choice: KbChoice; article: KbArticle }
  | { kind: 'cancel' }
  | { kind: 'ignore' };

export function kbKey(state: KbState, input: string, key: Key, width: number): KbOutcome {
  const count = state.stage === 'search' ? (state.hits?.length ?? 0) : state.choices.length;
  const move = (selected: number): KbOutcome => ({
    kind: 'edit',
    state: { ...state, selected: Math.max(0, Math.min(count - 1, selected)) },
  });
  switch (matchAction(input, key, 'kb')?.action) {
    case 'kb.up':
      return move(state.selected - 1);
    case 'kb.down':
      return move(state.selected + 1);
    case 'kb.back':
      return state.stage === 'article' ? { kind: 'edit', state: state.search } : { kind: 'cancel' };
    case 'kb.choose': {
      if (state.stage === 'article') {
        const choice = state.choices[state.selected];
        return choice ? { kind: 'insert', choice, article: state.article } : { kind: 'ignore' };
      }
      const hit = state.hits?.[state.selected];
      return hit ? { kind: 'open', hit, search: state } : { kind: 'ignore' };
    }
    case 'app.quit': // the console quits, from every overlay
      return { kind: 'ignore' };
    case undefined: // in the search, any other key edits the query
      break;
  }
  if (state.stage === 'article' || key.return || key.tab) return { kind: 'ignore' };
  const edited =
    applyComposerKey(state.query, input, key, width) ??
    (/^[/?]$/.test(input) && !key.ctrl && !key.meta ? insert(state.query, input) : null);
  if (!edited || edited === state.query) return { kind: 'ignore' };
  if (edited.text === state.query.text) return { kind: 'edit', state: { ...state, query: edited } };
  return { kind: 'search', state: { ...state, query: { text: sanitizeLine(edited.text), cursor: edited.cursor } } };
}

/** The search: the query, then one row per article (title, tags, a snippet), then the keys. */
export function KbSearchPane({
  state,
  lang,
  width,
  rows,
}: {
  state: KbSearchState;
  lang: Lang;
  width: number;
  rows: number;
}) {
  const graphemes = splitGraphemes(state.query.text);
  const listRows = Math.max(1, rows - 3);
  const hits = state.hits ?? [];
  const top = Math.max(0, state.selected - listRows + 1);
  const waiting = state.query.text.trim() !== '' && state.resultsFor !== state.query.text;
  let status: string | null = null;
  if (state.query.text.trim() === '') status = t(lang, 'kb.typeToSearch');
  else if (hits.length === 0) status = t(lang, waiting ? 'kb.searching' : 'kb.empty');
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold>{t(lang, 'kb.title')} · </Text>
        <Text>{t(lang, 'picker.query')}</Text>
        <Text>
          {graphemes.slice(0, state.query.cursor).join('')}
          <Text inverse>{graphemes[state.query.cursor] ?? ' '}</Text>
          {graphemes.slice(state.query.cursor + 1).join('')}
        </Text>
      </Box>
      {status ? <Text dimColor>{status}</Text> : null}
      {hits.slice(top, top + listRows).map((hit, index) => {
        const current = top + index === state.selected;
        const tags = hit.tags.length > 0 ? ` [${hit.tags.join(', ')}]` : '';
        return (
          <Text key={hit.id} wrap="truncate-end">
            {current ? '› ' : '  '}
            <Text bold={current}>{sanitizeLine(hit.title)}</Text>
            <Text dimColor>
              {sanitizeLine(tags)} {sanitizeLine(plainParagraphs(hit.snippet).join(' '))}
            </Text>
          </Text>
        );
      })}
      <Text dimColor>{t(lang, 'kb.searchHint')}</Text>
    </Box>
  );
}

/**
 * The article in the transcript pane: its title and link, then its link and paragraphs as the
 * choices, the chosen one marked (a mark beside it, not colour alone) and kept in view.
 */
export function KbArticlePane({
  state,
  lang,
  width,
  height,
}: {
  state: KbArticleState;
  lang: Lang;
  width: number;
  height: number;
}) {
  const { article } = state;
  const textWidth = Math.max(1, width - 2);
  const blocks = state.choices.map((choice, index) => {
    const text = choice.kind === 'link' ? `${t(lang, 'kb.link')}: ${choice.text}` : choice.text;
    const lines = wrapText(sanitizeForTerminal(text), textWidth);
    return { index, lines: [...lines, ...(index + 1 < state.choices.length ? [''] : [])] };
  });
  const bodyRows = Math.max(1, height - 2);
  // Scroll by whole choices so the chosen one starts on screen.
  let first = 0;
  let used = blocks.slice(0, state.selected + 1).reduce((sum, b) => sum + b.lines.length, 0);
  while (first < state.selected && used > bodyRows) used -= blocks[first++].lines.length;
  const rows: Array<{ key: string; text: string; chosen: boolean; mark: string }> = [];
  for (const block of blocks.slice(first)) {
    block.lines.forEach((line, lineIndex) => {
      const chosen = block.index === state.selected;
      rows.push({
        key: `${block.index}.${lineIndex}`,
        text: line,
        chosen,
        mark: chosen && lineIndex === 0 ? '› ' : '  ',
      });
    });
  }
  const tags = article.tags.length > 0 ? ` [${article.tags.join(', ')}]` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {sanitizeLine(article.title)}
        <Text dimColor>{sanitizeLine(tags)}</Text>
      </Text>
      <Box flexDirection="column" height={bodyRows} overflow="hidden">
        {rows.slice(0, bodyRows).map((row) => (
          <Text key={row.key} bold={row.chosen} wrap="truncate-end">
            {row.mark}
            {row.text}
          </Text>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {t(lang, 'kb.articleHint')}
      </Text>
    </Box>
  );
}
