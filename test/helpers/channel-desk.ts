// What the per-kind desks (loopback-, sms-, telegram-, viber-, vk-desk.ts) share: the server,
// the queue `general`, Olga on it, the kind's one channel added as an admin adds it, and Olga
// logged in. Each kind's helper starts its provider's fake first and adds what is its own.
import type { Clock } from '../../server/domain/clock';
import type { ServerConfig } from '../../server/config';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer, type TestServerOptions } from './server';

export type ChannelInput = Parameters<TestServer['admin']['admin']['createChannel']['mutate']>[0];

export interface ChannelDesk {
  t: TestServer;
  /** Olga's session; a test that reconnects her sets the new one here, for close() to end. */
  olga: OperatorSession;
  /** Ends Olga's session, the server, then the provider's fake (once it has settled, if it says how). */
  close(): Promise<void>;
}

export interface ChannelDeskOptions {
  server: Partial<ServerConfig>;
  clock?: Clock;
  options?: TestServerOptions;
  /** Olga's display name. */
  olgaName?: string;
  /** The channel, given the started server (a webhook's public address is its). */
  channel(t: TestServer): ChannelInput;
  /** Stops the provider's fake, after the server. */
  stopFake(): Promise<void>;
  /** Waits, before anything closes, for what the fake still has in flight. */
  settleFake?(): Promise<void>;
}

export async function startChannelDesk(opts: ChannelDeskOptions): Promise<ChannelDesk> {
  const t = await startTestServer(opts.server, opts.clock, opts.options);
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({
    login: 'olga',
    name: opts.olgaName ?? 'Olga',
    password: 'olga-password',
  });
  await t.admin.admin.createChannel.mutate(opts.channel(t));
  const desk: ChannelDesk = {
    t,
    olga: await OperatorSession.connect(t.server, 'olga', 'olga-password'),
    async close() {
      await opts.settleFake?.();
      await desk.olga.close();
      await t.close();
      await opts.stopFake();
    },
  };
  return desk;
}
