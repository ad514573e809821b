// The Telegram channel in polling mode against the fake Bot API: getUpdates with a long poll,
// each update committed before the offset moves past it, and the offset kept in the store, so
// that a restart asks from the first update not yet committed: none lost, none stored twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperatorSession } from '../helpers/operator-session';
import { startTelegramDesk, type TelegramDesk } from '../helpers/telegram-desk';
import { IVAN, textUpdate } from '../providers/telegram-fixtures';

describe.each(['sqlite', 'postgres'] as const)('Telegram long polling on %s', { timeout: 30_000 }, (store) => {
  let desk: TelegramDesk;

  beforeEach(async () => {
    desk = await startTelegramDesk({ store }, 'polling');
    desk.fake.knownChats.add(String(IVAN.id));
  });

  afterEach(async () => {
    await desk.close();
  });

  /** The customer's messages, in the order stored. */
  async function customerTexts(): Promise<string[]> {
    const texts: string[] = [];
    for (const c of desk.t.server.desk.book.all())
      for (const m of await desk.olga.api.operator.messages.query({ conversationId: c.id }))
        if (m.author.type === 'customer') texts.push(m.text);
    return texts;
  }

  it('takes updates by getUpdates and keeps the offset across a restart: none lost, none repeated', async () => {
    const { fake } = desk;
    const first = fake.updateId();
    fake.queue(textUpdate(first, IVAN, 'первое'));
    fake.queue(textUpdate(fake.updateId(), IVAN, 'второе'));
    await expect.poll(customerTexts).toEqual(['первое', 'второе']);
    // Confirmed to Telegram by the next poll's offset.
    await expect.poll(() => fake.unconfirmed).toEqual([]);
    const beforeRestart = fake.calls.length;

    await desk.olga.close();
    await desk.t.restart(async () => {
      // Sent while the desk was down: held by Telegram until asked for.
      fake.queue(textUpdate(first + 2, IVAN, 'третье'));
      fake.queue(textUpdate(first + 3, IVAN, 'четвёртое'));
    });
    desk.olga = await OperatorSession.connect(desk.t.server, 'olga', 'olga-password');
    await expect.poll(customerTexts).toEqual(['первое', 'второе', 'третье', 'четвёртое']);
    // The restarted poller asked from the stored offset, not from the start.
    const polls = fake.calls.slice(beforeRestart).filter((c) => c.method === 'getUpdates');
    expect(polls[0].params).toMatchObject({ offset: first + 2, limit: 100, timeout: 1, allowed_updates: ['message'] });
  });

  it('asks again, after a pause, when Telegram is down, and takes what waited meanwhile once', async () => {
    const { fake } = desk;
    fake.queue(textUpdate(fake.updateId(), IVAN, 'до сбоя'));
    await expect.poll(customerTexts).toEqual(['до сбоя']);
    await fake.down();
    const during = fake.updateId();
    await fake.up();
    fake.queue(textUpdate(during, IVAN, 'после сбоя'));
    await expect.poll(customerTexts, { timeout: 10_000 }).toEqual(['до сбоя', 'после сбоя']);
  });

  it('stops polling a deleted channel before the delete returns', async () => {
    const { fake, t } = desk;
    // A long poll the test cannot race: held up to 25 s (changed settings restart the poller).
    await t.admin.admin.updateChannel.mutate({ id: 'tg', settings: { pollTimeoutSeconds: '25' } });
    await expect.poll(() => fake.openPolls === 1 && fake.calls.at(-1)?.params.timeout === 25).toBe(true);
    const polls = fake.calls.filter((c) => c.method === 'getUpdates').length;
    await t.admin.admin.deleteChannel.mutate({ id: 'tg' });
    // The held poll was given up, and no new one asked for: the poller had stopped.
    await expect.poll(() => fake.openPolls).toBe(0);
    expect(fake.calls.filter((c) => c.method === 'getUpdates').length).toBe(polls);
  });
});
