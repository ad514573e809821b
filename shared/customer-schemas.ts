// One customer across channels on the wire (issue 18 §1): a customer's identities, manual merges
// and their undoing. Imports nothing from shared/schemas.ts, which imports the event from here.
import { z } from 'zod';
import { LIMITS } from './limits';
import { deskId } from './text-rules';

const id = deskId(LIMITS.id);
const epochMs = z.number().int().nonnegative();

export const IdentityKind = z.enum(['email', 'phone']);
export type IdentityKind = z.infer<typeof IdentityKind>;

/** An e-mail address (lower-cased) or phone number (E.164) of a customer, and how the desk learnt it. */
export const CustomerIdentity = z.object({
  id,
  kind: IdentityKind,
  value: z.string(),
  /**
   * Where it came from: `email-sender`, `sms-sender`, `whatsapp-sender`, `telegram-contact`,
   * `webchat-identify` (verified), `prechat` (typed), or `backfill-…` (migration 024).
   */
  source: z.string(),
  /** Only verified identities link customers; typed ones are shown and never trusted. */
  verified: z.boolean(),
  createdAt: epochMs,
});
export type CustomerIdentity = z.infer<typeof CustomerIdentity>;

/** A manual merge: `fromCustomerId` joined `intoCustomerId`; undone when `unmergedAt` is set. */
export const CustomerMerge = z.object({
  id,
  intoCustomerId: id,
  fromCustomerId: id,
  mergedBy: id,
  mergedByName: z.string().nullable(),
  mergedAt: epochMs,
  unmergedBy: id.nullable(),
  unmergedByName: z.string().nullable(),
  unmergedAt: epochMs.nullable(),
  /** How many rows the merge moved, of each kind (an unmerge moves exactly these back). */
  moved: z.object({
    conversations: z.number().int(),
    contacts: z.number().int(),
    identities: z.number().int(),
    callbacks: z.number().int(),
  }),
});
export type CustomerMerge = z.infer<typeof CustomerMerge>;

/** A customer's identities and the merges into or out of them, oldest first. */
export const CustomerIdentities = z.object({
  customerId: id,
  /** Set when this customer was merged into another (and the merge stands). */
  mergedInto: id.nullable(),
  identities: z.array(CustomerIdentity),
  merges: z.array(CustomerMerge),
});
export type CustomerIdentities = z.infer<typeof CustomerIdentities>;

/**
 * operator.mergeCustomers: the customer `customerId` joins the customer of the conversation (the
 * one the operator is answering keeps its id). An operator may do it from a dialog they hold now;
 * supervisors from any open dialog.
 */
export const MergeCustomersInput = z.object({ conversationId: id, customerId: id }).strict();
/** supervisor.mergeCustomersById (and `textdesk admin customer merge`): any two customers. */
export const MergeCustomersByIdInput = z.object({ intoCustomerId: id, fromCustomerId: id }).strict();
export const UnmergeCustomersInput = z.object({ mergeId: id }).strict();
export const CustomerIdInput = z.object({ customerId: id }).strict();
export const CustomerOfConversationInput = z.object({ conversationId: id }).strict();

/** What a merge or unmerge answers: the merge as it now stands. */
export const MergeResult = z.object({ merge: CustomerMerge });
export type MergeResult = z.infer<typeof MergeResult>;

/** Live event to the holders of the customers' open dialogs and to supervisors: reload the contact card. */
export const CustomerMergedEvent = z.object({
  type: z.literal('customer.merged'),
  mergeId: id,
  intoCustomerId: id,
  fromCustomerId: id,
  /** false: a merge; true: its undoing. */
  undone: z.boolean(),
});
