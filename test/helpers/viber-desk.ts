// A desk with one Viber channel against the fake of Viber's REST Bot API
// (test/providers/viber-api.ts): the server, the fake, Olga online, and the channel `viber` added
// as an admin adds it, with its webhook's address.
import type { ServerConfig } from '../../server/config';
import { AUTH_TOKEN, ViberApi } from '../providers/viber-api';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

export interface ViberDesk {
  t: TestServer;
  viber: ViberApi;
  /** Olga's session; a test that reconnects her sets the new one here, for close() to end. */
  olga: OperatorSession;
  /** The channel's webhook on the server as started (a restart moves it). */
  hook: string;
  close(): Promise<void>;
}

export async function startViberDesk(
  store: ServerConfig['store'],
  settings: Record<string, unknown> = {},
): Promise<ViberDesk> {
  const viber = new ViberApi();
  const apiUrl = await viber.start();
  const t = await startTestServer({ store });
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
    id: 'viber',
    name: 'Viber',
    queueId: 'general',
    adapter: 'viber',
    medium: 'messenger',
    settings: { apiUrl, senderName: 'Магазин', ...settings },
    credentials: { authToken: AUTH_TOKEN },
  });
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const desk: ViberDesk = {
    t,
    viber,
    olga,
    hook: `${t.server.url}/channels/viber/viber/webhook`,
    async close() {
      await desk.olga.close();
      await t.close();
      await viber.close();
    },
  };
  return desk;
}
