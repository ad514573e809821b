// Ink's output step with memory between frames. Ink 6.8 builds a new `Output` for every frame,
// with new caches, and turns the whole screen into a grid of cells and back into text: it
// re-tokenises every styled line (@alcalzone/ansi-tokenize), cuts every line of a clipped box
// (slice-ansi) and re-serialises every row, though a keystroke in the composer changes one or
// two rows. At 80×24 that was 40 % of a keystroke's CPU time (bench/README.md, console).
//
// `get` below is Ink's (output.js), step for step, with two changes: the caches it reads are
// kept across frames, and a row whose pieces (where each line lands, and which line) are those of
// a row already drawn is not rebuilt. Everything cached is a pure function of its key, so a frame
// is exactly what Ink draws; test/console/frame-caches.test.ts compares the two frame by frame.
import { styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
// Not exported by Ink's package map; imported by path, as screen-renderer.ts does with log-update.
import InkOutput from '../../node_modules/ink/build/output.js';

/** Entries kept from one generation to the next: a screen's worth many times over, at any size. */
const GENERATION_SIZE = 2_000;

/**
 * A memo in two generations. What is read in the current generation is kept into the next; the
 * rest is dropped when the generation turns over, so what is on screen stays cached while what
 * scrolled away is freed.
 */
export class TwoGenerationMemo<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly generationSize = GENERATION_SIZE) {}

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): this {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
    return this;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

type Clip = { x1?: number; x2?: number; y1?: number; y2?: number };
type Transformer = (line: string, index: number) => string;
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };
/** What `get` reads of Ink's Output (private in its typings). */
type OutputInternals = { width: number; height: number; operations: Operation[] };
/** Ink's own string width (fast-string-width, through the npm override), as Ink measures. */
type Measure = { getStringWidth(text: string): number };

/** A line of text as cells, and a number naming that list (rows are keyed by these numbers). */
type Piece = { id: number; chars: StyledChar[] };

let nextPieceId = 0;
const pieces = new TwoGenerationMemo<string, Piece>();
const widths = new TwoGenerationMemo<string, number>();
const blockWidths = new TwoGenerationMemo<string, number>();
const slices = new TwoGenerationMemo<string, string>();
const rows = new TwoGenerationMemo<string, string>();
const BLANK: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: [] }) as StyledChar;

/** What the last frame had to build rather than reuse (tests check a keystroke builds little). */
export const lastFrameWork = { linesTokenised: 0, rowsBuilt: 0 };

function pieceOf(line: string): Piece {
  let piece = pieces.get(line);
  if (piece === undefined) {
    lastFrameWork.linesTokenised++;
    piece = { id: nextPieceId++, chars: styledCharsFromTokens(tokenize(line)) };
    pieces.set(line, piece);
  }
  return piece;
}

function widthOf(measure: Measure, text: string): number {
  let width = widths.get(text);
  if (width === undefined) {
    width = measure.getStringWidth(text);
    widths.set(text, width);
  }
  return width;
}

function widestLineOf(measure: Measure, text: string): number {
  let width = blockWidths.get(text);
  if (width === undefined) {
    width = 0;
    for (const line of text.split('\n')) width = Math.max(width, widthOf(measure, line));
    blockWidths.set(text, width);
  }
  return width;
}

function slice(line: string, from: number, to: number): string {
  const key = `${from}:${to}:${line}`;
  let sliced = slices.get(key);
  if (sliced === undefined) {
    sliced = sliceAnsi(line, from, to);
    slices.set(key, sliced);
  }
  return sliced;
}

/** One row of cells from its pieces, in the order they were written; Ink's loop, unchanged. */
function composeRow(measure: Measure, width: number, placed: Array<[number, Piece]>): string {
  const currentLine: StyledChar[] = new Array<StyledChar>(width).fill(BLANK);
  for (const [x, piece] of placed) {
    let offsetX = x;
    for (const character of piece.chars) {
      currentLine[offsetX] = character;
      const characterWidth = Math.max(1, widthOf(measure, character.value));
      for (let index = 1; index < characterWidth; index++)
        currentLine[offsetX + index] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
      offsetX += characterWidth;
    }
  }
  // Ink filters holes left by a wide character written past the width (its #564).
  return styledCharsToString(currentLine.filter((item) => item !== undefined)).trimEnd();
}

function get(this: OutputInternals & { caches: Measure }): { output: string; height: number } {
  const measure = this.caches;
  lastFrameWork.linesTokenised = 0;
  lastFrameWork.rowsBuilt = 0;
  const placedByRow: Array<Array<[number, Piece]>> = Array.from({ length: this.height }, () => []);
  const clips: Clip[] = [];
  for (const operation of this.operations) {
    if (operation.type === 'clip') clips.push(operation.clip);
    if (operation.type === 'unclip') clips.pop();
    if (operation.type !== 'write') continue;
    const { text, transformers } = operation;
    let { x, y } = operation;
    let lines = text.split('\n');
    const clip = clips.at(-1);
    if (clip) {
      const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (clipHorizontally) {
        const width = widestLineOf(measure, text);
        if (x + width < clip.x1! || x > clip.x2!) continue;
      }
      if (clipVertically) {
        const height = lines.length;
        if (y + height < clip.y1! || y > clip.y2!) continue;
      }
      if (clipHorizontally) {
        lines = lines.map((line) => {
          const from = x < clip.x1! ? clip.x1! - x : 0;
          const width = widthOf(measure, line);
          const to = x + width > clip.x2! ? clip.x2! - x : width;
          return slice(line, from, to);
        });
        if (x < clip.x1!) x = clip.x1!;
      }
      if (clipVertically) {
        const from = y < clip.y1! ? clip.y1! - y : 0;
        const height = lines.length;
        const to = y + height > clip.y2! ? clip.y2! - y : height;
        lines = lines.slice(from, to);
        if (y < clip.y1!) y = clip.y1!;
      }
    }
    let offsetY = 0;
    for (const [index, written] of lines.entries()) {
      const placed = placedByRow[y + offsetY];
      // A line can fall outside the rows Ink made for the frame.
      if (!placed) continue;
      let line = written;
      for (const transformer of transformers) line = transformer(line, index);
      placed.push([x, pieceOf(line)]);
      offsetY++;
    }
  }
  const output = placedByRow.map((placed) => {
    const key = `${this.width}|${placed.map(([x, piece]) => `${x}:${piece.id}`).join(',')}`;
    let row = rows.get(key);
    if (row === undefined) {
      lastFrameWork.rowsBuilt++;
      row = composeRow(measure, this.width, placed);
      rows.set(key, row);
    }
    return row;
  });
  return { output: output.join('\n'), height: output.length };
}

/** Ink's own `get`, kept for the test that compares the two. */
export const inkOutputGet = InkOutput.prototype.get;

let shared = false;

/**
 * Makes every Ink `Output` (one per frame) draw through the `get` above. Idempotent; affects
 * every Ink instance in the process, which draw the same frames, only sooner.
 */
export function shareOutputCaches(): void {
  if (shared) return;
  shared = true;
  (InkOutput.prototype as unknown as { get: typeof get }).get = get;
}
