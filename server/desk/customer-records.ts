// A customer's identities and merges as clients see them (issue 18 §1), read from the store for
// the contact card (operator.customer), operator.customerIdentities and the admin CLI.
import type { CustomerIdentities, CustomerIdentity, CustomerMerge, IdentityKind } from '../../shared/customer-schemas';
import { movedCounts, movedFromJson } from '../domain/customer-merge';
import type { IdentityRow, MergeView } from '../store/identity-queries';
import type { Store } from '../store/store';
import { DeskError } from './errors';
import { conversationFromRow, type ChannelRecord } from './mappers';

export function identityFromRow(row: IdentityRow): CustomerIdentity {
  return {
    id: row.id,
    kind: row.kind as IdentityKind,
    value: row.value,
    source: row.source,
    verified: Number(row.verified) === 1,
    createdAt: Number(row.created_at),
  };
}

export function mergeFromView(row: MergeView): CustomerMerge {
  return {
    id: row.id,
    intoCustomerId: row.into_customer_id,
    fromCustomerId: row.from_customer_id,
    mergedBy: row.merged_by,
    mergedByName: row.merged_by_name,
    mergedAt: Number(row.merged_at),
    unmergedBy: row.unmerged_by,
    unmergedByName: row.unmerged_by_name,
    unmergedAt: row.unmerged_at === null ? null : Number(row.unmerged_at),
    moved: movedCounts(movedFromJson(row.moved)),
  };
}

/** The identities and merges of a customer that exists (its row read by the caller). */
export async function customerIdentities(
  store: Store,
  customer: { id: string; merged_into: string | null },
): Promise<CustomerIdentities> {
  const identities = await store.all(store.q.identitiesOfCustomer, { customer_id: customer.id });
  const merges = await store.all(store.q.mergesOfCustomer, { customer_id: customer.id });
  return {
    customerId: customer.id,
    mergedInto: customer.merged_into,
    identities: identities.map(identityFromRow),
    merges: merges.map(mergeFromView),
  };
}

/**
 * Everything about one customer, for supervisors and the admin CLI (`textdesk admin customer
 * show`): details, identities, merges, contacts, and the newest 50 conversations.
 */
export async function customerDetails(
  store: Store,
  customerId: string,
  channelOf: (channelId: string) => Pick<ChannelRecord, 'medium' | 'adapter'>,
) {
  const customer = await store.get(store.q.customerById, { id: customerId });
  if (!customer)
    throw new DeskError('NOT_FOUND', `customer ${customerId} does not exist: look it up with the customer search`);
  const contacts = await store.all(store.q.contactsOfCustomer, { customer_id: customer.id });
  const history = await store.all(store.q.conversationsOfCustomer, { customer_id: customer.id, limit: 50 });
  return {
    customer: {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      phone: customer.phone,
      givenEmail: customer.given_email,
      createdAt: Number(customer.created_at),
    },
    ...(await customerIdentities(store, customer)),
    contacts: contacts.map((c) => ({ channelId: c.channel_id, externalId: c.external_id })),
    conversations: history.map((row) => conversationFromRow(row, customer.name, channelOf(row.channel_id))),
  };
}
