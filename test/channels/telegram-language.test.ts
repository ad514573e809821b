// The customer's language_code sets the bot's language (issue 16): a Telegram user whose app is
// in English gets the bot's sayings in English on a Russian channel, for the whole conversation
// and after a restart (the language is stored with it); a language the bot does not speak
// leaves the channel's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationFromRow } from '../../server/desk/mappers';
import { DEFAULT_BOT_TEXTS } from '../../server/domain/bot';
import { isAssigned } from '../helpers/operator-session';
import { startTelegramDesk, type TelegramDesk } from '../helpers/telegram-desk';
import { textUpdate, type Sender } from '../providers/telegram-fixtures';

const JOHN: Sender = { id: 7_100_001, first_name: 'John', language_code: 'en-GB' };
const HANS: Sender = { id: 7_100_002, first_name: 'Hans', language_code: 'de' };

describe.each(['sqlite', 'postgres'] as const)('the bot’s language on Telegram on %s', { timeout: 30_000 }, (store) => {
  let desk: TelegramDesk;

  beforeEach(async () => {
    desk = await startTelegramDesk({ store }, 'webhook');
    for (const sender of [JOHN, HANS]) desk.fake.knownChats.add(String(sender.id));
  });

  afterEach(async () => {
    await desk.close();
  });

  async function conversationWith(sender: Sender) {
    expect((await desk.fake.postUpdate(textUpdate(desk.fake.updateId(), sender, 'Hello'))).status).toBe(200);
    const assigned = await desk.olga.waitFor(
      (e) => isAssigned()(e) && e.type === 'conversation.assigned' && e.conversation.contactId === String(sender.id),
    );
    if (assigned.type !== 'conversation.assigned') throw new Error('not an assignment');
    return assigned.conversation;
  }

  const sentTo = (sender: Sender) =>
    desk.fake.sent.filter((s) => s.chatId === String(sender.id) && s.method === 'sendMessage').map((s) => s.text);

  it('speaks English to a customer whose Telegram is in English, from greeting to close, and stores it', async () => {
    const conversation = await conversationWith(JOHN);
    expect(conversation.lang).toBe('en');
    await desk.fake.waitForSent(() => sentTo(JOHN).length >= 2);
    expect(sentTo(JOHN)).toEqual([DEFAULT_BOT_TEXTS.en.greeting, 'Ольга joined the conversation.']);

    await desk.olga.api.operator.resolve.mutate({ conversationId: conversation.id });
    await desk.fake.waitForSent(() => sentTo(JOHN).length >= 4);
    expect(sentTo(JOHN).slice(2)).toEqual([DEFAULT_BOT_TEXTS.en.closed, DEFAULT_BOT_TEXTS.en.askRating]);

    // What a restart rebuilds the conversation from keeps the language.
    const { store: deskStore } = desk.t.server.desk.ctx;
    const row = await deskStore.get(deskStore.q.conversationById, { id: conversation.id });
    expect(conversationFromRow(row!, null, { medium: 'messenger', adapter: 'telegram' }).lang).toBe('en');
  });

  it('keeps the channel’s language for a language the bot does not speak', async () => {
    const conversation = await conversationWith(HANS);
    expect(conversation.lang).toBeUndefined();
    await desk.fake.waitForSent(() => sentTo(HANS).length >= 2);
    expect(sentTo(HANS)[0]).toBe(DEFAULT_BOT_TEXTS.ru.greeting);
  });
});
