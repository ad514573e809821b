// Search's procedure (issue 18 §3), spread into the operator router: every operator and
// supervisor may call it; what an operator finds is limited to the customers they serve now.
import { SearchInput } from '../../shared/search-schemas';
import { searchDesk } from '../desk/search';
import { authedProcedure } from './trpc';

export const searchProcedures = {
  /** Messages and customers holding every word of `text` (`word*`: a prefix), newest first. */
  search: authedProcedure
    .input(SearchInput)
    .query(({ ctx, input }) => searchDesk(ctx.desk.ctx.store, ctx.actor, input)),
};
