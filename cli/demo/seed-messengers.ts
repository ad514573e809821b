// The demo's Telegram, WhatsApp, VK, Viber and SMS channels, each pointed at the demo's stand-in
// provider (messengers.ts) through its apiUrl (host and port for the SMSC), with credentials
// made up here, which the simulated customers sign with (messenger-customers.ts).
import type { ApiClient } from '../api-client';
import { DEMO_MESSENGER_CHANNELS, type MessengerSecrets } from './messenger-customers';
import {
  DEMO_SMS_SENDER,
  DEMO_SMSC,
  DEMO_TELEGRAM_TOKEN,
  DEMO_VK_GROUP,
  DEMO_WHATSAPP,
  type DemoMessengerProviders,
} from './messengers';

/**
 * Their own queue, which only the demo operator has the skill for, at a light weight: the
 * newcomer is given one dialog of each kind however busy the simulated chats keep them (five
 * at 0.1 fit beside three chats in the demo operator's capacity, and leave room for the shop's).
 */
export const DEMO_MESSENGER_QUEUE = { id: 'messengers', name: 'Messengers', skills: ['messengers'], priority: 15 };
const WEIGHT = 0.1;

export async function seedMessengers(
  admin: ApiClient,
  providers: DemoMessengerProviders,
  serverUrl: string,
): Promise<MessengerSecrets> {
  await admin.admin.createQueue.mutate(DEMO_MESSENGER_QUEUE);
  const common = { queueId: DEMO_MESSENGER_QUEUE.id, lang: 'ru' as const, weight: WEIGHT };
  const secrets: MessengerSecrets = {
    telegramChannelSecret: '',
    whatsappAppSecret: 'demo-whatsapp-app-secret',
    vkSecret: 'demo-vk-secret',
    viberToken: 'demo-viber-auth-token',
  };
  const telegram = await admin.admin.createChannel.mutate({
    ...common,
    id: DEMO_MESSENGER_CHANNELS.telegram,
    name: 'Telegram',
    adapter: 'telegram',
    medium: 'messenger',
    // Webhook mode: the customers post updates as Telegram would; nothing polls.
    settings: { mode: 'webhook', apiUrl: providers.url, publicUrl: serverUrl },
    credentials: { token: DEMO_TELEGRAM_TOKEN },
  });
  secrets.telegramChannelSecret = telegram.secret;
  await admin.admin.createChannel.mutate({
    ...common,
    id: DEMO_MESSENGER_CHANNELS.whatsapp,
    name: 'WhatsApp',
    adapter: 'whatsapp',
    medium: 'messenger',
    settings: { apiUrl: `${providers.url}/whatsapp/v21.0`, phoneNumberId: DEMO_WHATSAPP.phoneNumberId },
    credentials: {
      accessToken: 'demo-whatsapp-access-token',
      appSecret: secrets.whatsappAppSecret,
      verifyToken: 'demo-verify-token',
    },
  });
  await admin.admin.createChannel.mutate({
    ...common,
    id: DEMO_MESSENGER_CHANNELS.vk,
    name: 'VK',
    adapter: 'vk',
    medium: 'social',
    settings: { apiUrl: `${providers.url}/vk/method`, groupId: DEMO_VK_GROUP, confirmation: 'demo1234' },
    credentials: { accessToken: 'demo-vk-access-token', secret: secrets.vkSecret },
  });
  await admin.admin.createChannel.mutate({
    ...common,
    id: DEMO_MESSENGER_CHANNELS.viber,
    name: 'Viber',
    adapter: 'viber',
    medium: 'messenger',
    settings: { apiUrl: `${providers.url}/viber`, senderName: 'Чайная лавка' },
    credentials: { authToken: secrets.viberToken },
  });
  await admin.admin.createChannel.mutate({
    ...common,
    id: DEMO_MESSENGER_CHANNELS.sms,
    name: 'SMS',
    adapter: 'sms',
    medium: 'sms',
    settings: { host: '127.0.0.1', port: providers.smppPort, sourceAddr: DEMO_SMS_SENDER, sourceTon: 5, sourceNpi: 0 },
    credentials: DEMO_SMSC,
  });
  return secrets;
}
