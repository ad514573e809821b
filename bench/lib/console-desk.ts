// The desk the console bench runs against (an in-memory FakeDesk): DESIGN.md's 10 dialogs of
// 5,000 messages, names and texts in Cyrillic, Latin, CJK and emoji, and for --history each
// customer's earlier conversations on other channels, with transcripts as long.
import type { Conversation, Message } from '../../shared/schemas';
import { conversation, FakeDesk, message, NOW } from '../../test/console/fake-desk';

/**
 * DIALOGS dialogs of MESSAGES messages each; with `earlier`, each customer's history too
 * (addHistory); with `threads`, the first two dialogs are one customer's web chat and e-mail.
 */
export function benchDesk(DIALOGS: number, MESSAGES: number, earlier: number, threads = false): FakeDesk {
  const fake = new FakeDesk();
  const names = [
    'Анна Смирнова',
    'John Smith',
    '王芳',
    'Sam 🚀',
    'Олег К.',
    'Maria Garcia',
    'Екатерина',
    'Дмитрий',
    'Lee',
    'Zoë',
  ];
  fake.conversations = names.slice(0, DIALOGS).map((name, i): Conversation =>
    conversation(`c${i}`, {
      ...(threads && i < 2 && { customerId: 'cust-threads', channelKind: i === 0 ? 'webchat' : 'email' }),
      customerName: name,
      waitingSince: NOW - 10_000 * i,
      slaDueAt: NOW + 5_000 * i,
      slaTargetMs: 60_000,
    }),
  );
  const texts = [
    'Здравствуйте! Не могу оплатить заказ картой, пишет ошибку банка',
    'Hi, I was charged twice for the same order #48213',
    '漢字かな交じりの長いメッセージです。よろしくお願いします。',
    'Спасибо 👍',
    'Any update? This is urgent, the delivery is tomorrow and I need the invoice',
  ];
  for (const c of fake.conversations) {
    const messages: Message[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const type = i % 3 === 0 ? 'operator' : i % 7 === 0 ? 'bot' : 'customer';
      messages.push(
        message(c.id, texts[i % texts.length], {
          author: {
            type,
            id: type === 'operator' ? 'op-me' : null,
            name: type === 'customer' ? c.customerName : 'Анна',
          },
          createdAt: NOW - (MESSAGES - i) * 1000,
        }),
      );
    }
    fake.transcripts.set(c.id, messages);
  }
  if (earlier > 0) addHistory(fake, earlier, MESSAGES);
  return fake;
}

/** Each dialog's customer gets `earlier` closed conversations of `messages` messages each, on other channels. */
export function addHistory(desk: FakeDesk, earlier: number, messages: number): void {
  const texts = ['Заказ #48213 не пришёл, где он?', 'The refund arrived, thank you', 'Спасибо 👍'];
  for (const current of desk.conversations) {
    const entries = Array.from({ length: earlier }, (_, n) => {
      const id = `${current.id}-old${n}`;
      desk.transcripts.set(
        id,
        Array.from({ length: messages }, (_, i) =>
          message(id, texts[i % texts.length], { createdAt: NOW - (n + 1) * 86_400_000 + i * 1000 }),
        ),
      );
      return {
        ...conversation(id, {
          customerId: current.customerId,
          status: 'resolved',
          channelId: n % 2 ? 'mail' : 'bot',
          channelKind: n % 2 ? 'email' : 'telegram',
          outcome: 'solved',
          rating: 5 - (n % 5),
          createdAt: NOW - (n + 1) * 86_400_000,
        }),
        operatorName: 'Иван',
      };
    });
    desk.history.set(current.customerId, entries);
  }
}
