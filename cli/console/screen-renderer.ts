// How the console's frames reach the terminal. Ink 6.8's incremental renderer moves the cursor up
// one row too few when a frame ends with a newline, as every frame shorter than the terminal does
// (log-update.js: `cursorUp(previousVisible - 1)` from the row below the frame), so each frame
// landed a row lower than the last and scrolled the screen, leaving rows of older frames behind.
// The console owns the alternate screen and its frame always starts in the top-left corner, so
// this renderer addresses rows absolutely: it rewrites the rows that changed, erases the rows the
// previous frame had below the new one, and never writes a newline, so nothing it draws can scroll
// the screen or drift, whatever happened to the cursor in between.
import type { Writable } from 'node:stream';
// Not exported by Ink's package map; imported by path so that the object Ink reads is this one
// (one module instance under tsx and in the esbuild bundle alike).
import inkLogUpdate, { type CursorPosition, type LogUpdate } from '../../node_modules/ink/build/log-update.js';

const CSI = '\x1b[';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

type Screen = Writable & { rows?: number; columns?: number };

const rowsOf = (frame: string): string[] => {
  const rows = frame.split('\n');
  if (frame.endsWith('\n')) rows.pop();
  return rows;
};

export function createScreenRenderer(stream: Screen, { showCursor = false } = {}): LogUpdate {
  /** The rows on screen as this renderer last drew them; empty when unknown (repaint them all). */
  let drawn: string[] = [];
  let drawnFrame = '';
  let drawnSize = '';
  let cursorHidden = false;
  let cursor: CursorPosition | undefined;
  let cursorDirty = false;
  let shownCursor: CursorPosition | undefined;

  const sizeNow = () => `${stream.columns}×${stream.rows}`;
  const activeCursor = () => (cursorDirty ? cursor : undefined);
  const cursorMoved = (next: CursorPosition | undefined) => next?.x !== shownCursor?.x || next?.y !== shownCursor?.y;
  // A resize moves what is on screen in ways the terminal decides (tmux drops rows from the top
  // when it shrinks): after one, nothing on screen is known, and the next frame repaints all rows.
  const willRender = (frame: string) =>
    frame !== drawnFrame || cursorMoved(activeCursor()) || sizeNow() !== drawnSize || drawn.length === 0;

  const placeCursor = (next: CursorPosition | undefined, frameRows: number, limit: number): string =>
    next
      ? `${CSI}${next.y + 1};${next.x + 1}H${SHOW_CURSOR}`
      : `${shownCursor ? HIDE_CURSOR : ''}${CSI}${Math.min(frameRows + 1, limit)};1H`;

  const render = ((frame: string): boolean => {
    let out = '';
    if (!showCursor && !cursorHidden) {
      out += HIDE_CURSOR;
      cursorHidden = true;
    }
    const next = activeCursor();
    cursorDirty = false;
    if (!willRender(frame)) {
      if (out) stream.write(out);
      return false;
    }
    if (sizeNow() !== drawnSize) drawn = [];
    const rows = rowsOf(frame);
    // Rows past the terminal's bottom are not written: clipped, never scrolled.
    const limit = stream.rows && stream.rows > 0 ? stream.rows : rows.length + 1;
    const repaint = drawn.length === 0;
    if (shownCursor) out += HIDE_CURSOR;
    for (let row = 0; row < Math.min(rows.length, limit); row++) {
      if (!repaint && rows[row] === drawn[row]) continue;
      // Erase before writing: erasing after a row that fills the width would take its last cell.
      out += `${CSI}${row + 1};1H${CSI}2K${rows[row]}`;
    }
    if (rows.length < limit && (repaint || rows.length < drawn.length)) out += `${CSI}${rows.length + 1};1H${CSI}J`;
    out += placeCursor(next, rows.length, limit);
    stream.write(out);
    drawn = rows;
    drawnFrame = frame;
    drawnSize = sizeNow();
    shownCursor = next ? { ...next } : undefined;
    return true;
  }) as LogUpdate;

  // Ink clears before it writes something of its own (console output, a narrower terminal) and
  // draws again right after: forgetting the rows makes that next frame a full repaint, which
  // covers what was written, without blanking the screen in between.
  render.clear = () => {
    drawn = [];
    drawnFrame = '';
  };
  render.done = () => {
    drawn = [];
    drawnFrame = '';
    shownCursor = undefined;
    if (!showCursor && cursorHidden) {
      stream.write(SHOW_CURSOR);
      cursorHidden = false;
    }
  };
  // Ink drew `frame` itself (its full-screen path): the rows are what it wrote.
  render.sync = (frame: string) => {
    const next = activeCursor();
    cursorDirty = false;
    drawn = rowsOf(frame);
    drawnFrame = frame;
    drawnSize = sizeNow();
    if (next || shownCursor) stream.write(placeCursor(next, drawn.length, stream.rows || drawn.length + 1));
    shownCursor = next ? { ...next } : undefined;
  };
  render.setCursorPosition = (position: CursorPosition | undefined) => {
    cursor = position;
    cursorDirty = true;
  };
  render.isCursorDirty = () => cursorDirty;
  render.willRender = willRender;
  return render;
}

/**
 * Runs `mount` (Ink's `render(…)`) with this file's renderer in place of Ink's own, for the one
 * instance it creates; Ink's `create` is put back before returning. Mount with
 * `incrementalRendering: false`: should an Ink upgrade stop building its renderer through
 * `logUpdate.create`, Ink's full-redraw renderer is used, slower but drawn right.
 */
export function withScreenRenderer<T>(mount: () => T): T {
  const original = inkLogUpdate.create;
  inkLogUpdate.create = (stream, options) =>
    createScreenRenderer(stream as Screen, { showCursor: options?.showCursor });
  try {
    return mount();
  } finally {
    inkLogUpdate.create = original;
  }
}
