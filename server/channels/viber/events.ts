// Viber's callbacks as the REST Bot API sends them (developers.viber.com/docs/api/rest-bot-api/
// #callbacks): `{event, timestamp, message_token, …}`. message_token is a 64-bit integer, past
// what a JavaScript number holds exactly: it is read as a string from the raw JSON (tokenSafe).
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { deskText } from '../../../shared/text-rules';

const token = z.string().regex(/^\d{1,20}$/);
const userId = deskText(128).min(1);

const User = z.looseObject({
  id: userId,
  name: deskText(LIMITS.name).optional(),
  language: z.string().max(35).optional(),
});

export const ViberMessageEvent = z.looseObject({
  event: z.literal('message'),
  message_token: token,
  sender: User,
  message: z.looseObject({
    type: z.string().min(1).max(32),
    text: deskText(LIMITS.messageText).optional(),
    media: z.string().max(4096).optional(),
    file_name: deskText(LIMITS.fileName * 4).optional(),
    location: z.object({ lat: z.number(), lon: z.number() }).optional(),
    contact: z.object({ name: deskText(LIMITS.name).optional(), phone_number: deskText(64).optional() }).optional(),
  }),
});
export type ViberMessageEvent = z.infer<typeof ViberMessageEvent>;

export const ViberReportEvent = z.looseObject({
  event: z.enum(['delivered', 'seen', 'failed']),
  message_token: token,
  user_id: userId.optional(),
  desc: z.string().max(1000).optional(),
});

export const ViberEvent = z.looseObject({ event: z.string().min(1).max(64) });

/**
 * The raw JSON with every message_token turned into a string before parsing. Inside a JSON
 * string a quote is escaped (\"), so customer text cannot look like the key.
 */
export function tokenSafe(json: string): string {
  return json.replace(/"message_token"(\s*):(\s*)(\d+)/g, '"message_token"$1:$2"$3"');
}
