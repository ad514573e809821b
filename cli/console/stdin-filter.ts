// What reaches Ink from the keyboard. Ink 6.8 crashes on a Ctrl-modified CSI key it has no name
// for (vadimdemedes/ink#901: ESC[1;5P, Ctrl+F1 in VS Code's terminal, makes useInput call
// `undefined.startsWith`), and types other unknown sequences into the app as text (ink#1013:
// focus reports ESC[I, cursor position reports ESC[24;80R, mouse reports). So the console reads
// the terminal through this filter, which passes text and the keys the keymap can use, and drops
// every other complete escape sequence.
//
// Ink also splits a chunk into keypresses only at escape sequences: keys that arrive together
// (tmux send-keys, a fast typist over SSH) reach useInput as one string, like a paste.
// keypressesOf() takes such a string apart again when it holds a control key.
import { PassThrough } from 'node:stream';
import type { Key } from 'ink';
import { splitGraphemes } from './text-layout';

/** Final bytes of CSI keys Ink knows: arrows, Home/End (H/F), keypad 5 (E), Shift+Tab (Z). */
const CSI_KEY_FINALS = new Set(['A', 'B', 'C', 'D', 'E', 'F', 'H', 'Z']);
/** `ESC [ n ~` keys Ink knows: Home, Insert, Delete, End, PgUp, PgDn, rxvt Home/End, F1–F12. */
const TILDE_KEYS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24]);

/** A CSI sequence at `start` (pointing at ESC), or null when incomplete. */
function csiEnd(text: string, start: number): number | null {
  for (let i = start + 2; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x3f) continue;
    if (code === 0x5b && i === start + 2) continue; // ESC [ [ A, the Linux console's F-keys
    return code >= 0x40 && code <= 0x7e ? i + 1 : i;
  }
  return null;
}

/** Whether Ink can parse a complete CSI sequence (ESC, optional ESC for Alt, `[`, body). */
export function isKnownCsiKey(sequence: string): boolean {
  const body = sequence.replace(/^\x1b{1,2}\[/, '');
  if (/^\[[A-E]$/.test(body) || /^\[[0-9]+~$/.test(body)) return true;
  const final = body.slice(-1);
  const params = body.slice(0, -1);
  // Either no parameters, or the "1;modifier" form xterm uses for modified keys.
  const plainOrModified = params === '' || /^1;[0-9]+$/.test(params);
  if (CSI_KEY_FINALS.has(final)) return plainOrModified;
  if (final === '~') {
    const match = /^([0-9]+)(?:;[0-9]+)?$/.exec(params);
    return match !== null && TILDE_KEYS.has(Number(match[1]));
  }
  // P/Q/R/S: F1–F4 are known only without a modifier (with one, they are the #901 crash; and
  // ESC[24;80R is a cursor position report, not F3).
  return 'PQRS'.includes(final) && params === '';
}

/**
 * Drops the complete escape sequences Ink cannot take; everything else passes unchanged. An
 * incomplete sequence at the end of a chunk also passes: Ink's own parser waits for its rest.
 */
export function filterTerminalInput(chunk: string): string {
  if (!chunk.includes('\x1b[')) return chunk;
  let out = '';
  let i = 0;
  while (i < chunk.length) {
    const escape = chunk.indexOf('\x1b', i);
    if (escape < 0) {
      out += chunk.slice(i);
      break;
    }
    out += chunk.slice(i, escape);
    const prefix = chunk[escape + 1] === '\x1b' ? 2 : 1;
    if (chunk[escape + prefix] !== '[') {
      out += chunk.slice(escape, escape + prefix);
      i = escape + prefix;
      continue;
    }
    const end = csiEnd(chunk, escape + prefix - 1);
    if (end === null) {
      out += chunk.slice(escape);
      break;
    }
    const sequence = chunk.slice(escape, end);
    if (isKnownCsiKey(sequence)) out += sequence;
    i = end;
  }
  return out;
}

/** A terminal input stream as Ink expects one (TTY, raw mode, ref/unref), filtered. */
export type FilteredStdin = NodeJS.ReadStream & { detach(): void };

export function filteredStdin(source: NodeJS.ReadStream = process.stdin): FilteredStdin {
  const stream = new PassThrough({ encoding: 'utf8' }) as unknown as FilteredStdin & PassThrough;
  const forward = (data: Buffer | string) => {
    const text = filterTerminalInput(typeof data === 'string' ? data : data.toString('utf8'));
    if (text !== '') stream.write(text);
  };
  let attached = false;
  Object.assign(stream, {
    isTTY: source.isTTY,
    setRawMode(mode: boolean) {
      source.setRawMode?.(mode);
      if (mode && !attached) {
        source.on('data', forward);
        source.resume();
        attached = true;
      } else if (!mode && attached) {
        source.off('data', forward);
        source.pause();
        attached = false;
      }
      return stream;
    },
    ref() {
      source.ref?.();
      return stream;
    },
    unref() {
      source.unref?.();
      return stream;
    },
    detach() {
      source.off('data', forward);
      attached = false;
    },
  });
  return stream;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** Control keys a typist presses but pasted text does not hold: C0 less Tab, LF, CR; and DEL. */
const TYPED_CONTROL = /[\x00-\x08\x0b-\x0c\x0e-\x1a\x7f]/;

/** What Ink's useInput reports for one character typed alone (as its parse-keypress does). */
function keypressOf(char: string): { input: string; key: Key } {
  if (char === '\r') return { input: '\r', key: { ...NO_KEY, return: true } };
  if (char === '\t') return { input: '', key: { ...NO_KEY, tab: true } };
  if (char === '\x7f') return { input: '', key: { ...NO_KEY, delete: true } };
  if (char === '\b') return { input: '', key: { ...NO_KEY, backspace: true } };
  const code = char.length === 1 ? char.charCodeAt(0) : -1;
  if (code >= 0 && code <= 0x1a && char !== '\n')
    return { input: code === 0 ? '`' : String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } };
  return { input: char, key: { ...NO_KEY, shift: /^[A-Z]$/.test(char) } };
}

/**
 * The keypresses in one useInput call. A string of several characters is a paste unless it holds
 * a control key (Ctrl+T, Backspace…) that pasted text never does: then it is keys typed faster
 * than the terminal was read, and each is handled in turn, so Ctrl+T, a search and Enter open
 * the picker, search and choose, as when typed slowly. A paste stays whole: its line breaks are
 * text, and an Enter inside it never sends. (Escape sequences are already split off by Ink.)
 */
export function keypressesOf(input: string, key: Key): Array<{ input: string; key: Key }> {
  const graphemes = splitGraphemes(input);
  if (graphemes.length < 2 || !TYPED_CONTROL.test(input)) return [{ input, key }];
  return graphemes.map(keypressOf);
}
