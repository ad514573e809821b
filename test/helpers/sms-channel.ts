// An SMS channel on a test server, bound to a fake SMSC (test/providers/smsc.ts) on loopback.
import type { TestServer } from './server';

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
