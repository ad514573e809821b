// What the web chat tests start from: a real server with one queue, the operator Olga connected
// over the real tRPC client, and a web chat channel `widget`; visitors open real sockets to it.
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';
import { WebchatVisitor } from './webchat-visitor';

export interface WebchatDesk {
  t: TestServer;
  olga: OperatorSession;
  /** The channel's secret (it signs visitor tokens). */
  secret: string;
  /** A new visitor's socket to the widget channel, closed with the desk. */
  visitor(): Promise<WebchatVisitor>;
  close(): Promise<void>;
}

export async function startWebchatDesk(): Promise<WebchatDesk> {
  const t = await startTestServer();
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password', capacity: 5 });
  const { secret } = await t.admin.admin.createChannel.mutate({
    id: 'widget',
    name: 'Site widget',
    queueId: 'general',
    adapter: 'webchat',
    lang: 'en',
  });
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const visitors: WebchatVisitor[] = [];
  return {
    t,
    olga,
    secret,
    async visitor() {
      const v = await WebchatVisitor.open(t.server.wsUrl, 'widget');
      visitors.push(v);
      return v;
    },
    async close() {
      for (const v of visitors) v.close();
      await olga.close();
      await t.close();
    },
  };
}
