// The demo's customers on Telegram, WhatsApp, VK, Viber and SMS: each writes in the way its
// provider delivers (a signed webhook to the demo server, or a deliver_sm from the demo's SMSC),
// one of each kind in the first seconds so a newcomer sees every kind, then now and then one.
import { createHmac } from 'node:crypto';
import { webhookSecret } from '../../server/channels/telegram/settings';
import { DEMO_WHATSAPP, DEMO_VK_GROUP, type DemoMessengerProviders } from './messengers';

export const DEMO_MESSENGER_CHANNELS = {
  telegram: 'telegram',
  whatsapp: 'whatsapp',
  vk: 'vk',
  viber: 'viber',
  sms: 'sms',
} as const;
export type DemoMessengerKind = keyof typeof DEMO_MESSENGER_CHANNELS;

/** Secrets the channels were created with, which the providers sign with. */
export interface MessengerSecrets {
  /** The Telegram channel's signing secret (its webhook's secret_token derives from it). */
  telegramChannelSecret: string;
  whatsappAppSecret: string;
  vkSecret: string;
  viberToken: string;
}

interface Person {
  id: number;
  first: string;
  last: string;
  phone: string;
}

const PEOPLE: Person[] = [
  { id: 5_100_000_001, first: 'Наталья', last: 'Орлова', phone: '79161234501' },
  { id: 5_100_000_002, first: 'Артём', last: 'Белов', phone: '79261234502' },
  { id: 5_100_000_003, first: 'Peter', last: 'Müller', phone: '4915112345003' },
  { id: 5_100_000_004, first: 'Светлана', last: 'Ким', phone: '79031234504' },
  { id: 5_100_000_005, first: 'Игорь', last: 'Васильев', phone: '79091234505' },
];
const TEXTS = [
  'Добрый день! Заказ 48377 пришёл не полностью, нет крышки от чайника',
  'Здравствуйте, можно оплатить при получении?',
  'Hi! Do you ship to Kazakhstan?',
  'Подскажите, когда снова будет зелёный чай с жасмином?',
  'Курьер не приехал, а статус «доставлен» 😠',
  'Спасибо, всё получил!',
];
const KINDS = Object.keys(DEMO_MESSENGER_CHANNELS) as DemoMessengerKind[];
/** The first message of each kind this long apart, starting soon after the demo starts. */
const FIRST_ROUND_MS = 700;
/** Then one messenger message for every few chat messages. */
const CHATS_PER_MESSENGER = 3;

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const hmac = (key: string, body: string) => createHmac('sha256', key).update(body).digest('hex');

export class MessengerCustomers {
  private timer: NodeJS.Timeout | null = null;
  private smsRetry: NodeJS.Timeout | null = null;
  private counter = 0;
  private readonly sms: Array<{ from: string; text: string }> = [];

  constructor(
    private readonly serverUrl: string,
    private readonly providers: DemoMessengerProviders,
    private readonly secrets: MessengerSecrets,
    private readonly meanIntervalMs: number,
  ) {
    for (const person of PEOPLE) providers.vkNames.set(person.id, [person.first, person.last]);
  }

  start(): void {
    let round = 0;
    const first = () => {
      void this.writeOne(KINDS[round++]);
      this.timer = setTimeout(
        round < KINDS.length ? first : later,
        round < KINDS.length ? FIRST_ROUND_MS : this.pause(),
      );
    };
    const later = () => {
      void this.writeOne(pick(KINDS));
      this.timer = setTimeout(later, this.pause());
    };
    this.timer = setTimeout(first, FIRST_ROUND_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.smsRetry) clearTimeout(this.smsRetry);
  }

  private pause(): number {
    return CHATS_PER_MESSENGER * this.meanIntervalMs * (0.5 + Math.random());
  }

  async writeOne(kind: DemoMessengerKind): Promise<void> {
    // One customer per kind: at most five messenger dialogs are open at a time (see seed-messengers.ts).
    const person = PEOPLE[KINDS.indexOf(kind)];
    const text = pick(TEXTS);
    const n = ++this.counter;
    const at = Math.floor(Date.now() / 1000);
    switch (kind) {
      case 'telegram':
        return this.post('telegram', 'webhook', {
          headers: { 'x-telegram-bot-api-secret-token': webhookSecret(this.secrets.telegramChannelSecret) },
          body: JSON.stringify({
            update_id: Date.now() * 10 + (n % 10),
            message: {
              message_id: n,
              from: {
                id: person.id,
                is_bot: false,
                first_name: person.first,
                last_name: person.last,
                language_code: 'ru',
              },
              chat: { id: person.id, first_name: person.first, last_name: person.last, type: 'private' },
              date: at,
              text,
            },
          }),
        });
      case 'whatsapp': {
        const body = JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: DEMO_WHATSAPP.wabaId,
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: {
                      display_phone_number: DEMO_WHATSAPP.display,
                      phone_number_id: DEMO_WHATSAPP.phoneNumberId,
                    },
                    contacts: [{ profile: { name: `${person.first} ${person.last}` }, wa_id: person.phone }],
                    messages: [
                      {
                        from: person.phone,
                        id: `wamid.demo-in-${Date.now()}-${n}`,
                        timestamp: String(at),
                        type: 'text',
                        text: { body: text },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        });
        const signature = `sha256=${hmac(this.secrets.whatsappAppSecret, body)}`;
        return this.post('whatsapp', 'webhook', { headers: { 'x-hub-signature-256': signature }, body });
      }
      case 'vk':
        return this.post('vk', 'callback', {
          body: JSON.stringify({
            group_id: DEMO_VK_GROUP,
            type: 'message_new',
            event_id: `demo-${Date.now()}-${n}`,
            v: '5.199',
            object: {
              message: { date: at, from_id: person.id, id: n, out: 0, peer_id: person.id, text, attachments: [] },
              client_info: { button_actions: ['text'], keyboard: true, inline_keyboard: true, lang_id: 0 },
            },
            secret: this.secrets.vkSecret,
          }),
        });
      case 'viber': {
        const body = JSON.stringify({
          event: 'message',
          timestamp: Date.now(),
          message_token: Date.now() * 10 + (n % 10),
          sender: {
            id: `demo${person.id}=`,
            name: `${person.first} ${person.last}`,
            language: 'ru',
            country: 'RU',
            api_version: 1,
          },
          message: { type: 'text', text },
        });
        const signature = hmac(this.secrets.viberToken, body);
        return this.post('viber', 'webhook', { headers: { 'x-viber-content-signature': signature }, body });
      }
      case 'sms':
        // The SMS channel binds a moment after it is created: until then its messages wait here.
        if (this.sms.length < 5) this.sms.push({ from: person.phone, text });
        return this.flushSms();
    }
  }

  private flushSms(): void {
    while (this.sms.length > 0 && this.providers.sendSms(this.sms[0].from, this.sms[0].text)) this.sms.shift();
    if (this.sms.length === 0 || this.smsRetry) return;
    this.smsRetry = setTimeout(() => {
      this.smsRetry = null;
      this.flushSms();
    }, 1000);
  }

  private async post(kind: DemoMessengerKind, route: string, init: { headers?: Record<string, string>; body: string }) {
    const url = `${this.serverUrl}/channels/${kind}/${DEMO_MESSENGER_CHANNELS[kind]}/${route}`;
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body,
    }).catch(() => undefined);
  }
}
