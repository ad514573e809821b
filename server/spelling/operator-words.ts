// Each operator's own spelling dictionary ("add to my dictionary"): stored on the server so it
// follows them to any terminal, and read once per operator into memory, since every spelling
// check consults it. A deleted operator's rows go with them (Directory.deleteOperator); their
// cached set is then unreachable, as nothing can act as a deleted operator.
import { ChangeSet } from '../desk/changes';
import type { DeskContext } from '../desk/context';

export class OperatorWords {
  private readonly byOperator = new Map<string, Promise<Set<string>>>();

  constructor(private readonly ctx: Pick<DeskContext, 'store' | 'clock' | 'onFatal'>) {}

  /** The operator's words as they added them, sorted. */
  async list(operatorId: string): Promise<string[]> {
    return [...(await this.of(operatorId))].sort((a, b) => a.localeCompare(b));
  }

  /** Whether the operator added `word`, in any case ("Textdesk" covers "textdesk"). */
  async has(operatorId: string, word: string): Promise<boolean> {
    const words = await this.of(operatorId);
    const lower = word.toLowerCase();
    for (const known of words) if (known.toLowerCase() === lower) return true;
    return false;
  }

  async add(operatorId: string, word: string): Promise<void> {
    const words = await this.of(operatorId);
    if (words.has(word)) return;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.insertOperatorWord, { operator_id: operatorId, word, created_at: changes.at });
    await changes.commit();
    words.add(word);
  }

  async remove(operatorId: string, word: string): Promise<void> {
    const words = await this.of(operatorId);
    if (!words.has(word)) return;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.deleteOperatorWord, { operator_id: operatorId, word });
    await changes.commit();
    words.delete(word);
  }

  private of(operatorId: string): Promise<Set<string>> {
    let words = this.byOperator.get(operatorId);
    if (!words) {
      const { store } = this.ctx;
      words = store
        .all(store.q.wordsOfOperator, { operator_id: operatorId })
        .then((rows) => new Set(rows.map((r) => r.word)));
      // A failed read is tried again on the next request rather than remembered.
      words.catch(() => this.byOperator.delete(operatorId));
      this.byOperator.set(operatorId, words);
    }
    return words;
  }
}
