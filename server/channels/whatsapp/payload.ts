// The Cloud API webhook body, as far as the desk reads it (developers.facebook.com/docs/
// whatsapp/cloud-api/webhooks/components and …/payload-examples, Graph API v21.0): entries of
// changes, each change of field "messages" carrying the number's metadata, the senders' profiles,
// their messages and the statuses of ours. Fields the desk does not read pass unchecked; text it
// stores follows the desk's text rule, so a body it cannot store is refused whole.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { deskId, deskText } from '../../../shared/text-rules';

const waId = z.string().regex(/^\d{1,20}$/, 'a WhatsApp id: the number in digits');
const wamid = deskId(256);
const optionalText = deskText(LIMITS.messageText).optional();

const Media = z.object({
  id: deskId(128),
  mime_type: deskText(255).optional(),
  caption: optionalText,
  filename: deskText(LIMITS.fileName).optional(),
});

export const WaMessage = z.object({
  from: waId,
  id: wamid,
  timestamp: z.string().max(20).optional(),
  type: deskId(64),
  text: z.object({ body: deskText(LIMITS.messageText) }).optional(),
  image: Media.optional(),
  document: Media.optional(),
  audio: Media.optional(),
  video: Media.optional(),
  sticker: Media.optional(),
  /** A quick-reply button of a template the customer pressed. */
  button: z.object({ text: optionalText }).optional(),
  interactive: z
    .object({
      button_reply: z.object({ title: optionalText }).optional(),
      list_reply: z.object({ title: optionalText, description: optionalText }).optional(),
    })
    .optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: optionalText,
      address: optionalText,
    })
    .optional(),
});
export type WaMessage = z.infer<typeof WaMessage>;

export const WaStatus = z.object({
  id: wamid,
  status: deskId(32),
  recipient_id: z.string().max(64).optional(),
  errors: z
    .array(
      z.object({
        code: z.number().int(),
        title: optionalText,
        message: optionalText,
        error_data: z.object({ details: optionalText }).optional(),
      }),
    )
    .optional(),
});
export type WaStatus = z.infer<typeof WaStatus>;

export const MessagesValue = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ phone_number_id: z.string().regex(/^\d{1,32}$/) }),
  contacts: z.array(z.object({ wa_id: waId, profile: z.object({ name: optionalText }).optional() })).optional(),
  messages: z.array(WaMessage).optional(),
  statuses: z.array(WaStatus).optional(),
});
export type MessagesValue = z.infer<typeof MessagesValue>;

/** Only "messages" changes concern the desk; others (template reviews, quality) are acknowledged and left. */
export const WebhookBody = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().max(64),
        changes: z.array(
          z.union([
            z.object({ field: z.literal('messages'), value: MessagesValue }),
            z.object({
              field: z
                .string()
                .max(64)
                .refine((f) => f !== 'messages'),
              value: z.unknown(),
            }),
          ]),
        ),
      }),
    )
    .min(1),
});
export type WebhookBody = z.infer<typeof WebhookBody>;
