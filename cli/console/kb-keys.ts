// The console's keys while the knowledge base is open (issue 18 §5), and its search: the
// console's one input handler calls kbInput, as it calls the template picker's (console-keys.ts).
import type { Key } from 'ink';
import type { ConsoleKeysInput } from './console-keys';
import * as edit from './composer-state';
import { t } from './i18n';
import { kbKey, showArticle, withResults, type KbSearchState, type KbState } from './kb-picker';
import { matchAction } from './keymap';

/** Asks the server for the articles the query finds; the answer shows if the query is still the same. */
export function searchKb(
  { model, ui, setOverlay }: Pick<ConsoleKeysInput, 'model' | 'ui' | 'setOverlay'>,
  state: KbSearchState,
): void {
  const query = state.query.text;
  if (query.trim() === '' || !model.client.kbSearch) return;
  model.client.kbSearch(query).then(
    (hits) => {
      const overlay = ui.current.overlay;
      if (overlay?.kind === 'kb' && overlay.kb.stage === 'search')
        setOverlay({ kind: 'kb', kb: withResults(overlay.kb, query, hits) });
    },
    (error: unknown) => model.say('error', (error as Error).message),
  );
}

/**
 * One key in the knowledge base. Choosing a paragraph or link closes it and inserts the text into
 * the draft, and records the use (reports count it: README, "Knowledge base"); it never sends.
 */
export function kbInput(
  input: ConsoleKeysInput,
  run: (action: 'app.quit') => void,
  state: KbState,
  text: string,
  key: Key,
): void {
  const { model, lang, columns, ui, setOverlay, currentDraft, setDraft } = input;
  if (matchAction(text, key, 'kb')?.action === 'app.quit') return run('app.quit');
  const outcome = kbKey(state, text, key, columns);
  switch (outcome.kind) {
    case 'edit':
      return setOverlay({ kind: 'kb', kb: outcome.state });
    case 'search':
      setOverlay({ kind: 'kb', kb: outcome.state });
      return searchKb(input, outcome.state);
    case 'open': {
      const { hit, search } = outcome;
      model.client.kbArticle?.(hit.id).then(
        (article) => {
          // Shown only if the operator is still on the results it was chosen from.
          if (ui.current.overlay?.kind === 'kb' && ui.current.overlay.kb === search)
            setOverlay({ kind: 'kb', kb: showArticle(search, article) });
        },
        (error: unknown) => model.say('error', (error as Error).message),
      );
      return;
    }
    case 'insert': {
      setOverlay(null);
      setDraft(edit.insert(currentDraft(), outcome.choice.text));
      const conversationId = model.selectedId;
      if (conversationId)
        model.client
          .kbUsed?.({ articleId: outcome.article.id, conversationId, kind: outcome.choice.kind })
          .catch(() => undefined);
      return model.say('info', t(lang, 'notice.kbInserted'));
    }
    case 'cancel':
      return setOverlay(null);
    case 'ignore':
      return;
  }
}
