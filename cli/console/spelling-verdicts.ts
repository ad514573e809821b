// The console's memory of spelling verdicts (word → misspelt), filled by the server a few words
// at a time. A keystroke changes at most the word under the cursor, so it adds at most one
// question, asked when the cursor has left the word or after a short pause, and always after the
// frame is drawn: the keystroke never waits for the server. While the server is still loading
// its dictionaries the words stay unmarked and are asked again a second later.
import { MAX_CHECK_WORDS, type WordSpan } from '../../shared/spelling-words';
import type { ConsoleClient } from './console-client';

const PAUSE_MS = 150;
const NOT_READY_RETRY_MS = 1000;

export class SpellingVerdicts {
  private readonly misspeltByWord = new Map<string, boolean>();
  private readonly asking = new Set<string>();
  private wanted: readonly WordSpan[] = [];
  private cancelAsk: (() => void) | null = null;

  constructor(
    private readonly client: Pick<ConsoleClient, 'checkSpelling'>,
    /** Called when a word is newly found misspelt, so the draft is drawn with its mark. */
    private readonly onMarked: () => void,
  ) {}

  /** The spans of a draft judged misspelt so far. */
  misspelt(spans: readonly WordSpan[]): WordSpan[] {
    return spans.filter((span) => this.misspeltByWord.get(span.word) === true);
  }

  /** After each change of the draft; `cursor` in graphemes. */
  draftChanged(spans: readonly WordSpan[], cursor: number): void {
    this.wanted = spans;
    if (spans.every((span) => this.misspeltByWord.has(span.word))) return;
    const inWord = spans.some((span) => span.start <= cursor && cursor <= span.end);
    this.schedule(inWord ? PAUSE_MS : 0);
  }

  /**
   * A word the operator settled (a suggestion chosen, a word added): right, without asking. Its
   * other spellings in case are asked again, since an added word covers them on the server.
   */
  settle(word: string): void {
    const lower = word.toLowerCase();
    for (const known of this.misspeltByWord.keys())
      if (known.toLowerCase() === lower) this.misspeltByWord.delete(known);
    this.misspeltByWord.set(word, false);
  }

  stop(): void {
    this.cancelAsk?.();
    this.cancelAsk = null;
  }

  /** Asks after `ms`, or (0) on the next turn of the event loop: after this keystroke's frame. */
  private schedule(ms: number): void {
    this.stop();
    const ask = () => {
      this.cancelAsk = null;
      void this.ask();
    };
    if (ms === 0) {
      const immediate = setImmediate(ask);
      this.cancelAsk = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(ask, ms);
      this.cancelAsk = () => clearTimeout(timer);
    }
  }

  private async ask(): Promise<void> {
    const unjudged = [...new Set(this.wanted.map((span) => span.word))].filter(
      (word) => !this.misspeltByWord.has(word) && !this.asking.has(word),
    );
    const words = unjudged.slice(0, MAX_CHECK_WORDS);
    if (words.length === 0) return;
    for (const word of words) this.asking.add(word);
    try {
      const result = await this.client.checkSpelling(words);
      if (!result.ready) return this.schedule(NOT_READY_RETRY_MS);
      const misspelt = new Set(result.misspelt);
      for (const word of words) this.misspeltByWord.set(word, misspelt.has(word));
      if (misspelt.size > 0) this.onMarked();
      if (unjudged.length > words.length) this.schedule(0);
    } catch {
      // Spelling help is a convenience: a failed check leaves the words unmarked until the next change.
    } finally {
      for (const word of words) this.asking.delete(word);
    }
  }
}
