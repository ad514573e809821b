// The channel-neutral delivery the desk puts in the outbox for an operator's or the bot's
// message; each adapter turns it into its provider's call. Its shape is the generic webhook's
// payload without the envelope, so entries stored before the adapter seam still parse.
import type { Attachment, Conversation, Message } from '../../shared/schemas';

export interface OutboundDelivery {
  conversationId: string;
  contact: { id: string };
  message: {
    id: string;
    text: string;
    author: { type: 'operator' | 'bot'; name: string };
    /** ISO 8601. */
    createdAt: string;
    /** The files the message carries; the adapter reads their bytes through its host. */
    attachments?: Attachment[];
  };
  /** Sent as this approved template (the message's text is its filled-in text, for the record). */
  template?: OutboundTemplate;
}

export interface OutboundTemplate {
  name: string;
  lang: string;
  params: string[];
}

export function outboundDelivery(
  conversation: Conversation,
  message: Message,
  template?: OutboundTemplate,
): OutboundDelivery {
  return {
    conversationId: conversation.id,
    contact: { id: conversation.contactId },
    message: {
      id: message.id,
      text: message.text,
      author: { type: message.author.type === 'bot' ? 'bot' : 'operator', name: message.author.name ?? '' },
      createdAt: new Date(message.createdAt).toISOString(),
      ...(message.attachments?.length && { attachments: message.attachments }),
    },
    ...(template && { template }),
  };
}

export function parseDelivery(body: string): OutboundDelivery {
  return JSON.parse(body) as OutboundDelivery;
}
