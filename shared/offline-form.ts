// The leave-a-message form of a closed queue (issue 17 §1, policy `offline-form`), apart from the
// zod schemas so the widget imports it without bundling zod.
import type { WebchatPrechat } from './webchat-schemas';

/**
 * Name and e-mail required, since the answer comes after the visitor has gone, and the channel's
 * consent if its pre-chat form asks for one. The widget draws it; the server checks a profile by it.
 */
export function offlineFormOf(prechat: WebchatPrechat | undefined): WebchatPrechat {
  return { name: 'required', email: 'required', consent: prechat?.consent ?? null };
}
