// The customer's history on the wire (issue 18 §2): one page of the contact card's list of
// conversations, newest first, and the cursor that asks for the next page.
import { z } from 'zod';
import { LIMITS } from './limits';
import { ConversationRef, epochMs, type Conversation, type Customer } from './schemas';
import { deskId } from './text-rules';

/** Conversations one call of operator.customer lists at most. */
export const HISTORY_PAGE = 50;

export const CustomerHistoryInput = ConversationRef.extend({
  limit: z.number().int().min(1).max(HISTORY_PAGE).default(HISTORY_PAGE),
  /**
   * Only conversations older than this one (the last of the previous page): created before
   * `createdAt`, or at the same moment with a smaller id, so a page never repeats or skips one.
   */
  before: z
    .object({ createdAt: epochMs, id: deskId(LIMITS.id) })
    .strict()
    .optional(),
});

export type HistoryCursor = NonNullable<z.input<typeof CustomerHistoryInput>['before']>;

/** A conversation as the card lists it: with the name of the operator who held it last. */
export type HistoryEntry = Conversation & { operatorName: string | null };

export type CustomerHistoryPage = {
  customer: Customer;
  conversations: HistoryEntry[];
  /** Older conversations are left: ask again with `before` set to the last one here. */
  more: boolean;
};
