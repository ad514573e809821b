// What the demo creates through the admin API: queues, operators, templates, a web-chat
// channel whose webhook points at the demo's simulated customers, the web chat of the demo's
// shop page, and an e-mail channel whose replies go out through the demo's own relay.
import type { ApiClient } from '../api-client';
import { DEMO_MAIL_ADDRESS } from './mail';

export const DEMO_OPERATOR = { login: 'demo', password: 'demo-password', name: 'Demo Operator' };
/** The web chat of the demo's shop page (site.ts): a newcomer chats there from a browser. */
export const DEMO_SHOP_CHANNEL = 'shop-chat';
export const DEMO_COLLEAGUE = { login: 'ivan', password: 'ivan-password', name: 'Иван Петров' };

const TEMPLATES: Array<{ name: string; text: string; lang: 'en' | 'ru' | null }> = [
  {
    name: 'Приветствие',
    text: 'Здравствуйте, {{customer.name|уважаемый клиент}}! Меня зовут {{operator.name}}, чем могу помочь?',
    lang: 'ru',
  },
  { name: 'Уточнить заказ', text: 'Подскажите, пожалуйста, номер вашего заказа — я проверю статус.', lang: 'ru' },
  { name: 'Спасибо', text: 'Спасибо за обращение, {{customer.name|}}! Хорошего дня.', lang: 'ru' },
  { name: 'Greeting', text: 'Hello {{customer.name|there}}, this is {{operator.name}}. How can I help?', lang: 'en' },
  { name: 'Order number', text: 'Could you share your order number? I will check its status right away.', lang: 'en' },
  {
    name: 'Refund policy',
    text: 'Refunds are processed within 5 business days after we receive the item.',
    lang: 'en',
  },
  { name: 'Call-back', text: 'This is easier by phone: may we call you back? Please confirm your number.', lang: null },
];

export const DEMO_MAIL_CHANNEL = 'e-mail';

export async function seedDemo(
  admin: ApiClient,
  webhookUrl: string,
  relayPort: number,
  shopOrigins: string[],
): Promise<{ channelId: string; secret: string }> {
  await admin.admin.createQueue.mutate({ id: 'general', name: 'General', skills: [], priority: 0 });
  await admin.admin.createQueue.mutate({ id: 'vip', name: 'VIP', skills: [], priority: 10 });
  // What the newcomer writes from the shop page comes to them, not to the simulated colleague
  // (only they have the skill), and at once even while simulated customers fill their capacity:
  // three simulated dialogs (weight 1) leave 0.9 free, which no simulated dialog fits and which
  // holds the five messenger dialogs (seed-messengers.ts) and four of the shop's (all weight 0.1).
  await admin.admin.createQueue.mutate({ id: 'shop', name: 'Shop', skills: ['shop'], priority: 20 });
  await admin.admin.createOperator.mutate({
    ...DEMO_OPERATOR,
    role: 'supervisor',
    skills: ['ru', 'en', 'shop', 'messengers'],
    capacity: 3.9,
  });
  await admin.admin.createOperator.mutate({ ...DEMO_COLLEAGUE, role: 'operator', skills: ['ru'], capacity: 2 });
  for (const template of TEMPLATES) await admin.admin.createTemplate.mutate(template);
  const { secret } = await admin.admin.createChannel.mutate({
    id: 'web-chat',
    name: 'Web chat',
    queueId: 'general',
    medium: 'chat',
    settings: { webhookUrl },
    lang: 'ru',
  });
  await admin.admin.createChannel.mutate({
    id: 'vip-chat',
    name: 'VIP chat',
    queueId: 'vip',
    medium: 'chat',
    settings: { webhookUrl },
    lang: 'en',
  });
  await admin.admin.createChannel.mutate({
    id: DEMO_SHOP_CHANNEL,
    name: 'Shop page chat',
    queueId: 'shop',
    adapter: 'webchat',
    medium: 'chat',
    lang: 'ru',
    weight: 0.1,
    settings: { allowedOrigins: shopOrigins, widgetTexts: { ru: { title: 'Чайная лавка: поддержка' } } },
  });
  await admin.admin.createChannel.mutate({
    id: DEMO_MAIL_CHANNEL,
    name: 'E-mail',
    queueId: 'general',
    adapter: 'email',
    medium: 'email',
    lang: 'ru',
    settings: {
      address: DEMO_MAIL_ADDRESS,
      company: 'Demo Shop',
      relayHost: '127.0.0.1',
      relayPort,
      relaySecure: false,
    },
  });
  return { channelId: 'web-chat', secret };
}
