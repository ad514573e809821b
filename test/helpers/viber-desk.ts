// A desk with one Viber channel against the fake of Viber's REST Bot API
// (test/providers/viber-api.ts): the server, the fake, Olga online, and the channel `viber` added
// as an admin adds it, with its webhook's address.
import type { ServerConfig } from '../../server/config';
import { AUTH_TOKEN, ViberApi } from '../providers/viber-api';
import { startChannelDesk, type ChannelDesk } from './channel-desk';

export interface ViberDesk extends ChannelDesk {
  viber: ViberApi;
  /** The channel's webhook on the server as started (a restart moves it). */
  hook: string;
}

export async function startViberDesk(
  store: ServerConfig['store'],
  settings: Record<string, unknown> = {},
): Promise<ViberDesk> {
  const viber = new ViberApi();
  const apiUrl = await viber.start();
  const desk = await startChannelDesk({
    server: { store },
    channel: () => ({
      id: 'viber',
      name: 'Viber',
      queueId: 'general',
      adapter: 'viber',
      medium: 'messenger',
      settings: { apiUrl, senderName: 'Магазин', ...settings },
      credentials: { authToken: AUTH_TOKEN },
    }),
    stopFake: () => viber.close(),
  });
  return Object.assign(desk, { viber, hook: `${desk.t.server.url}/channels/viber/viber/webhook` });
}
