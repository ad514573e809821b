// A desk with history to search (issue 18 §3), on either store: two channels on two queues, and
// three customers. Anna (site) is served by Olga now; Boris (site) was Olga's and is resolved
// with tag, outcome and CSAT 2; Clara (shop) is served by Pavel. Sam is a supervisor.
import { expect } from 'vitest';
import { postCustomerMessage } from './customer';
import { isAssigned, isMessage, OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

export interface SearchDesk {
  t: TestServer;
  olga: OperatorSession;
  pavel: OperatorSession;
  sam: OperatorSession;
  /** The conversations by customer. */
  anna: string;
  boris: string;
  clara: string;
  /** Posts a customer's message on `site` or `shop`; resolves once it is acknowledged. */
  write(
    channel: 'site' | 'shop',
    contact: { id: string; name?: string; email?: string },
    text: string,
  ): Promise<string>;
  /** When the desk was set up: every message is written after it. */
  startedAt: number;
  close(): Promise<void>;
}

export async function startSearchDesk(store: 'sqlite' | 'postgres'): Promise<SearchDesk> {
  const startedAt = Date.now();
  const t = await startTestServer({ store });
  const { admin } = t.admin;
  await admin.createQueue.mutate({ id: 'general', name: 'General' });
  await admin.createQueue.mutate({ id: 'sales', name: 'Sales' });
  for (const [login, name] of [
    ['olga', 'Ольга'],
    ['pavel', 'Pavel'],
  ])
    await admin.createOperator.mutate({ login, name, password: `${login}-password`, capacity: 10 });
  await admin.createOperator.mutate({ login: 'sam', name: 'Sam', password: 'sam-password', role: 'supervisor' });
  const secrets = {
    site: (await admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' })).secret,
    shop: (await admin.createChannel.mutate({ id: 'shop', name: 'Shop', queueId: 'sales' })).secret,
  };
  let n = 0;
  const write: SearchDesk['write'] = async (channel, contact, text) => {
    const posted = await postCustomerMessage(t.server.url, channel, secrets[channel], {
      id: `m-${++n}`,
      contact,
      text,
    });
    expect(posted.status).toBe(202);
    return posted.body.conversationId as string;
  };

  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const anna = await write(
    'site',
    { id: 'anna', name: 'Анна Смирнова' },
    'Здравствуйте, мой ЗАКАЗ №1542 не пришёл, где ёлка?',
  );
  await olga.waitFor(isAssigned(anna));
  await olga.api.operator.send.mutate({ conversationId: anna, clientId: 'reply-0001', text: 'Проверяю ваш заказ' });
  const boris = await write(
    'site',
    { id: 'boris', name: 'Boris Lee', email: 'boris@example.com' },
    'The invoice for order 77 is wrong',
  );
  await olga.waitFor(isAssigned(boris));
  await olga.api.operator.resolve.mutate({ conversationId: boris, tag: 'billing', outcome: 'sold' });
  await write('site', { id: 'boris' }, '2');
  // Olga steps away, so Clara goes to Pavel.
  await olga.api.operator.setStatus.mutate({ status: 'away' });
  const pavel = await OperatorSession.connect(t.server, 'pavel', 'pavel-password');
  const clara = await write(
    'shop',
    { id: 'clara', name: 'Clara Díaz' },
    'Привет! Хочу вернуть товар, order refund please',
  );
  await pavel.waitFor(isAssigned(clara));
  await olga.waitFor(isMessage('Проверяю ваш заказ'));
  const sam = await OperatorSession.connect(t.server, 'sam', 'sam-password', { subscribe: false });
  return {
    t,
    olga,
    pavel,
    sam,
    anna,
    boris,
    clara,
    write,
    startedAt,
    async close() {
      for (const s of [olga, pavel, sam]) await s.close();
      await t.close();
    },
  };
}
