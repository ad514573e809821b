// Conversations the desk starts (issue 16) on the provider channels, on both stores, against the
// loopback fakes: an SMS to a typed number goes out once as submit_sm and the customer's answer
// (from the same number, as E.164) lands in it with its starter; WhatsApp takes only an approved
// template for a new conversation; Telegram writes only to a chat that wrote to the bot first.
import { afterEach, describe, expect, it } from 'vitest';
import { isMessage } from '../helpers/operator-session';
import { startSmsDesk } from '../helpers/sms-channel';
import { startTelegramDesk, type TelegramDesk } from '../helpers/telegram-desk';
import { codeOf } from '../helpers/trpc-code';
import { startWhatsAppDesk, type WhatsAppDesk } from '../helpers/whatsapp-desk';
import { IVAN, textUpdate } from '../providers/telegram-fixtures';

describe.each(['sqlite', 'postgres'] as const)('starting conversations on %s', { timeout: 40_000 }, (store) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  it('SMS: to a typed number; sent once; the reply from that number lands with Olga', async () => {
    const desk = await startSmsDesk(store, { throughputPerSec: 50 });
    cleanup.push(() => desk.close());
    const { olga, smsc } = desk;

    expect(
      await codeOf(
        olga.api.operator.startConversation.mutate({
          channelId: 'sms',
          to: { address: '8 900 123-45-67' },
          clientId: 'sms-start-0',
          text: 'Ваш заказ готов',
        }),
      ),
    ).toBe('BAD_REQUEST');
    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'sms',
      to: { address: '+7 (900) 123-45-67' },
      clientId: 'sms-start-1',
      text: 'Ваш заказ 17 готов к выдаче',
    });
    expect(started.conversation).toMatchObject({ contactId: '+79001234567', operatorId: olga.operatorId });
    await smsc.waitFor(() => smsc.messages.length > 0);
    expect(smsc.messages.map((m) => [m.destination, m.text])).toEqual([['79001234567', 'Ваш заказ 17 готов к выдаче']]);

    expect(await smsc.mo('79001234567', 'Спасибо, заберу завтра')).toEqual([0]);
    await olga.waitFor(isMessage('Спасибо, заберу завтра'));
    const texts = (await olga.api.operator.messages.query({ conversationId: started.conversation.id })).map(
      (m) => `${m.author.type}: ${m.text}`,
    );
    expect(texts).toEqual(['operator: Ваш заказ 17 готов к выдаче', 'customer: Спасибо, заберу завтра']);
    const { conversations } = await olga.api.operator.snapshot.query();
    expect(conversations.map((c) => [c.id, c.operatorId])).toEqual([[started.conversation.id, olga.operatorId]]);
    // The first message went out once: no bot notice, no second submit.
    expect(smsc.messages).toHaveLength(1);
  });

  it('WhatsApp: free text refused (the window is closed), an approved template accepted and sent as one', async () => {
    const desk: WhatsAppDesk = await startWhatsAppDesk({ store });
    cleanup.push(() => desk.close());
    const { olga, fake } = desk;
    const text = olga.api.operator.startConversation.mutate({
      channelId: 'wa',
      to: { address: '+79001234567' },
      clientId: 'wa-start-1',
      text: 'Здравствуйте!',
    });
    await expect(text).rejects.toThrow(/reply window is not open.*approved templates/);
    expect((await olga.api.operator.snapshot.query()).conversations).toEqual([]);

    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'wa',
      to: { address: '+79001234567' },
      clientId: 'wa-start-2',
      template: { name: 'order_ready', params: ['Анна', '17'] },
    });
    // Meta names the customer by digits only: so does the started conversation, for her reply to find it.
    expect(started.conversation.contactId).toBe('79001234567');
    expect(started.message.text).toBe('Здравствуйте, Анна! Ваш заказ 17 готов к выдаче.');
    await expect.poll(() => fake.sent.length).toBe(1);
    expect(fake.sent[0]).toMatchObject({
      to: '79001234567',
      type: 'template',
      body: { template: { name: 'order_ready' } },
    });

    const sent = await fake.customerText({ waId: '79001234567', name: 'Анна Петрова' }, 'Спасибо!');
    expect(sent.status).toBe(200);
    await olga.waitFor(isMessage('Спасибо!'));
    const { conversations } = await olga.api.operator.snapshot.query();
    expect(conversations.map((c) => [c.id, c.operatorId])).toEqual([[started.conversation.id, olga.operatorId]]);
  });

  it('Telegram: an unknown chat refused; a chat that wrote before accepted', async () => {
    const desk: TelegramDesk = await startTelegramDesk({ store }, 'webhook');
    cleanup.push(() => desk.close());
    const { olga, fake } = desk;
    const unknown = olga.api.operator.startConversation.mutate({
      channelId: 'tg',
      to: { address: '123456789' },
      clientId: 'tg-start-1',
      text: 'Привет',
    });
    await expect(unknown).rejects.toThrow(/writes only to chats that wrote to it first/);
    expect(await codeOf(unknown)).toBe('BAD_REQUEST');

    // Telegram knows the chat once Ivan has written to the bot.
    fake.knownChats.add(String(IVAN.id));
    expect(await fake.postUpdate(textUpdate(fake.updateId(), IVAN, 'Здравствуйте'))).toMatchObject({ status: 200 });
    await olga.waitFor(isMessage('Здравствуйте'));
    const [first] = (await olga.api.operator.snapshot.query()).conversations;
    await olga.api.operator.resolve.mutate({ conversationId: first.id });
    // By the customer's id: the link the bot's chat made.
    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'tg',
      to: { customerId: first.customerId },
      clientId: 'tg-start-2',
      text: 'Ваш заказ отправлен',
    });
    expect(started.conversation).toMatchObject({ contactId: String(IVAN.id), direction: 'outbound' });
    await fake.waitForSent((sent) => sent.some((s) => s.text === 'Ваш заказ отправлен'));
    expect(fake.sent.filter((s) => s.text === 'Ваш заказ отправлен').map((s) => s.chatId)).toEqual([String(IVAN.id)]);
  });
});
