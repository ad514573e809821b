// Which identities a customer may be linked on (issue 18 §1), in their normal form. Only what a
// channel or a site vouches for links two contacts into one customer: an e-mail channel's sender,
// a phone number the provider proved (an SMS or WhatsApp sender, a Telegram contact the user
// shared of themselves), a web chat address the site signed. A name, or an address a customer
// typed, never links: anyone can type anyone's.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { IdentityKind } from '../../shared/customer-schemas';

/** An identity as a channel vouches for it, before normalising. */
export interface VouchedIdentity {
  kind: IdentityKind;
  value: string;
  /** The channel's kind of proof, kept with the identity (e.g. `email-sender`, `webchat-identify`). */
  source: string;
}

/** An identity in normal form: what the store keeps and links on. */
export interface Identity {
  kind: IdentityKind;
  value: string;
  source: string;
}

const EMAIL_SHAPE = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** An e-mail address trimmed and lower-cased, or null when it is not shaped like one. */
export function normalEmail(raw: string): string | null {
  const address = raw.trim().toLowerCase();
  return address.length <= 254 && EMAIL_SHAPE.test(address) ? address : null;
}

/**
 * A phone number in E.164, or null when it cannot be made one. A number written without its
 * country code is read in `defaultRegion` (ISO 3166 alpha-2); with no region, only numbers in
 * international form are. A number libphonenumber finds invalid for its country is null too:
 * linking on a mistyped number would join strangers.
 */
export function normalPhone(raw: string, defaultRegion?: string): string | null {
  if (raw.length > 64) return null;
  const region = defaultRegion?.toUpperCase() as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(raw.trim(), region ? { defaultCountry: region } : undefined);
  return parsed?.isValid() ? parsed.number : null;
}

/** The identities of `vouched` that can be put in normal form, each once (the first source wins). */
export function trustedIdentities(vouched: readonly VouchedIdentity[], defaultRegion?: string): Identity[] {
  const found = new Map<string, Identity>();
  for (const claim of vouched) {
    const value = claim.kind === 'email' ? normalEmail(claim.value) : normalPhone(claim.value, defaultRegion);
    if (value === null) continue;
    const key = `${claim.kind}\u0000${value}`;
    if (!found.has(key)) found.set(key, { kind: claim.kind, value, source: claim.source });
  }
  return [...found.values()];
}

/**
 * Which existing customer a new contact joins: the owner of its first verified identity that has
 * one (in the order the channel gave them), or null for a new customer. Two identities
 * owned by two customers do not merge them: the contact joins the first, and a person decides
 * about the other (a manual merge).
 */
export function customerToJoin(identities: readonly Identity[], ownerOf: (identity: Identity) => string | null) {
  for (const identity of identities) {
    const owner = ownerOf(identity);
    if (owner !== null) return owner;
  }
  return null;
}

/** The identities a customer should gain: those nobody holds yet (a held one stays with its holder). */
export function identitiesToAdd(
  identities: readonly Identity[],
  ownerOf: (identity: Identity) => string | null,
): Identity[] {
  return identities.filter((identity) => ownerOf(identity) === null);
}
