// A site's verified e-mail for its logged-in visitor (issue 18 §1): the site's backend signs the
// address with the channel secret, `hex(HMAC-SHA256(secret, lower-cased trimmed address))`, and
// the widget passes it on in hello (Textdesk.identify({ identity: { email, signature } })). Only a
// signed address links the visitor to the customer who holds it; `hello.email` alone is shown,
// never trusted.
import { createHmac } from 'node:crypto';
import { sameSecret } from '../../desk/secrets';
import type { VouchedIdentity } from '../../domain/customer-identity';
import { normalEmail } from '../../domain/customer-identity';

/** What the site's backend computes for an address (and what tests sign with). */
export function identitySignature(email: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(normalEmail(email) ?? email)
    .digest('hex');
}

/** The identity a hello vouches for, or an error naming what does not match. */
export function verifiedIdentity(
  identity: { email: string; signature: string },
  secret: string,
): { identity: VouchedIdentity } | { error: string } {
  const email = normalEmail(identity.email);
  if (email === null || !sameSecret(identity.signature.toLowerCase(), identitySignature(email, secret)))
    return {
      error:
        'identity signature does not match this channel: sign the lower-cased address with the channel secret (HMAC-SHA256, hex) on your server',
    };
  return { identity: { kind: 'email', value: email, source: 'webchat-identify' } };
}
