// Spelling help for the operator's composer: verdicts on the words of a draft, suggestions for
// one, and the operator's own dictionary. Answers `ready: false` while the dictionaries load.
import { CheckSpellingInput, SpellingWordInput } from '../../shared/spelling';
import { authedProcedure, router } from './trpc';

export const spellingRouter = router({
  check: authedProcedure
    .input(CheckSpellingInput)
    .query(({ ctx, input }) => ctx.spelling.check(ctx.actor.id, input.words)),
  suggest: authedProcedure.input(SpellingWordInput).query(({ ctx, input }) => ctx.spelling.suggest(input.word)),
  addWord: authedProcedure.input(SpellingWordInput).mutation(async ({ ctx, input }) => {
    await ctx.spelling.words.add(ctx.actor.id, input.word);
    return { ok: true };
  }),
  removeWord: authedProcedure.input(SpellingWordInput).mutation(async ({ ctx, input }) => {
    await ctx.spelling.words.remove(ctx.actor.id, input.word);
    return { ok: true };
  }),
  /** The operator's own dictionary. */
  words: authedProcedure.query(async ({ ctx }) => ({ words: await ctx.spelling.words.list(ctx.actor.id) })),
});
