// The SQL behind the contact card's history (issue 18 §2): a customer's conversations, newest
// first, a page at a time, each with the name of the operator who held it last.
import type { Kysely } from 'kysely';
import { param as p, prepare } from './prepared';
import type { ConversationRow } from './queries';
import type { Database } from './schema';

/** A conversation with its last operator's name; one deleted since keeps theirs in former_operators. */
export type HistoryRow = ConversationRow & { operator_name: string | null };

export function historyQueries(db: Kysely<Database>) {
  const history = db
    .selectFrom('conversations as c')
    .leftJoin('operators as op', 'op.id', 'c.last_operator_id')
    .leftJoin('former_operators as fo', 'fo.id', 'c.last_operator_id')
    .selectAll('c')
    .select((eb) => eb.fn.coalesce('op.name', 'fo.name').as('operator_name'))
    .where('c.customer_id', '=', p('customer_id'));
  const newestFirst = <Q extends typeof history>(query: Q) =>
    query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(p<number>('limit'));
  return {
    historyOfCustomer: prepare<{ customer_id: string; limit: number }, HistoryRow>(newestFirst(history)),
    /** The page after one that ended at (before_at, before_id): keyset paging, so a page never repeats a row. */
    historyOfCustomerBefore: prepare<
      { customer_id: string; limit: number; before_at: number; before_id: string },
      HistoryRow
    >(
      newestFirst(
        history.where((eb) =>
          eb.or([
            eb('c.created_at', '<', p<number>('before_at')),
            eb.and([eb('c.created_at', '=', p<number>('before_at')), eb('c.id', '<', p('before_id'))]),
          ]),
        ),
      ),
    ),
  };
}
