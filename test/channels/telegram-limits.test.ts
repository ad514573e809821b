// Telegram's limits on the sending side: a 429's retry_after holds the outbox's next attempt
// back at least that long (on a virtual clock, so no real time passes), and the text splitter
// cuts where a reader expects a cut, never inside a surrogate pair.
import fs from 'node:fs';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../server/channels/outbox';
import { ChannelAdapters } from '../../server/channels/registry';
import { telegramAdapter } from '../../server/channels/telegram/adapter';
import { splitText } from '../../server/channels/telegram/split';
import type { ChannelRecord } from '../../server/desk/mappers';
import { SqliteStore } from '../../server/store/sqlite-store';
import { tempDataDir } from '../helpers/server';
import { VirtualTime } from '../helpers/virtual-time';
import { FakeBotApi } from '../providers/telegram-bot-api';

describe('a 429 from Telegram', () => {
  let dir: string;
  let store: SqliteStore;
  let fake: FakeBotApi;
  let time: VirtualTime;
  let outbox: Outbox;

  beforeEach(async () => {
    dir = tempDataDir();
    store = SqliteStore.inDirectory(dir);
    fake = new FakeBotApi();
    const apiUrl = await fake.start();
    fake.knownChats.add('4815162342');
    const channel: ChannelRecord = {
      id: 'tg',
      name: 'Telegram',
      adapter: 'telegram',
      medium: 'messenger',
      queueId: 'general',
      lang: 'ru',
      weight: 1,
      slaFirstResponseMs: 60_000,
      slaNextResponseMs: 60_000,
      settings: { mode: 'polling', apiUrl },
      secret: 'channel-secret',
      credentials: { token: fake.token },
    };
    const adapters = new ChannelAdapters([telegramAdapter]);
    time = new VirtualTime(Date.UTC(2025, 0, 6, 12));
    outbox = new Outbox({
      store,
      clock: time,
      timer: time.schedule,
      log: pino({ level: 'silent' }),
      send: (entry, signal) => adapters.deliver(channel, entry.body, signal),
      onFatal: (error) => {
        throw error;
      },
    });
    await outbox.start();
  });

  afterEach(async () => {
    await outbox.stop();
    await fake.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the next attempt back for retry_after, even when the backoff is shorter', async () => {
    fake.failNextSends.push({ status: 429, description: 'Too Many Requests: retry after 30', retryAfter: 30 });
    const body = JSON.stringify({
      conversationId: 'conv-1',
      contact: { id: '4815162342' },
      message: {
        id: 'm1',
        text: 'Ваш заказ готов',
        author: { type: 'operator', name: 'Ольга' },
        createdAt: new Date(0).toISOString(),
      },
    });
    const [rows] = await store.commit([
      {
        query: store.q.insertOutbox,
        args: {
          channel_id: 'tg',
          conversation_id: 'conv-1',
          message_id: 'm1',
          body,
          attempts: 0,
          next_attempt_at: 0,
          delivered_at: null,
          last_error: null,
          failed_at: null,
        },
      },
    ]);
    const id = (rows[0] as { id: number }).id;
    outbox.enqueue({
      id,
      channelId: 'tg',
      conversationId: 'conv-1',
      messageId: 'm1',
      body,
      attempts: 0,
      nextAttemptAt: 0,
    });
    // The first backoff is about a second; Telegram asked for thirty.
    expect(await time.nextTimer()).toBe(30_000);
    expect(await store.get(store.q.outboxById, { id })).toMatchObject({
      attempts: 1,
      last_error: 'sendMessage: Telegram answered 429: Too Many Requests: retry after 30',
    });
    await time.advance(29_999);
    expect(fake.sent).toEqual([]);
    await time.advance(1);
    await fake.waitForSent((sent) => sent.length === 1);
    expect(fake.sent[0]).toMatchObject({ method: 'sendMessage', text: 'Ваш заказ готов' });
  });
});

describe('splitText', () => {
  it('keeps a text that fits whole', () => {
    expect(splitText('Привет')).toEqual(['Привет']);
    expect(splitText('x'.repeat(4096))).toEqual(['x'.repeat(4096)]);
  });

  it('cuts at a paragraph, else a line, else a space, in the latter half of the window', () => {
    const paragraph = `${'а'.repeat(3000)}\n${'б'.repeat(500)}\n\n${'в'.repeat(2000)}`;
    expect(splitText(paragraph)).toEqual([`${'а'.repeat(3000)}\n${'б'.repeat(500)}`, 'в'.repeat(2000)]);
    const line = `${'а'.repeat(3000)} ${'б'.repeat(500)}\n${'в'.repeat(2000)}`;
    expect(splitText(line)).toEqual([`${'а'.repeat(3000)} ${'б'.repeat(500)}`, 'в'.repeat(2000)]);
    const words = `${'слово '.repeat(1000)}`.trim();
    const parts = splitText(words);
    expect(parts.every((p) => p.length <= 4096 && !p.startsWith(' ') && !p.endsWith(' '))).toBe(true);
    expect(parts.join(' ')).toBe(words);
    // A break early in the window would leave a tiny part: the cut goes later, at a space.
    const early = `abc\n\n${'д '.repeat(3000)}`.trim();
    expect(splitText(early)[0].length).toBeGreaterThan(2048);
  });

  it('cuts a text with no break at the limit, never between the halves of a surrogate pair', () => {
    const emoji = '😀'.repeat(3000);
    const parts = splitText(emoji);
    expect(parts.map((p) => p.length)).toEqual([4096, 1904]);
    expect(parts.every((p) => p.isWellFormed())).toBe(true);
    expect(parts.join('')).toBe(emoji);
    const odd = `a${'😀'.repeat(3000)}`;
    // The 4096th unit is the first half of a pair: the cut moves one back.
    expect(splitText(odd).map((p) => p.length)).toEqual([4095, 1906]);
    expect(splitText(odd).every((p) => p.isWellFormed())).toBe(true);
    expect(splitText(odd).join('')).toBe(odd);
  });
});
