// A desk with one channel of the test-only loopback kind (test/providers/loopback-adapter.ts)
// against the loopback messenger: the server with the kind registered, Olga online, and the
// channel `bot` added as an admin adds it.
import type { ServerConfig } from '../../server/config';
import { withLoopback } from '../providers/loopback-adapter';
import { LoopbackMessenger } from '../providers/loopback-messenger';
import { startChannelDesk, type ChannelDesk } from './channel-desk';

export interface LoopbackDesk extends ChannelDesk {
  messenger: LoopbackMessenger;
}

export async function startLoopbackDesk(store: ServerConfig['store']): Promise<LoopbackDesk> {
  const messenger = new LoopbackMessenger();
  const apiUrl = await messenger.start();
  messenger.tokens.add('token-one-abcd-1234');
  const desk = await startChannelDesk({
    server: { store },
    options: { adapters: withLoopback },
    channel: () => ({
      id: 'bot',
      name: 'Bot',
      queueId: 'general',
      adapter: 'loopback',
      medium: 'messenger',
      settings: { apiUrl },
      credentials: { token: 'token-one-abcd-1234' },
    }),
    stopFake: () => messenger.close(),
  });
  return Object.assign(desk, { messenger });
}
