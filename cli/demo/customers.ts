// Simulated customers for the demo: they write in over the generic channel's HTTP API at a
// gentle random pace, and read the replies that reach the channel webhook; now and then one
// writes an e-mail instead.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MailingCustomers } from './mail';

/** The first mail soon after the start, so a newcomer sees an e-mail dialog among the chats. */
const FIRST_MAIL_MS = 2000;
/** Then about one mail for every few chat messages. */
const CHATS_PER_MAIL = 4;

const PEOPLE = ['Анна Смирнова', 'Дмитрий', 'Maria Garcia', 'Олег К.', 'John Smith', 'Екатерина', '王芳', 'Sam 🚀'];
const OPENERS = [
  'Здравствуйте! Не могу оплатить заказ картой',
  'Где мой заказ? Жду уже неделю',
  'Hi, I was charged twice for the same order',
  'Можно поменять адрес доставки?',
  'Hello! How do I return a damaged item?',
  'Добрый день, промокод не применяется 😕',
];
const FOLLOW_UPS = [
  'Номер заказа 48213',
  'Спасибо, жду',
  'Any update?',
  'Это срочно!',
  'Ok, thanks',
  'А можно побыстрее?',
];

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];

export class SimulatedCustomers {
  private timer: NodeJS.Timeout | null = null;
  private mailTimer: NodeJS.Timeout | null = null;
  private counter = 0;
  private readonly active: string[] = [];
  private secret = '';
  private receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });

  constructor(
    private readonly baseUrl: string,
    private readonly channelId: string,
    private readonly meanIntervalMs = 6000,
    private readonly mail: MailingCustomers | null = null,
  ) {}

  /** Starts the webhook receiver that stands in for the customers' chat widget. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.receiver.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.receiver.address() as AddressInfo).port}/webhook`;
  }

  /** Starts writing in; the channel secret is known only once the channel exists. */
  start(secret: string): void {
    this.secret = secret;
    const tick = () => {
      void this.writeOne();
      this.timer = setTimeout(tick, this.meanIntervalMs * (0.5 + Math.random()));
    };
    tick();
    const mail = this.mail;
    if (!mail) return;
    const mailTick = () => {
      void mail.sendOne();
      this.mailTimer = setTimeout(mailTick, CHATS_PER_MAIL * this.meanIntervalMs * (0.5 + Math.random()));
    };
    this.mailTimer = setTimeout(mailTick, FIRST_MAIL_MS);
  }

  async writeOne(): Promise<void> {
    const followUp = this.active.length > 0 && Math.random() < 0.4;
    const contact = followUp ? pick(this.active) : `visitor-${Date.now().toString(36)}-${this.counter}`;
    if (!followUp) this.active.push(contact);
    if (this.active.length > 12) this.active.shift();
    const name = PEOPLE[Math.abs(hash(contact)) % PEOPLE.length];
    await fetch(`${this.baseUrl}/channels/api/${this.channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `demo-${++this.counter}-${Date.now()}`,
        contact: { id: contact, name },
        text: followUp ? pick(FOLLOW_UPS) : pick(OPENERS),
      }),
    }).catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.mailTimer) clearTimeout(this.mailTimer);
    this.mail?.close();
    this.receiver.closeAllConnections();
    await new Promise<void>((resolve) => this.receiver.close(() => resolve()));
  }
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.codePointAt(0)!) | 0;
  return h;
}
