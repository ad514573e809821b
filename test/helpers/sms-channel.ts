// A desk with an SMS channel bound to a fake SMSC (test/providers/smsc.ts) on loopback.
import type { ServerConfig } from '../../server/config';
import { FakeSmsc } from '../providers/smsc';
import { startChannelDesk, type ChannelDesk, type ChannelInput } from './channel-desk';

const smsChannel = (port: number, settings: Record<string, unknown>): ChannelInput => ({
  id: 'sms',
  name: 'SMS',
  queueId: 'general',
  adapter: 'sms',
  medium: 'sms',
  lang: 'ru',
  settings: { host: '127.0.0.1', port, sourceAddr: 'Shop', sourceTon: 5, sourceNpi: 0, ...settings },
  credentials: { systemId: 'textdesk', password: 'secret12' },
});

export interface SmsDesk extends ChannelDesk {
  smsc: FakeSmsc;
}

/** The server, the fake SMSC, Olga online, and the channel `sms` added and bound once. */
export async function startSmsDesk(
  store: ServerConfig['store'],
  settings: Record<string, unknown> = {},
): Promise<SmsDesk> {
  const smsc = new FakeSmsc();
  const port = await smsc.start();
  const desk = await startChannelDesk({
    server: { store },
    channel: () => smsChannel(port, settings),
    stopFake: () => smsc.stop(),
  });
  await smsc.waitFor(() => smsc.boundSessions === 1);
  return Object.assign(desk, { smsc });
}
