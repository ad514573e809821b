// The console's `/search TEXT` (issue 18 §3): ask the server, show the hits (search-picker.tsx),
// and open the chosen conversation read-only. The server applies the rights of §2 (an operator
// finds only the customers they serve now); a refusal or failure is said in the status line.
import type { Key } from 'ink';
import { sanitizeLine } from '../../shared/terminal-text';
import type { ConsoleKeysInput } from './console-keys';
import { t } from './i18n';
import { matchAction } from './keymap';
import { hitHeading, searchKey, type SearchListState } from './search-picker';

/** Runs the search; the list opens when hits come back, an empty answer is a notice instead. */
export function runSearch(
  { model, lang, ui, setOverlay }: Pick<ConsoleKeysInput, 'model' | 'lang' | 'ui' | 'setOverlay'>,
  text: string,
): void {
  if (!model.client.search) return model.say('error', t(lang, 'notice.searchUnavailable'));
  if (text.trim() === '') return model.say('error', t(lang, 'notice.searchNoText'));
  model.client.search(text).then(
    (hits) => {
      if (hits.length === 0)
        return model.say('info', `${t(lang, 'notice.searchEmpty')} "${sanitizeLine(text, { maxLength: 40 })}"`);
      // A late answer does not cover an overlay (a form, the help) the operator opened meanwhile.
      if (ui.current.overlay === null) setOverlay({ kind: 'search', search: { text, hits, selected: 0 } });
    },
    (error: unknown) => model.say('error', (error as Error).message),
  );
}

/** One key in the results; Enter opens the conversation read-only and never sends. */
export function searchInput(
  { model, setOverlay }: ConsoleKeysInput,
  run: (action: 'app.quit') => void,
  state: SearchListState,
  text: string,
  key: Key,
): void {
  if (matchAction(text, key, 'search')?.action === 'app.quit') return run('app.quit');
  const outcome = searchKey(state, text, key);
  switch (outcome.kind) {
    case 'edit':
      return setOverlay({ kind: 'search', search: outcome.state });
    case 'open':
      setOverlay(null);
      model.openReadOnly({ conversationId: outcome.hit.conversationId, title: hitHeading(outcome.hit) });
      return;
    case 'cancel':
      return setOverlay(null);
    case 'ignore':
      return;
  }
}
