// Spelling verdicts for an operator's words: a word is right if a template uses it (brand and product
// names live there), if the operator added it to their own dictionary, or if the dictionary of
// its script accepts it. Words the word rule does not check (shared/spelling-words.ts) are never
// reported, whatever the console sends.
import type { CheckSpellingResult, SuggestResult } from '../../shared/spelling';
import { MAX_SUGGESTIONS, spellingLang, wordSpans, type SpellingLang } from '../../shared/spelling-words';
import type { Template } from '../../shared/schemas';
import type { Dictionaries } from './dictionaries';
import type { OperatorWords } from './operator-words';

export type TemplateSource = { list(): Template[]; readonly revision: number };

const graphemes = new Intl.Segmenter();

export class SpellChecker {
  private templateWords = { revision: -1, words: new Set<string>() };

  constructor(
    private readonly dictionaries: Dictionaries,
    readonly words: OperatorWords,
    private readonly templates: TemplateSource,
  ) {}

  async check(operatorId: string, words: readonly string[]): Promise<CheckSpellingResult> {
    const asked: Array<[SpellingLang, string]> = [];
    for (const word of new Set(words)) {
      const lang = spellingLang(word);
      if (lang && !(await this.isKnown(operatorId, word))) asked.push([lang, word]);
    }
    const misspelt = await this.dictionaries.misspelt(asked);
    return misspelt ? { ready: true, misspelt } : { ready: false, misspelt: [] };
  }

  async suggest(word: string): Promise<SuggestResult> {
    const lang = spellingLang(word);
    if (!lang) return { ready: this.dictionaries.ready, suggestions: [] };
    const suggestions = await this.dictionaries.suggestions(lang, word);
    return suggestions
      ? { ready: true, suggestions: suggestions.filter((s) => s !== word).slice(0, MAX_SUGGESTIONS) }
      : { ready: false, suggestions: [] };
  }

  private async isKnown(operatorId: string, word: string): Promise<boolean> {
    return this.inTemplates(word) || (await this.words.has(operatorId, word));
  }

  /** Template words, lower-cased, rebuilt only after a template was added or deleted. */
  private inTemplates(word: string): boolean {
    if (this.templateWords.revision !== this.templates.revision) {
      const words = new Set<string>();
      for (const template of this.templates.list()) {
        // A placeholder such as {{customer.name}} is not prose.
        const text = template.text.replace(/\{\{[^}]*\}\}/g, ' ');
        const split = Array.from(graphemes.segment(text), (s) => s.segment);
        for (const span of wordSpans(split)) words.add(span.word.toLowerCase());
      }
      this.templateWords = { revision: this.templates.revision, words };
    }
    return this.templateWords.words.has(word.toLowerCase());
  }
}
