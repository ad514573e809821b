// An article as the console shows and inserts it (issue 18 §5): markdown rendered plainly for the
// terminal (no markup characters, links as "text (url)", list items as bullets), split into the
// paragraphs an operator picks from, with the article's public link first when it has one. The
// text stays raw here: panes sanitise it when they draw it, and the draft's insert() does too.
import type { KbArticle } from '../../shared/kb-schemas';

export type KbChoice = { kind: 'link' | 'paragraph'; text: string };

/** What can go into the draft from the article: its link, then each paragraph. */
export function articleChoices(article: Pick<KbArticle, 'body' | 'url'>): KbChoice[] {
  const paragraphs = plainParagraphs(article.body).map((text): KbChoice => ({ kind: 'paragraph', text }));
  return article.url ? [{ kind: 'link', text: article.url }, ...paragraphs] : paragraphs;
}

/** The body's blocks (separated by blank lines) as plain text; code fences keep their lines. */
export function plainParagraphs(markdown: string): string[] {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) =>
      block
        .split('\n')
        .filter((line) => !/^\s*(```|~~~)/.test(line))
        .map(plainLine)
        .join('\n')
        .trim(),
    )
    .filter((block) => block !== '');
}

function plainLine(line: string): string {
  return (
    line
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/\s+#+\s*$/, '')
      .replace(/^\s{0,3}>\s?/, '')
      .replace(/^(\s*)[-*+]\s+/, '$1• ')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_all, text: string, url: string) =>
        text === url ? url : `${text} (${url})`,
      )
      .replace(/`([^`]+)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      // Single * or _ emphasis only between non-word characters: snake_case and 2*3 stay as written.
      .replace(/(^|[^\p{L}\p{N}*_])([*_])(?=\S)([^*_]*?\S)\2(?![\p{L}\p{N}])/gu, '$1$3')
  );
}
