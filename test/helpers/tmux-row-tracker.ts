// Follows a program's raw terminal output (what tmux pipe-pane hands on) row by row, the way an
// xterm-like terminal moves its cursor, to catch any write past the bottom row: a line feed on the
// last row (the screen scrolls), a cursor move or address below it, or text wrapping off it. A
// frame that is taller than the terminal, or drawn a row too low, does one of these.
import stringWidth from 'string-width';

export type RowViolation = { at: number; what: string; context: string };

const SEQUENCE =
  // CSI (params, final byte) | OSC … BEL/ST | other two-byte ESC | a control | a run of text
  /\x1b\[([0-?]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^[\]]|[\x00-\x1f\x7f]|[^\x00-\x1f\x7f\x1b]+/gy;

export class RowTracker {
  /** 1-based, as the terminal counts. */
  row = 1;
  column = 1;
  /** The last column was written: the next printable character wraps first. */
  private pendingWrap = false;
  private saved = { row: 1, column: 1 };
  private tail = '';
  private offset = 0;
  readonly violations: RowViolation[] = [];

  constructor(
    public columns: number,
    public rows: number,
  ) {}

  /**
   * The terminal was resized to columns×rows. tmux, resizing the alternate screen, removes rows
   * below the cursor first and then from the top, and adds rows at the bottom, so the cursor's
   * row only changes when it would fall off. `limitRows` (at least `rows`) is how many rows the
   * output that follows may still use: while a program has not yet heard of the resize, what it
   * wrote for the old size is still arriving.
   */
  resize(columns: number, rows: number, limitRows = rows): void {
    this.columns = columns;
    this.rows = Math.max(rows, limitRows);
    this.row = Math.min(this.row, rows);
    this.column = Math.min(this.column, columns);
    this.pendingWrap = false;
  }

  /** How many characters of output have been followed so far (violations' `at` counts the same). */
  get position(): number {
    return this.offset;
  }

  /** Feeds more output; a sequence cut at the end waits for the rest. */
  feed(text: string): void {
    const input = this.tail + text;
    this.tail = '';
    SEQUENCE.lastIndex = 0;
    while (SEQUENCE.lastIndex < input.length) {
      const start = SEQUENCE.lastIndex;
      const match = SEQUENCE.exec(input);
      if (!match) {
        // An escape sequence not yet complete (or not one this model knows: skip its ESC).
        if (input.length - start < 64 && input[start] === '\x1b') {
          this.tail = input.slice(start);
          break;
        }
        SEQUENCE.lastIndex = start + 1;
        continue;
      }
      this.step(match, input, start);
    }
    this.offset += input.length - this.tail.length;
  }

  private violate(what: string, input: string, at: number): void {
    if (this.violations.length >= 20) return;
    const context = JSON.stringify(input.slice(Math.max(0, at - 60), at + 20));
    this.violations.push({ at: this.offset + at, what, context });
  }

  private moveTo(row: number, input: string, at: number, how: string): void {
    if (row > this.rows) this.violate(`${how} to row ${row} of ${this.rows}`, input, at);
    this.row = Math.max(1, Math.min(row, this.rows));
    this.pendingWrap = false;
  }

  private step(match: RegExpExecArray, input: string, at: number): void {
    const [token, params, , final] = match;
    if (final !== undefined) {
      if (params.startsWith('?') || params.startsWith('>') || params.startsWith('<')) return;
      const numbers = params.split(';').map((p) => (p === '' ? 0 : Number(p)));
      const n = Math.max(1, numbers[0] ?? 0);
      switch (final) {
        case 'A':
          this.row = Math.max(1, this.row - n);
          this.pendingWrap = false;
          return;
        case 'B':
          return this.moveTo(this.row + n, input, at, 'cursor down');
        case 'E':
          this.column = 1;
          return this.moveTo(this.row + n, input, at, 'next line');
        case 'F':
          this.row = Math.max(1, this.row - n);
          this.column = 1;
          this.pendingWrap = false;
          return;
        case 'G':
          this.column = Math.min(n, this.columns);
          this.pendingWrap = false;
          return;
        case 'H':
        case 'f':
          this.column = Math.min(Math.max(1, numbers[1] ?? 1), this.columns);
          return this.moveTo(n, input, at, 'cursor address');
        case 'd':
          return this.moveTo(n, input, at, 'row address');
        default:
          return; // erasing, colours, modes: the cursor stays
      }
    }
    if (token === '\x1b7') {
      this.saved = { row: this.row, column: this.column };
      return;
    }
    if (token === '\x1b8') {
      this.row = this.saved.row;
      this.column = this.saved.column;
      this.pendingWrap = false;
      return;
    }
    if (token.startsWith('\x1b')) return;
    if (token === '\r') {
      this.column = 1;
      this.pendingWrap = false;
      return;
    }
    if (token === '\n' || token === '\x0b' || token === '\x0c') {
      if (this.row >= this.rows)
        this.violate(`line feed on the bottom row (${this.rows}): the screen scrolls`, input, at);
      this.row = Math.min(this.row + 1, this.rows);
      this.pendingWrap = false;
      return;
    }
    if (token === '\b') {
      this.column = Math.max(1, this.column - 1);
      this.pendingWrap = false;
      return;
    }
    if (token.length === 1 && token < ' ') return;
    for (const { segment } of new Intl.Segmenter().segment(token)) {
      const width = stringWidth(segment);
      if (width === 0) continue;
      if (this.pendingWrap || this.column + width - 1 > this.columns) {
        if (this.row >= this.rows) this.violate(`text wraps off the bottom row (${this.rows})`, input, at);
        this.row = Math.min(this.row + 1, this.rows);
        this.column = 1;
        this.pendingWrap = false;
      }
      this.column += width;
      if (this.column > this.columns) {
        this.column = this.columns;
        this.pendingWrap = true;
      }
    }
  }
}
