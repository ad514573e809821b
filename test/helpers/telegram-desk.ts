// A desk with one Telegram channel against the fake Bot API (test/providers/telegram-bot-api.ts):
// the server, the fake, an operator online, and the channel added as an admin adds it.
import type { ServerConfig } from '../../server/config';
import { startChannelDesk, type ChannelDesk } from './channel-desk';
import { FakeBotApi } from '../providers/telegram-bot-api';

export interface TelegramDesk extends ChannelDesk {
  fake: FakeBotApi;
}

export async function startTelegramDesk(
  overrides: Partial<ServerConfig>,
  mode: 'webhook' | 'polling',
  settings: Record<string, unknown> = {},
): Promise<TelegramDesk> {
  const fake = new FakeBotApi();
  const apiUrl = await fake.start();
  const desk = await startChannelDesk({
    server: overrides,
    olgaName: 'Ольга',
    channel: (t) => ({
      id: 'tg',
      name: 'Telegram',
      queueId: 'general',
      adapter: 'telegram',
      medium: 'messenger',
      lang: 'ru',
      settings: {
        mode,
        apiUrl,
        ...(mode === 'webhook' && { publicUrl: t.server.url }),
        pollTimeoutSeconds: 1,
        ...settings,
      },
      credentials: { token: fake.token },
    }),
    stopFake: () => fake.close(),
  });
  return Object.assign(desk, { fake });
}

/** A tiny JPEG: the start-of-image and end-of-image markers with a JFIF header between, enough to be typed as one. */
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
