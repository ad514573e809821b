// Manual merge and unmerge of customers (issue 18 §1): the rules are the domain's
// (domain/customer-merge.ts); this reads the rows, commits the moves with the merge log in one
// change set, moves the open conversations in memory, and tells the consoles that show them.
// Merges run one at a time, so two merges never read the same customer's rows at once.
import type { CustomerMerge } from '../../shared/customer-schemas';
import type { Conversation } from '../../shared/schemas';
import {
  checkMerge,
  checkUnmerge,
  MergeRefused,
  movedFromJson,
  movedToJson,
  type MergeSubject,
  type MovedRows,
} from '../domain/customer-merge';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import { mergeFromView } from './customer-records';
import { DeskError } from './errors';
import { KeyedSerializer } from './keyed-serializer';
import type { OperatorRecord } from './mappers';
import { writableConversation } from './operator-actions';

type CustomerFound = MergeSubject & { name: string | null };

export class CustomerMerges {
  private readonly serial = new KeyedSerializer();

  constructor(
    private readonly ctx: DeskContext,
    private readonly book: ConversationBook,
  ) {}

  /**
   * The customer `customerId` joins the customer of a conversation the actor may write in (an
   * operator's own open dialog; any open one for supervisors): the dialog's customer keeps its id.
   */
  mergeIntoConversation(actor: OperatorRecord, conversationId: string, customerId: string): Promise<CustomerMerge> {
    const conversation = writableConversation(this.book, actor, conversationId);
    return this.merge(actor, conversation.customerId, customerId);
  }

  merge(actor: OperatorRecord, intoId: string, fromId: string): Promise<CustomerMerge> {
    return this.serial.run('merges', async () => {
      const { store, ids } = this.ctx;
      const into = await this.customer(intoId);
      const from = await this.customer(fromId);
      refusedAsDeskError(() => checkMerge(into, from));
      this.ctx.disk.assertRoom();
      const moved = await this.rowsOf(from.id);
      const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
      const move = { from: from.id, into: into.id };
      changes.write(store.q.mergeConversations, move);
      changes.write(store.q.mergeContacts, move);
      changes.write(store.q.mergeIdentities, move);
      changes.write(store.q.mergeCallbacks, move);
      changes.write(store.q.setMergedInto, { id: from.id, merged_into: into.id });
      const mergeId = ids.next();
      changes.write(store.q.insertMerge, {
        id: mergeId,
        into_customer_id: into.id,
        from_customer_id: from.id,
        moved: movedToJson(moved),
        merged_by: actor.id,
        merged_at: changes.at,
      });
      const touched = this.moveOpen(changes, (c) => c.customerId === from.id, into);
      this.tell(changes, touched, { mergeId, intoCustomerId: into.id, fromCustomerId: from.id, undone: false });
      await changes.commit();
      return this.read(mergeId);
    });
  }

  /** Moves back exactly what the merge moved; what arrived since stays with the customer merged into. */
  unmerge(actor: OperatorRecord, mergeId: string): Promise<CustomerMerge> {
    return this.serial.run('merges', async () => {
      const { store } = this.ctx;
      const row = await store.get(store.q.mergeById, { id: mergeId });
      if (!row) throw new DeskError('NOT_FOUND', `merge ${mergeId} does not exist: see the customer's merges`);
      const into = await this.customer(row.into_customer_id);
      const from = await this.customer(row.from_customer_id);
      refusedAsDeskError(() => checkUnmerge({ id: row.id, unmergedAt: row.unmerged_at }, into));
      this.ctx.disk.assertRoom();
      const moved = movedFromJson(row.moved);
      const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
      const back = { from: into.id, into: from.id };
      for (const id of moved.conversations) changes.write(store.q.unmergeConversation, { ...back, id });
      for (const c of moved.contacts)
        changes.write(store.q.unmergeContact, { ...back, channel_id: c.channelId, external_id: c.externalId });
      for (const id of moved.identities) changes.write(store.q.unmergeIdentity, { ...back, id });
      for (const id of moved.callbacks) changes.write(store.q.unmergeCallback, { ...back, id });
      changes.write(store.q.setMergedInto, { id: from.id, merged_into: null });
      changes.write(store.q.markUnmerged, { id: row.id, unmerged_by: actor.id, unmerged_at: changes.at });
      const returning = new Set(moved.conversations);
      const touched = this.moveOpen(changes, (c) => c.customerId === into.id && returning.has(c.id), from);
      // The holders of the survivor's other dialogs see its card shrink.
      touched.push(...this.book.all().filter((c) => c.customerId === into.id));
      this.tell(changes, touched, { mergeId, intoCustomerId: into.id, fromCustomerId: from.id, undone: true });
      await changes.commit();
      return this.read(mergeId);
    });
  }

  private async customer(id: string): Promise<CustomerFound> {
    const row = await this.ctx.store.get(this.ctx.store.q.customerById, { id });
    if (!row) throw new DeskError('NOT_FOUND', `customer ${id} does not exist: look it up with the customer search`);
    return { id: row.id, name: row.name, mergedInto: row.merged_into };
  }

  private async rowsOf(customerId: string): Promise<MovedRows> {
    const { store } = this.ctx;
    const args = { customer_id: customerId };
    const conversations = await store.all(store.q.conversationIdsOfCustomer, args);
    const contacts = await store.all(store.q.contactsOfCustomer, args);
    const identities = await store.all(store.q.identitiesOfCustomer, args);
    const callbacks = await store.all(store.q.callbackIdsOfCustomer, args);
    return {
      conversations: conversations.map((r) => r.id),
      contacts: contacts.map((r) => ({ channelId: r.channel_id, externalId: r.external_id })),
      identities: identities.map((r) => r.id),
      callbacks: callbacks.map((r) => r.id),
    };
  }

  /** Gives the open conversations `which` picks to `to` in memory (and their rows), told to their holders. */
  private moveOpen(changes: ChangeSet, which: (c: Conversation) => boolean, to: CustomerFound): Conversation[] {
    const moved: Conversation[] = [];
    for (const open of this.book.all().filter(which)) {
      const conversation = this.book.save(changes, { ...open, customerId: to.id, customerName: to.name });
      this.book.announce(changes, conversation, conversation.operatorId);
      moved.push(conversation);
    }
    return moved;
  }

  /** The merge event, to the holder of every open dialog of the two customers, and to supervisors. */
  private tell(
    changes: ChangeSet,
    touched: Conversation[],
    about: { mergeId: string; intoCustomerId: string; fromCustomerId: string; undone: boolean },
  ): void {
    const { intoCustomerId, fromCustomerId } = about;
    const holders = new Set<string>();
    for (const c of [...touched, ...this.book.all()])
      if (c.operatorId && (c.customerId === intoCustomerId || c.customerId === fromCustomerId))
        holders.add(c.operatorId);
    // An operator's event reaches supervisors too (events/bus.ts): with no holder, supervisors alone.
    const audiences = holders.size ? [...holders] : [null];
    for (const audience of audiences) changes.event(this.ctx.bus, audience, { type: 'customer.merged', ...about });
  }

  private async read(mergeId: string): Promise<CustomerMerge> {
    const row = await this.ctx.store.get(this.ctx.store.q.mergeById, { id: mergeId });
    return mergeFromView(row!);
  }
}

function refusedAsDeskError(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof MergeRefused)) throw error;
    throw new DeskError(error.reason === 'same-customer' ? 'BAD_REQUEST' : 'CONFLICT', error.message, { cause: error });
  }
}
