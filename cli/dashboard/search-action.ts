// The dashboard's `/` (issue 18 §3): ask for words, list the messages and customers that hold
// them (newest first, matches in [brackets]), and show the chosen conversation's transcript in
// the dashboard's transcript view. Supervisors search everything.
import type { Widgets } from 'blessed';
import type { Message } from '../../shared/schemas';
import type { SearchHit } from '../../shared/search-schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { fromFirstMatch, hitColumns, snippetLine } from '../search/search-lines';
import type { ActionContext } from './dashboard';
import { ask, pick, showText, transcriptLines } from './supervisor-actions';

/** The server calls the search key needs. */
export interface SearchApi {
  search(text: string): Promise<SearchHit[]>;
  messages(conversationId: string): Promise<Message[]>;
}

type Guard = (run: (ctx: ActionContext) => Promise<void>) => (ctx: ActionContext) => void;

/** One row of the results list: when, where, who, and the snippet from just before its match. */
export function hitLabel(hit: SearchHit): string {
  const c = hitColumns(hit);
  const short = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
  return `${c.time.slice(5)}  ${short(c.channel, 8).padEnd(8)}  ${short(c.customer, 16).padEnd(16)}  ${snippetLine(fromFirstMatch(hit.snippet))}`;
}

export function searchAction(screen: Widgets.Screen, api: SearchApi, notify: (text: string) => void, guarded: Guard) {
  return {
    search: guarded(async () => {
      const text = await ask(screen, ' Search messages and customers (word* for a prefix) ', '');
      if (text === null || !text.trim()) return;
      const shown = sanitizeLine(text, { maxLength: 40 });
      const hits = await api.search(text);
      if (hits.length === 0) {
        notify(`no matches for "${shown}"`);
        return;
      }
      const hit = await pick(
        screen,
        ` ${hits.length} found for "${shown}" (Enter: transcript) `,
        hits.map((h) => ({ label: hitLabel(h), value: h })),
      );
      if (!hit) return;
      const messages = await api.messages(hit.conversationId);
      await showText(
        screen,
        ` ${sanitizeLine(hit.customer.name ?? hit.customer.id, { maxLength: 40 })} - ${sanitizeLine(hit.conversationId, { maxLength: 30 })} `,
        transcriptLines(messages),
      );
    }),
  };
}
