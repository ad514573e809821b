// The SQL behind call-backs someone keeps (issue 17 §5): requests stored, listed for the
// dashboard's pane, re-armed for their overdue alert on start, and moved only forward.
import type { Kysely, Selectable } from 'kysely';
import { param as p, params, prepare, type NoArgs } from './prepared';
import type { CallbacksTable, Database } from './schema';

export type CallbackRow = Selectable<CallbacksTable>;
/** A call-back with the names supervisors read: the customer's, and the operator's who asked. */
export type CallbackView = CallbackRow & { customer_name: string | null; requested_by_name: string | null };

const CALLBACK_COLUMNS = [
  'id',
  'conversation_id',
  'customer_id',
  'queue_id',
  'phone',
  'reason',
  'requested_by',
  'requested_at',
  'status',
  'claimed_by',
  'claimed_at',
  'closed_at',
  'outcome',
  'alerted_at',
] as const;

export function callbackQueries(db: Kysely<Database>) {
  // A call-back as supervisors read it; an operator deleted since keeps their name in former_operators.
  const callbackView = db
    .selectFrom('callbacks as cb')
    .leftJoin('customers as cu', 'cu.id', 'cb.customer_id')
    .leftJoin('operators as op', 'op.id', 'cb.requested_by')
    .leftJoin('former_operators as fo', 'fo.id', 'cb.requested_by')
    .selectAll('cb')
    .select((eb) => ['cu.name as customer_name', eb.fn.coalesce('op.name', 'fo.name').as('requested_by_name')]);
  return {
    insertCallback: prepare<CallbackRow>(db.insertInto('callbacks').values(params<CallbackRow>(CALLBACK_COLUMNS))),
    callbackById: prepare<{ id: string }, CallbackView>(callbackView.where('cb.id', '=', p('id'))),
    /** Requests not closed yet (open or claimed), oldest first: the dashboard's call-backs pane. */
    callbacksNotClosed: prepare<{ limit: number }, CallbackView>(
      callbackView
        .where('cb.status', 'in', ['open', 'claimed'])
        .orderBy('cb.requested_at')
        .orderBy('cb.id')
        .limit(p<number>('limit')),
    ),
    /** The newest requests whatever their state, newest first. */
    recentCallbacks: prepare<{ limit: number }, CallbackView>(
      callbackView.orderBy('cb.requested_at', 'desc').orderBy('cb.id', 'desc').limit(p<number>('limit')),
    ),
    /** Unclaimed requests whose overdue alert has not been raised: re-armed on start. */
    callbacksToWatch: prepare<NoArgs, CallbackRow>(
      db
        .selectFrom('callbacks')
        .selectAll()
        .where('status', '=', 'open')
        .where('alerted_at', 'is', null)
        .orderBy('requested_at'),
    ),
    /** Moves a request on only from the state it was read in: state moves forward, never back. */
    moveCallback: prepare<
      Pick<CallbackRow, 'id' | 'status' | 'claimed_by' | 'claimed_at' | 'closed_at' | 'outcome'> & { from: string }
    >(
      db
        .updateTable('callbacks')
        .set({
          status: p('status'),
          claimed_by: p('claimed_by'),
          claimed_at: p<number | null>('claimed_at'),
          closed_at: p<number | null>('closed_at'),
          outcome: p('outcome'),
        })
        .where('id', '=', p('id'))
        .where('status', '=', p('from')),
    ),
    callbackAlerted: prepare<{ id: string; alerted_at: number }>(
      db
        .updateTable('callbacks')
        .set({ alerted_at: p<number>('alerted_at') })
        .where('id', '=', p('id')),
    ),
  };
}
