// A desk with one WhatsApp channel against the loopback Cloud API (test/providers/), and Olga
// logged in to answer: what every WhatsApp test starts from.
import type { ServerConfig } from '../../server/config';
import type { Clock } from '../../server/domain/clock';
import type { ChannelTemplate } from '../../shared/schemas';
import { WhatsAppCloudApi } from '../providers/whatsapp-cloud-api';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

export const PHONE_NUMBER_ID = '106540352242922';
export const ACCESS_TOKEN = 'EAAG-test-access-token-1234';
export const APP_SECRET = 'app-secret-5f2b8c1d';
export const VERIFY_TOKEN = 'verify-me-please-42';
export const CUSTOMER = { waId: '79001234567', name: 'Анна Петрова' };

export const TEMPLATES: ChannelTemplate[] = [
  { name: 'order_ready', lang: 'ru', params: 2, text: 'Здравствуйте, {{1}}! Ваш заказ {{2}} готов к выдаче.' },
  { name: 'follow_up', lang: 'ru', params: 0, text: 'Мы ответили на ваш вопрос? Напишите нам, если нужно.' },
];

export interface WhatsAppDesk {
  t: TestServer;
  fake: WhatsAppCloudApi;
  olga: OperatorSession;
  webhookUrl: string;
  /** A customer's text through the fake; resolves with the conversation once Olga has it. */
  customerWrites(text: string): Promise<{ conversationId: string; wamid: string }>;
  close(): Promise<void>;
}

export async function startWhatsAppDesk(overrides: Partial<ServerConfig>, clock?: Clock): Promise<WhatsAppDesk> {
  const fake = new WhatsAppCloudApi({
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    now: clock ? () => clock.now() : undefined,
  });
  const apiUrl = await fake.start();
  const t = await startTestServer(overrides, clock);
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
    id: 'wa',
    name: 'Shop WhatsApp',
    queueId: 'general',
    adapter: 'whatsapp',
    medium: 'messenger',
    // As `admin channel add --setting templates=[…]` passes it: JSON text.
    settings: { apiUrl, phoneNumberId: PHONE_NUMBER_ID, templates: JSON.stringify(TEMPLATES) },
    credentials: { accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
  });
  const webhookUrl = `${t.server.url}/channels/whatsapp/wa/webhook`;
  fake.webhookUrl = webhookUrl;
  const desk: WhatsAppDesk = {
    t,
    fake,
    olga: await OperatorSession.connect(t.server, 'olga', 'olga-password'),
    webhookUrl,
    async customerWrites(text) {
      const sent = await fake.customerText(CUSTOMER, text);
      if (sent.status !== 200) throw new Error(`webhook answered ${sent.status}: ${sent.text}`);
      // The customer's open conversation, once it is Olga's: the first message assigns it.
      const assigned = await desk.olga.waitFor(
        (e) => e.type === 'conversation.assigned' && e.conversation.contactId === CUSTOMER.waId,
      );
      const conversationId = assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
      return { conversationId, wamid: sent.wamid };
    },
    async close() {
      await fake.settled();
      await desk.olga.close();
      await t.close();
      await fake.close();
    },
  };
  return desk;
}
