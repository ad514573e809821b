// The generic channel's outbound contract: the JSON body POSTed to the channel's webhook and
// its signature (hex HMAC-SHA256 of the raw body, keyed by the channel secret).
import { createHmac } from 'node:crypto';
import type { Conversation, Message, WebhookPayload } from '../../shared/schemas';

export const SIGNATURE_HEADER = 'x-textdesk-signature';

export function webhookBody(channelId: string, conversation: Conversation, message: Message): string {
  const payload: WebhookPayload = {
    event: 'message.created',
    channelId,
    conversationId: conversation.id,
    contact: { id: conversation.contactId },
    message: {
      id: message.id,
      text: message.text,
      author: { type: message.author.type === 'bot' ? 'bot' : 'operator', name: message.author.name ?? '' },
      createdAt: new Date(message.createdAt).toISOString(),
    },
  };
  return JSON.stringify(payload);
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
