// A desk with one Telegram channel against the fake Bot API (test/providers/telegram-bot-api.ts):
// the server, the fake, an operator online, and the channel added as an admin adds it.
import type { ServerConfig } from '../../server/config';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';
import { FakeBotApi } from '../providers/telegram-bot-api';

export interface TelegramDesk {
  t: TestServer;
  fake: FakeBotApi;
  olga: OperatorSession;
  close(): Promise<void>;
}

export async function startTelegramDesk(
  overrides: Partial<ServerConfig>,
  mode: 'webhook' | 'polling',
  settings: Record<string, unknown> = {},
): Promise<TelegramDesk> {
  const fake = new FakeBotApi();
  const apiUrl = await fake.start();
  const t = await startTestServer(overrides);
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
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
  });
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const desk: TelegramDesk = {
    t,
    fake,
    olga,
    async close() {
      await desk.olga.close();
      await t.close();
      await fake.close();
    },
  };
  return desk;
}

/** A tiny JPEG: the start-of-image and end-of-image markers with a JFIF header between, enough to be typed as one. */
export const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
