// A desk with one channel of the test-only loopback kind (test/providers/loopback-adapter.ts)
// against the loopback messenger: the server with the kind registered, Olga online, and the
// channel `bot` added as an admin adds it.
import type { ServerConfig } from '../../server/config';
import { withLoopback } from '../providers/loopback-adapter';
import { LoopbackMessenger } from '../providers/loopback-messenger';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

export interface LoopbackDesk {
  t: TestServer;
  messenger: LoopbackMessenger;
  /** Olga's session; a test that reconnects her sets the new one here, for close() to end. */
  olga: OperatorSession;
  close(): Promise<void>;
}

export async function startLoopbackDesk(store: ServerConfig['store']): Promise<LoopbackDesk> {
  const messenger = new LoopbackMessenger();
  const apiUrl = await messenger.start();
  messenger.tokens.add('token-one-abcd-1234');
  const t = await startTestServer({ store }, undefined, { adapters: withLoopback });
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
    id: 'bot',
    name: 'Bot',
    queueId: 'general',
    adapter: 'loopback',
    medium: 'messenger',
    settings: { apiUrl },
    credentials: { token: 'token-one-abcd-1234' },
  });
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const desk: LoopbackDesk = {
    t,
    messenger,
    olga,
    async close() {
      await desk.olga.close();
      await t.close();
      await messenger.close();
    },
  };
  return desk;
}
