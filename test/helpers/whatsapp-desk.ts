// A desk with one WhatsApp channel against the loopback Cloud API (test/providers/), and Olga
// logged in to answer: what every WhatsApp test starts from.
import type { ServerConfig } from '../../server/config';
import type { Clock } from '../../server/domain/clock';
import type { ChannelTemplate } from '../../shared/schemas';
import { WhatsAppCloudApi } from '../providers/whatsapp-cloud-api';
import { startChannelDesk, type ChannelDesk } from './channel-desk';

export const PHONE_NUMBER_ID = '106540352242922';
export const ACCESS_TOKEN = 'EAAG-test-access-token-1234';
export const APP_SECRET = 'app-secret-5f2b8c1d';
export const VERIFY_TOKEN = 'verify-me-please-42';
export const CUSTOMER = { waId: '79001234567', name: 'Анна Петрова' };

export const TEMPLATES: ChannelTemplate[] = [
  { name: 'order_ready', lang: 'ru', params: 2, text: 'Здравствуйте, {{1}}! Ваш заказ {{2}} готов к выдаче.' },
  { name: 'follow_up', lang: 'ru', params: 0, text: 'Мы ответили на ваш вопрос? Напишите нам, если нужно.' },
];

export interface WhatsAppDesk extends ChannelDesk {
  fake: WhatsAppCloudApi;
  webhookUrl: string;
  /** A customer's text through the fake; resolves with the conversation once Olga has it. */
  customerWrites(text: string): Promise<{ conversationId: string; wamid: string }>;
}

export async function startWhatsAppDesk(overrides: Partial<ServerConfig>, clock?: Clock): Promise<WhatsAppDesk> {
  const fake = new WhatsAppCloudApi({
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    now: clock ? () => clock.now() : undefined,
  });
  const apiUrl = await fake.start();
  const base = await startChannelDesk({
    server: overrides,
    clock,
    channel: () => ({
      id: 'wa',
      name: 'Shop WhatsApp',
      queueId: 'general',
      adapter: 'whatsapp',
      medium: 'messenger',
      // As `admin channel add --setting templates=[…]` passes it: JSON text.
      settings: { apiUrl, phoneNumberId: PHONE_NUMBER_ID, templates: JSON.stringify(TEMPLATES) },
      credentials: { accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
    }),
    settleFake: () => fake.settled(),
    stopFake: () => fake.close(),
  });
  const webhookUrl = `${base.t.server.url}/channels/whatsapp/wa/webhook`;
  fake.webhookUrl = webhookUrl;
  const desk: WhatsAppDesk = Object.assign(base, {
    fake,
    webhookUrl,
    async customerWrites(text: string) {
      const sent = await fake.customerText(CUSTOMER, text);
      if (sent.status !== 200) throw new Error(`webhook answered ${sent.status}: ${sent.text}`);
      // The customer's open conversation, once it is Olga's: the first message assigns it.
      const assigned = await desk.olga.waitFor(
        (e) => e.type === 'conversation.assigned' && e.conversation.contactId === CUSTOMER.waId,
      );
      const conversationId = assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
      return { conversationId, wamid: sent.wamid };
    },
  });
  return desk;
}
