// The SQL behind one customer across channels (issue 18 §1): the identities customers are linked
// on, and manual merges with what each moved, so that an unmerge puts exactly those rows back.
import type { Kysely, Selectable } from 'kysely';
import { param as p, params, prepare } from './prepared';
import type { CustomerIdentitiesTable, CustomerMergesTable, Database } from './schema';

export type IdentityRow = Selectable<CustomerIdentitiesTable>;
export type MergeRow = Selectable<CustomerMergesTable>;
/** A merge with the names of who merged and unmerged (a deleted operator's from former_operators). */
export type MergeView = MergeRow & { merged_by_name: string | null; unmerged_by_name: string | null };

/** A move of rows from one customer to another: all of them, or one row by its key. */
type Move = { from: string; into: string };

const IDENTITY_COLUMNS = ['id', 'kind', 'value', 'customer_id', 'source', 'verified', 'created_at'] as const;
const MERGE_COLUMNS = ['id', 'into_customer_id', 'from_customer_id', 'moved', 'merged_by', 'merged_at'] as const;

export function identityQueries(db: Kysely<Database>) {
  const mergeView = db
    .selectFrom('customer_merges as m')
    .leftJoin('operators as op', 'op.id', 'm.merged_by')
    .leftJoin('former_operators as fo', 'fo.id', 'm.merged_by')
    .leftJoin('operators as uop', 'uop.id', 'm.unmerged_by')
    .leftJoin('former_operators as ufo', 'ufo.id', 'm.unmerged_by')
    .selectAll('m')
    .select((eb) => [
      eb.fn.coalesce('op.name', 'fo.name').as('merged_by_name'),
      eb.fn.coalesce('uop.name', 'ufo.name').as('unmerged_by_name'),
    ]);
  const moveAll = (table: 'conversations' | 'contacts' | 'customer_identities' | 'callbacks') =>
    prepare<Move>(
      db
        .updateTable(table)
        .set({ customer_id: p('into') })
        .where('customer_id', '=', p('from')),
    );
  const moveOne = (table: 'conversations' | 'customer_identities' | 'callbacks') =>
    prepare<Move & { id: string }>(
      db
        .updateTable(table)
        .set({ customer_id: p('into') })
        .where('id', '=', p('id'))
        .where('customer_id', '=', p('from')),
    );
  return {
    /** A second claim of a verified identity (two new contacts at once) is dropped: the first keeps it. */
    insertIdentity: prepare<IdentityRow>(
      db
        .insertInto('customer_identities')
        .values(params<IdentityRow>(IDENTITY_COLUMNS))
        .onConflict((oc) => oc.doNothing()),
    ),
    verifiedIdentity: prepare<{ kind: string; value: string }, IdentityRow>(
      db
        .selectFrom('customer_identities')
        .selectAll()
        .where('kind', '=', p('kind'))
        .where('value', '=', p('value'))
        .where('verified', '=', 1),
    ),
    identitiesOfCustomer: prepare<{ customer_id: string }, IdentityRow>(
      db
        .selectFrom('customer_identities')
        .selectAll()
        .where('customer_id', '=', p('customer_id'))
        .orderBy('created_at')
        .orderBy('id'),
    ),
    contactsOfCustomer: prepare<{ customer_id: string }, { channel_id: string; external_id: string }>(
      db
        .selectFrom('contacts')
        .select(['channel_id', 'external_id'])
        .where('customer_id', '=', p('customer_id'))
        .orderBy('channel_id')
        .orderBy('external_id'),
    ),
    conversationIdsOfCustomer: prepare<{ customer_id: string }, { id: string }>(
      db.selectFrom('conversations').select('id').where('customer_id', '=', p('customer_id')).orderBy('id'),
    ),
    callbackIdsOfCustomer: prepare<{ customer_id: string }, { id: string }>(
      db.selectFrom('callbacks').select('id').where('customer_id', '=', p('customer_id')).orderBy('id'),
    ),
    /** A merge moves all of the customer's rows; an unmerge moves back one recorded row at a time. */
    mergeConversations: moveAll('conversations'),
    mergeContacts: moveAll('contacts'),
    mergeIdentities: moveAll('customer_identities'),
    mergeCallbacks: moveAll('callbacks'),
    unmergeConversation: moveOne('conversations'),
    unmergeIdentity: moveOne('customer_identities'),
    unmergeCallback: moveOne('callbacks'),
    unmergeContact: prepare<Move & { channel_id: string; external_id: string }>(
      db
        .updateTable('contacts')
        .set({ customer_id: p('into') })
        .where('channel_id', '=', p('channel_id'))
        .where('external_id', '=', p('external_id'))
        .where('customer_id', '=', p('from')),
    ),
    /** Marks a customer merged into another (or, with null, standing on its own again). */
    setMergedInto: prepare<{ id: string; merged_into: string | null }>(
      db
        .updateTable('customers')
        .set({ merged_into: p<string | null>('merged_into') })
        .where('id', '=', p('id')),
    ),
    insertMerge: prepare<Omit<MergeRow, 'unmerged_by' | 'unmerged_at'>>(
      db.insertInto('customer_merges').values(params<MergeRow>(MERGE_COLUMNS)),
    ),
    /** Undone once only: a second unmerge of the same merge changes nothing (it finds no row). */
    markUnmerged: prepare<{ id: string; unmerged_by: string; unmerged_at: number }>(
      db
        .updateTable('customer_merges')
        .set({ unmerged_by: p('unmerged_by'), unmerged_at: p<number>('unmerged_at') })
        .where('id', '=', p('id'))
        .where('unmerged_at', 'is', null),
    ),
    mergeById: prepare<{ id: string }, MergeView>(mergeView.where('m.id', '=', p('id'))),
    /** Merges into or from a customer, oldest first. */
    mergesOfCustomer: prepare<{ customer_id: string }, MergeView>(
      mergeView
        .where((eb) =>
          eb.or([eb('m.into_customer_id', '=', p('customer_id')), eb('m.from_customer_id', '=', p('customer_id'))]),
        )
        .orderBy('m.merged_at')
        .orderBy('m.id'),
    ),
  };
}
