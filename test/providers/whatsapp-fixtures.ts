// Cloud API webhook bodies and answers, copied from Meta's documented examples and filled with a
// test's own ids and text. Sources (Graph API v21.0 era):
// - incoming text: developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
//   ("this webhook describes a text message sent to a business"), and the image, status and
//   failed-status examples of developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples;
// - send answer: developers.facebook.com/docs/whatsapp/cloud-api/reference/messages ("Response");
// - errors: developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes (131047 "Re-engagement
//   message") and developers.facebook.com/docs/graph-api/guides/error-handling (the error object);
// - media: developers.facebook.com/docs/whatsapp/cloud-api/reference/media (retrieve URL answer).

export interface Sender {
  waId: string;
  name: string;
}

interface Numbers {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
}

/** The documented envelope: one entry, one change of field "messages". */
function envelope(numbers: Numbers, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: numbers.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: numbers.displayPhoneNumber,
                phone_number_id: numbers.phoneNumberId,
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

const contacts = (sender: Sender) => [{ profile: { name: sender.name }, wa_id: sender.waId }];
const seconds = (ms: number) => String(Math.floor(ms / 1000));

export function textMessage(numbers: Numbers, sender: Sender, wamid: string, body: string, at: number) {
  return envelope(numbers, {
    contacts: contacts(sender),
    messages: [{ from: sender.waId, id: wamid, timestamp: seconds(at), type: 'text', text: { body } }],
  });
}

export function imageMessage(
  numbers: Numbers,
  sender: Sender,
  wamid: string,
  image: { id: string; mimeType: string; sha256: string; caption?: string },
  at: number,
) {
  return envelope(numbers, {
    contacts: contacts(sender),
    messages: [
      {
        from: sender.waId,
        id: wamid,
        timestamp: seconds(at),
        type: 'image',
        image: {
          ...(image.caption !== undefined && { caption: image.caption }),
          mime_type: image.mimeType,
          sha256: image.sha256,
          id: image.id,
        },
      },
    ],
  });
}

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

/** The documented status webhook; a failed one carries `errors` as the 131047 example does. */
export function statusUpdate(
  numbers: Numbers,
  recipient: string,
  wamid: string,
  status: StatusName,
  at: number,
  error?: { code: number; title: string; details: string },
) {
  return envelope(numbers, {
    statuses: [
      {
        id: wamid,
        status,
        timestamp: seconds(at),
        recipient_id: recipient,
        ...(status !== 'failed' && {
          conversation: {
            id: 'CONVERSATION_ID',
            expiration_timestamp: seconds(at + 24 * 3600_000),
            origin: { type: 'service' },
          },
          pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
        }),
        ...(error && {
          errors: [
            {
              code: error.code,
              title: error.title,
              message: error.title,
              error_data: { details: error.details },
              href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
            },
          ],
        }),
      },
    ],
  });
}

export const REENGAGEMENT = {
  code: 131047,
  title: 'Re-engagement message',
  details:
    'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
};

/** POST /{phone-number-id}/messages answered 200. */
export function sendAnswer(to: string, wamid: string) {
  return { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid }] };
}

/** A Graph API error body. */
export function graphError(code: number, message: string, type = 'OAuthException', details?: string) {
  return {
    error: {
      message,
      type,
      code,
      ...(details && { error_data: { messaging_product: 'whatsapp', details } }),
      error_subcode: 2494010,
      fbtrace_id: 'AbCdEfGhIjKlMnOpQrStUv',
    },
  };
}

/**
 * JSON as Meta writes webhook bodies: non-ASCII as \uXXXX and "/" as "\/". The signature is over
 * these bytes, so a receiver that re-serialises the parsed body computes another one.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}
