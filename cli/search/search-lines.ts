// A search hit as one line of text, shared by `textdesk search` and the dashboard's results:
// when, which channel and customer, and the snippet with each match in [brackets] (a mark that
// needs no colour). Customer text is made safe for a terminal here, piece by piece.
import type { SearchHit, SnippetPart } from '../../shared/search-schemas';
import { sanitizeLine } from '../../shared/terminal-text';

const pad = (n: number) => String(n).padStart(2, '0');

/** Local `YYYY-MM-DD HH:MM`. */
export function hitTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The snippet from a few characters before its first match, for a narrow row (the dashboard's list). */
export function fromFirstMatch(parts: readonly SnippetPart[], before = 12): SnippetPart[] {
  const first = parts.findIndex((p) => p.match);
  if (first <= 0) return [...parts];
  const lead = parts
    .slice(0, first)
    .map((p) => p.text)
    .join('');
  if (lead.length <= before) return [...parts];
  return [{ text: `…${lead.slice(-before)}`, match: false }, ...parts.slice(first)];
}

export function snippetLine(parts: readonly SnippetPart[], mark = (text: string) => `[${text}]`): string {
  return parts.map((p) => (p.match ? mark(sanitizeLine(p.text)) : sanitizeLine(p.text))).join('');
}

export function hitColumns(hit: SearchHit): { time: string; channel: string; customer: string; snippet: string } {
  return {
    time: hitTime(hit.at),
    channel: sanitizeLine(hit.channel.name ?? hit.channel.id, { maxLength: 20 }),
    customer: sanitizeLine(hit.customer.name ?? hit.customer.id, { maxLength: 30 }),
    snippet: snippetLine(hit.snippet),
  };
}

/** The plain table `textdesk search` prints: a header, then one hit a line, newest first. */
export function hitsTable(hits: readonly SearchHit[]): string {
  if (hits.length === 0) return 'no matches\n';
  const rows = hits.map(hitColumns);
  const width = (key: 'channel' | 'customer') => Math.max(key.length, ...rows.map((r) => r[key].length));
  const [cw, uw] = [width('channel'), width('customer')];
  const line = (time: string, channel: string, customer: string, rest: string) =>
    `${time.padEnd(16)}  ${channel.padEnd(cw)}  ${customer.padEnd(uw)}  ${rest}`;
  return [
    line('time', 'channel', 'customer', 'conversation  match'),
    ...rows.map((r, i) => line(r.time, r.channel, r.customer, `${hits[i].conversationId}  ${r.snippet}`)),
  ]
    .map((l) => `${l.trimEnd()}\n`)
    .join('');
}
