// Wrapping text into terminal lines by display width. Ink measures with string-width, so this
// does too: Cyrillic is one column, CJK and most emoji two. Text is cut only between grapheme
// clusters (Intl.Segmenter), so a ZWJ family emoji or a flag is never split across lines.
// Callers pass text that is already terminal-safe (shared/terminal-text.ts).
//
// Speed (issue 13 §5): string-width's first look at a non-ASCII grapheme compiles its regex of
// every emoji sequence (\p{RGI_Emoji}, 100–250 ms here), and Intl.Segmenter's first use costs
// tens of ms: both landed on the console's first frame (its status line has '●' and '·'). Text
// whose characters never join into clusters is split by code point, and a lone Latin, Greek,
// Cyrillic, punctuation or box-drawing character that is no emoji is one column, which is what
// string-width returns for each of them.
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns a tab advances to the next multiple of; the terminal's own stops would ignore the pane. */
const TAB_STOP = 4;

/**
 * Text in which every code point is a grapheme of its own: no combining marks, joiners,
 * variation selectors, Hangul jamo or regional indicators, only ASCII, Latin, Greek, Cyrillic,
 * punctuation, arrows, symbols, box drawing and shapes (UAX #29: none of these extends a cluster).
 */
const NO_CLUSTERS =
  /^[\n\x20-\x7e\u00a0-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u2190-\u2bff]*$/;
/**
 * One code point of those that is narrow (one column), unless it is an emoji, which the next
 * test catches. Left out, as wide: the angle brackets U+2329–U+232A and the Yijing trigrams
 * and digrams U+2630–U+2637, U+268A–U+268F. Checked against string-width code point by code
 * point in test/console/text-layout.test.ts.
 */
const NARROW =
  /^[\u00a0-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u2190-\u2328\u232b-\u262f\u2638-\u2689\u2690-\u2bff]$/;
/** Code points string-width may count as an emoji (two columns) or join with others. */
const EMOJI_LIKE = /[\p{Extended_Pictographic}\p{Emoji_Component}\p{Emoji_Presentation}]/u;

/**
 * The last texts segmented by Intl.Segmenter. A keystroke in the composer splits the same draft
 * several times (its edit, the frame's height, the composer's lines), and a draft with one CJK
 * character or emoji in it goes through the segmenter, at tens of µs per line.
 */
const segmented = new Map<string, readonly string[]>();
const SEGMENTED_KEPT = 16;

export function splitGraphemes(text: string): string[] {
  if (NO_CLUSTERS.test(text)) return [...text];
  let graphemes = segmented.get(text);
  if (graphemes === undefined) {
    const out: string[] = [];
    for (const { segment } of segmenter.segment(text)) out.push(segment);
    graphemes = out;
    if (segmented.size >= SEGMENTED_KEPT) segmented.delete(segmented.keys().next().value!);
    segmented.set(text, graphemes);
  }
  // A copy: callers own the array they get.
  return graphemes.slice();
}

/** Widths of the graphemes string-width measured; its emoji regex costs µs a call. */
const measured = new Map<string, number>();
const MEASURED_KEPT = 10_000;

/** Display width of one grapheme; never 0, so a stray combining mark still advances the layout. */
export function graphemeWidth(grapheme: string): number {
  const code = grapheme.charCodeAt(0);
  if (grapheme.length === 1 && code >= 0x20 && code < 0x7f) return 1;
  if (NARROW.test(grapheme) && !EMOJI_LIKE.test(grapheme)) return 1;
  let width = measured.get(grapheme);
  if (width === undefined) {
    width = Math.max(1, stringWidth(grapheme));
    if (measured.size >= MEASURED_KEPT) measured.clear();
    measured.set(grapheme, width);
  }
  return width;
}

/**
 * One screen line as a range of grapheme indices [start, end). A line that ends at a `\n` does
 * not include it, so the next line starts at end + 1; a wrapped line's successor starts at end.
 */
export type VisualLine = { start: number; end: number };

/**
 * Greedy word wrap: break after the last space that fits, hard-break a word longer than the
 * line, and keep every `\n`. Spaces at a wrap point stay at the end of the line they follow
 * (so every grapheme belongs to exactly one line, which the composer's cursor relies on).
 */
export function layoutLines(graphemes: readonly string[], width: number): VisualLine[] {
  const limit = Math.max(1, Math.floor(width));
  const lines: VisualLine[] = [];
  let start = 0;
  let column = 0;
  let breakAt = -1;
  for (let i = 0; i < graphemes.length; i++) {
    const grapheme = graphemes[i];
    if (grapheme === '\n') {
      lines.push({ start, end: i });
      start = i + 1;
      column = 0;
      breakAt = -1;
      continue;
    }
    const cells = graphemeWidth(grapheme);
    if (grapheme === ' ') {
      column += cells;
      breakAt = i + 1;
      continue;
    }
    if (column + cells > limit && i > start && breakAt > start) {
      lines.push({ start, end: breakAt });
      column = widthOf(graphemes, breakAt, i);
      start = breakAt;
      breakAt = -1;
    }
    if (column + cells > limit && i > start) {
      lines.push({ start, end: i });
      start = i;
      column = 0;
    }
    column += cells;
  }
  lines.push({ start, end: graphemes.length });
  return lines;
}

/**
 * Wraps text to `width` columns; spaces at a wrap point are dropped, as are trailing spaces that
 * would overflow the line; explicit newlines are kept.
 */
export function wrapText(text: string, width: number): string[] {
  const graphemes = splitGraphemes(expandTabs(text));
  const lines = layoutLines(graphemes, width);
  return lines.map((line, index) => {
    const wrapped = index + 1 < lines.length && lines[index + 1].start === line.end;
    let end = line.end;
    while (end > line.start && graphemes[end - 1] === ' ' && (wrapped || widthOf(graphemes, line.start, end) > width)) {
      end--;
    }
    return graphemes.slice(line.start, end).join('');
  });
}

function widthOf(graphemes: readonly string[], from: number, to: number): number {
  let cells = 0;
  for (let i = from; i < to; i++) cells += graphemeWidth(graphemes[i]);
  return cells;
}

function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      let column = 0;
      for (const grapheme of splitGraphemes(line)) {
        if (grapheme === '\t') {
          const pad = TAB_STOP - (column % TAB_STOP);
          out += ' '.repeat(pad);
          column += pad;
        } else {
          out += grapheme;
          column += graphemeWidth(grapheme);
        }
      }
      return out;
    })
    .join('\n');
}

/** Display width of a whole string, grapheme by grapheme as the layout counts it. */
export function textWidth(text: string): number {
  let cells = 0;
  for (const grapheme of splitGraphemes(text)) cells += graphemeWidth(grapheme);
  return cells;
}

/**
 * Exactly `width` columns: cut with an ellipsis when longer (never splitting a wide character),
 * padded with spaces when shorter. For one-line, already sanitised text.
 */
export function fitToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const graphemes = splitGraphemes(text);
  let cells = 0;
  for (const grapheme of graphemes) cells += graphemeWidth(grapheme);
  if (cells <= width) {
    const pad = ' '.repeat(width - cells);
    return align === 'left' ? text + pad : pad + text;
  }
  let out = '';
  let used = 0;
  for (const grapheme of graphemes) {
    const w = graphemeWidth(grapheme);
    if (used + w > width - 1) break;
    out += grapheme;
    used += w;
  }
  return out + '…' + ' '.repeat(Math.max(0, width - 1 - used));
}
