// Automatic linking (issue 18 §1): a new (channel, contact) whose verified identity some customer
// holds joins that customer instead of making a new one, and a customer keeps the identities its
// contacts bring. The rules are the domain's (domain/customer-identity.ts); this reads who holds
// what and writes the rows.
import { customerToJoin, identitiesToAdd, trustedIdentities, type Identity } from '../domain/customer-identity';
import { normalEmail } from '../domain/customer-identity';
import type { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { InboundContact } from './inbound';

/** A contact's identities in normal form, with who holds each now (null: nobody). */
export interface ResolvedIdentities {
  identities: Identity[];
  ownerOf: (identity: Identity) => string | null;
}

const keyOf = (identity: Pick<Identity, 'kind' | 'value'>) => `${identity.kind}\u0000${identity.value}`;

export class CustomerLinking {
  constructor(private readonly ctx: DeskContext) {}

  /** Whether the contact brings anything this has to look at (most messages bring nothing). */
  static concerns(contact: InboundContact): boolean {
    return (contact.identities?.length ?? 0) > 0 || contact.givenEmail !== undefined;
  }

  async resolve(contact: InboundContact): Promise<ResolvedIdentities> {
    const identities = trustedIdentities(contact.identities ?? [], this.ctx.settings.phoneRegion);
    const owners = new Map<string, string>();
    const { store } = this.ctx;
    for (const identity of identities) {
      const held = await store.get(store.q.verifiedIdentity, { kind: identity.kind, value: identity.value });
      if (held) owners.set(keyOf(identity), held.customer_id);
    }
    return { identities, ownerOf: (identity) => owners.get(keyOf(identity)) ?? null };
  }

  /** The customer a new contact joins, or null for a new customer. */
  customerToJoin(resolved: ResolvedIdentities): string | null {
    return customerToJoin(resolved.identities, resolved.ownerOf);
  }

  /**
   * Writes what `customerId` gains from the contact: its verified identities nobody holds, and
   * the address it typed (unverified, once). `isNew`: the customer is being created, so it holds
   * nothing yet and the store need not be asked.
   */
  async record(
    changes: ChangeSet,
    customerId: string,
    resolved: ResolvedIdentities,
    givenEmail: string | undefined,
    isNew: boolean,
  ): Promise<void> {
    const { store, ids } = this.ctx;
    const added = identitiesToAdd(resolved.identities, resolved.ownerOf);
    for (const identity of added)
      changes.write(store.q.insertIdentity, {
        id: ids.next(),
        ...identity,
        customer_id: customerId,
        verified: 1,
        created_at: changes.at,
      });
    const typed = givenEmail === undefined ? null : normalEmail(givenEmail);
    if (typed === null) return;
    const held = isNew ? [] : await store.all(store.q.identitiesOfCustomer, { customer_id: customerId });
    const known = [...held, ...added].some((identity) => identity.kind === 'email' && identity.value === typed);
    if (!known)
      changes.write(store.q.insertIdentity, {
        id: ids.next(),
        kind: 'email',
        value: typed,
        source: 'prechat',
        customer_id: customerId,
        verified: 0,
        created_at: changes.at,
      });
  }
}
