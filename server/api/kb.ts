// The knowledge base's procedures (issue 18 §5), spread into the audience routers: operators
// search and read articles and record a use; admins write them; supervisors read the top articles.
import {
  KbArticleInput,
  KbArticlePatch,
  KbArticleRef,
  KbSearchInput,
  KbUsageInput,
  KbUseInput,
} from '../../shared/kb-schemas';
import { adminProcedure, authedProcedure, supervisorProcedure } from './trpc';

export const kbOperatorProcedures = {
  /** Articles matching every word typed (each a prefix), best first. */
  kbSearch: authedProcedure
    .input(KbSearchInput)
    .query(({ ctx, input }) => ctx.desk.kb.search(input.query, input.limit)),
  kbArticle: authedProcedure.input(KbArticleRef).query(({ ctx, input }) => ctx.desk.kb.article(input.id)),
  /** A paragraph or link of the article went into the draft of an open dialog of the caller's. */
  kbUsed: authedProcedure.input(KbUseInput).mutation(async ({ ctx, input }) => {
    await ctx.desk.kb.recordUse(ctx.actor, input);
    return { ok: true };
  }),
};

export const kbAdminProcedures = {
  /** Refused (CONFLICT) when the id is taken: `kbSet` changes an article. */
  kbAdd: adminProcedure.input(KbArticleInput).mutation(({ ctx, input }) => ctx.desk.kb.add(input)),
  kbSet: adminProcedure.input(KbArticlePatch).mutation(({ ctx, input }) => ctx.desk.kb.set(input)),
  /** Adds or replaces an article whole (the folder import); the same content again changes nothing. */
  kbPut: adminProcedure.input(KbArticleInput).mutation(({ ctx, input }) => ctx.desk.kb.put(input)),
  kbDelete: adminProcedure.input(KbArticleRef).mutation(async ({ ctx, input }) => {
    await ctx.desk.kb.delete(input.id);
    return { id: input.id, deleted: true };
  }),
  kbList: adminProcedure.query(({ ctx }) => ctx.desk.kb.list()),
};

export const kbSupervisorProcedures = {
  /** The most used articles in [from, to): `textdesk report --articles`. */
  kbUsage: supervisorProcedure
    .input(KbUsageInput)
    .query(({ ctx, input }) => ctx.desk.kb.usage(input.from, input.to, input.limit)),
};
