// Replies to a Telegram chat through the durable outbox, against the fake Bot API: a long text
// goes in parts of at most 4096 characters, in order; one chat gets at most a message a second;
// an outage (5xx, connection refused) is retried until Telegram is back, and the reply arrives
// once; a chat that blocked the bot fails the message for good.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/schemas';
import { isAssigned } from '../helpers/operator-session';
import { startTelegramDesk, type TelegramDesk } from '../helpers/telegram-desk';
import { IVAN, textUpdate, type Sender } from '../providers/telegram-fixtures';

const MARIA: Sender = { id: 7_000_001, first_name: 'Мария', language_code: 'ru' };

describe.each(['sqlite', 'postgres'] as const)('Telegram replies on %s', { timeout: 40_000 }, (store) => {
  let desk: TelegramDesk;
  let sequence = 0;

  beforeEach(async () => {
    desk = await startTelegramDesk({ store }, 'webhook');
    desk.fake.knownChats.add(String(IVAN.id));
    desk.fake.knownChats.add(String(MARIA.id));
  });

  afterEach(async () => {
    await desk.close();
  });

  async function conversationWith(sender: Sender): Promise<string> {
    expect((await desk.fake.postUpdate(textUpdate(desk.fake.updateId(), sender, 'Здравствуйте'))).status).toBe(200);
    const assigned = await desk.olga.waitFor(
      (e) => isAssigned()(e) && e.type === 'conversation.assigned' && e.conversation.contactId === String(sender.id),
    );
    if (assigned.type !== 'conversation.assigned') throw new Error('not an assignment');
    // The bot's greeting and "operator joined" go first; the tests look at what comes after.
    await desk.fake.waitForSent((sent) => sent.filter((s) => s.chatId === String(sender.id)).length >= 2);
    return assigned.conversation.id;
  }

  const reply = (conversationId: string, text: string) =>
    desk.olga.api.operator.send.mutate({
      conversationId,
      clientId: `reply-${String(++sequence).padStart(4, '0')}`,
      text,
    });

  async function settled(conversationId: string, messageId: string): Promise<Message> {
    let message: Message | undefined;
    await expect
      .poll(
        async () => {
          message = (await desk.olga.api.operator.messages.query({ conversationId })).find((m) => m.id === messageId);
          return message?.delivery?.status;
        },
        { timeout: 20_000 },
      )
      .not.toBe('pending');
    return message!;
  }

  it('sends a long text in parts of at most 4096 characters, in order, cut between paragraphs', async () => {
    const conversationId = await conversationWith(IVAN);
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Абзац ${i + 1}: ${'доставка '.repeat(80).trim()} 🚚`);
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(8192);
    const sent = await reply(conversationId, text);
    const message = await settled(conversationId, sent.id);
    const parts = desk.fake.sent.filter((s) => s.text?.startsWith('Абзац'));
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.text!.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(text);
    expect(message.delivery).toEqual({
      status: 'sent',
      providerId: `${IVAN.id}:${parts.at(-1)!.messageId}`,
      error: null,
    });
  });

  it('sends one chat at most a message a second, without holding up another chat', async () => {
    const ivan = await conversationWith(IVAN);
    const maria = await conversationWith(MARIA);
    const first = await reply(ivan, 'Первый ответ');
    const second = await reply(ivan, 'Второй ответ');
    const other = await reply(maria, 'Ответ Марии');
    await settled(ivan, second.id);
    await settled(maria, other.id);
    const at = (text: string) => desk.fake.sent.find((s) => s.text === text)!.at;
    const toIvan = desk.fake.sent.filter((s) => s.chatId === String(IVAN.id)).map((s) => s.at);
    for (let i = 1; i < toIvan.length; i++) expect(toIvan[i] - toIvan[i - 1]).toBeGreaterThanOrEqual(950);
    expect(at('Второй ответ') - at('Первый ответ')).toBeGreaterThanOrEqual(950);
    // Maria's chat has its own second: her answer is not queued behind Ivan's two.
    expect(at('Ответ Марии')).toBeLessThan(at('Второй ответ'));
    expect(first.id).not.toBe(second.id);
  });

  it('retries through a 5xx and a refused connection, and delivers once Telegram is back', async () => {
    const { fake, t } = desk;
    const conversationId = await conversationWith(IVAN);
    fake.failNextSends.push({ status: 502, description: 'Bad Gateway' });
    const through5xx = await reply(conversationId, 'после 502');
    expect((await settled(conversationId, through5xx.id)).delivery?.status).toBe('sent');
    expect(fake.sent.filter((s) => s.text === 'после 502')).toHaveLength(1);

    await fake.down();
    const whileDown = await reply(conversationId, 'пока Telegram лежит');
    const { store } = t.server.desk.ctx;
    await expect
      .poll(async () => (await store.all(store.q.pendingOutbox, {})).map((row) => row.last_error))
      .toEqual([expect.stringMatching(/Telegram unreachable: .*ECONNREFUSED/)]);
    await fake.up();
    const delivered = await settled(conversationId, whileDown.id);
    expect(delivered.delivery).toMatchObject({ status: 'sent', error: null });
    expect(fake.sent.filter((s) => s.text === 'пока Telegram лежит')).toHaveLength(1);
  });

  it('fails a reply for good when the customer blocked the bot', async () => {
    const conversationId = await conversationWith(IVAN);
    desk.fake.blockedChats.add(String(IVAN.id));
    const sent = await reply(conversationId, 'не дойдёт');
    expect((await settled(conversationId, sent.id)).delivery).toEqual({
      status: 'failed',
      providerId: null,
      error: 'sendMessage: Telegram answered 403: Forbidden: bot was blocked by the user',
    });
  });
});
