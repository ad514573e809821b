// How far a reply got, as the operator sees it (issue 16): ✓ when the provider took it, ✓✓ when it
// reports it delivered, "✓✓ прочитано" when read, each live, on the real server with the loopback
// messenger kind; and the dialog's channel mark, in letters, in the hotlist and the header.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { withLoopback } from '../providers/loopback-adapter';
import { LoopbackMessenger } from '../providers/loopback-messenger';
import { logInConsole, untilServerFrame, type LoggedInConsole } from './console-on-server';
import type { Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

let t: TestServer;
let messenger: LoopbackMessenger;
let ui: LoggedInConsole;
let app: Rendered;

beforeAll(async () => {
  messenger = new LoopbackMessenger();
  const apiUrl = await messenger.start();
  messenger.tokens.add('token-one-abcd-1234');
  t = await startTestServer({}, undefined, { adapters: withLoopback });
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
    id: 'bot',
    name: 'Bot',
    queueId: 'support',
    adapter: 'loopback',
    medium: 'messenger',
    lang: 'ru',
    settings: { apiUrl },
    credentials: { token: 'token-one-abcd-1234' },
  });
  ui = await logInConsole(t.server.wsUrl, 'olga', 'olga-password', 'ru');
  app = ui.app;
});

afterAll(async () => {
  await ui?.close();
  await t?.close();
  await messenger?.close();
});

const until = (predicate: (frame: string) => boolean) => untilServerFrame(app, predicate);

async function report(message_id: string, status: string): Promise<void> {
  const response = await fetch(`${t.server.url}/channels/loopback/bot/statuses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message_id, status }),
  });
  expect(response.status).toBe(200);
}

test('a reply is marked sent, delivered and read as the provider reports, and the dialog shows its kind', async () => {
  await fetch(`${t.server.url}/channels/loopback/bot/updates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ update_id: 1, chat: 'chat-1', text: 'Где мой заказ?' }),
  });
  await until((frame) => frame.includes('Где мой заказ?'));
  // The kind "loopback" has no mark of its own: its first letters.
  expect(app.lastFrame()).toMatch(/#1 .*LOO bot/);
  for (const char of 'Уже в пути') await press(app, char);
  await press(app, KEYS.enter);
  await until((frame) => frame.includes('> Вы ✓: Уже в пути'));
  const providerId = messenger.sent.find((m) => m.text === 'Уже в пути')!.messageId;
  await report(providerId, 'delivered');
  await until((frame) => frame.includes('> Вы ✓✓: Уже в пути'));
  await report(providerId, 'read');
  await until((frame) => frame.includes('> Вы ✓✓ прочитано: Уже в пути'));
});
