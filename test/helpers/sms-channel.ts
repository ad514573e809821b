// An SMS channel on a test server, bound to a fake SMSC (test/providers/smsc.ts) on loopback.
import type { ServerConfig } from '../../server/config';
import { FakeSmsc } from '../providers/smsc';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

export async function addSmsChannel(t: TestServer, port: number, settings: Record<string, unknown> = {}) {
  await t.admin.admin.createChannel.mutate({
    id: 'sms',
    name: 'SMS',
    queueId: 'general',
    adapter: 'sms',
    medium: 'sms',
    lang: 'ru',
    settings: { host: '127.0.0.1', port, sourceAddr: 'Shop', sourceTon: 5, sourceNpi: 0, ...settings },
    credentials: { systemId: 'textdesk', password: 'secret12' },
  });
}

export interface SmsDesk {
  t: TestServer;
  smsc: FakeSmsc;
  olga: OperatorSession;
  close(): Promise<void>;
}

/** The server, the fake SMSC, Olga online, and the channel `sms` added and bound once. */
export async function startSmsDesk(
  store: ServerConfig['store'],
  settings: Record<string, unknown> = {},
): Promise<SmsDesk> {
  const smsc = new FakeSmsc();
  const port = await smsc.start();
  const t = await startTestServer({ store });
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
  await addSmsChannel(t, port, settings);
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  await smsc.waitFor(() => smsc.boundSessions === 1);
  return {
    t,
    smsc,
    olga,
    async close() {
      await olga.close();
      await t.close();
      await smsc.stop();
    },
  };
}
