// The pre-chat form (a web chat channel's `prechat` setting): which answers the widget must
// collect before the first message, and what a `profile` frame's answers become on the contact.
// The form is the widget's to enforce for a person; this is the check a hand-made frame meets.
import type { WebchatClientFrame, WebchatPrechat } from '../../../shared/webchat-schemas';
import type { InboundContact } from '../../desk/inbound';

type Profile = Extract<WebchatClientFrame, { type: 'profile' }>;

/** Whether the setting asks for anything: only then does the welcome carry it. */
export function prechatAsks(prechat: WebchatPrechat | undefined): prechat is WebchatPrechat {
  return !!prechat && (prechat.name !== 'off' || prechat.email !== 'off' || prechat.consent !== null);
}

/**
 * The contact's details from a profile frame, or the error naming what the channel's form needs.
 * Answers to fields the form does not ask for are dropped. The e-mail goes to `givenEmail`,
 * never `email`: a visitor can type anyone's address, and `email` is the one the desk trusts.
 */
export function profileDetails(
  prechat: WebchatPrechat | undefined,
  profile: Profile,
  now: number,
): { details: Pick<InboundContact, 'name' | 'givenEmail' | 'consent'> } | { error: string } {
  if (!prechatAsks(prechat)) return { error: 'this channel has no pre-chat form: send messages without a profile' };
  const missing = [
    prechat.name === 'required' && !profile.name ? 'name' : null,
    prechat.email === 'required' && !profile.email ? 'email' : null,
    prechat.consent && profile.consent !== true ? 'consent' : null,
  ].filter(Boolean);
  if (missing.length) return { error: `the pre-chat form needs ${missing.join(', ')}` };
  return {
    details: {
      ...(prechat.name !== 'off' && profile.name && { name: profile.name }),
      ...(prechat.email !== 'off' && profile.email && { givenEmail: profile.email }),
      ...(prechat.consent && { consent: { at: now, text: prechat.consent.text } }),
    },
  };
}
