// The console on the real server over the real tRPC WebSocket client: a customer writes over
// HTTP, the dialog appears live, the operator's typed reply reaches the channel webhook once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConsoleClient } from '../../cli/console/console-client';
import type { DeskModel } from '../../cli/console/desk-model';
import { postCustomerMessage } from '../helpers/customer';
import { startTestServer, type TestServer } from '../helpers/server';
import type { WebhookReceiver } from '../helpers/webhook-receiver';
import { closeConsoleOnServer, openConsoleOnServer, type ConsoleOnServer, untilServerFrame } from './console-on-server';
import type { Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

let t: TestServer;
let hook: WebhookReceiver;
let secret: string;
let client: ConsoleClient;
let model: DeskModel;
let app: Rendered;
let desk: ConsoleOnServer;

const until = (predicate: (frame: string) => boolean) => untilServerFrame(app, predicate);

beforeAll(async () => {
  t = await startTestServer();
  desk = await openConsoleOnServer(t, { login: 'olga', name: 'Ольга', password: 'olga-password' }, 'ru');
  ({ hook, secret, client, model, app } = desk);
});

afterAll(async () => {
  await closeConsoleOnServer(desk, t);
});

describe('console on the real server', () => {
  test("the status line shows the queue figures from the server's operator.queueStats feed", async () => {
    // "—" until the first figures arrive; the feed sends the current ones as soon as it starts.
    const frame = await until((f) => f.split('\n')[0].includes('Очереди: Support 0'));
    expect(frame.split('\n')[0]).not.toContain('—');
  });

  test('a customer message appears live and the reply typed in Russian reaches the webhook once', async () => {
    await until((frame) => frame.includes('● на связи') && frame.includes('Ольга'));
    const posted = await postCustomerMessage(t.server.url, 'site', secret, {
      id: 'ext-1',
      contact: { id: 'c-1', name: 'Пётр' },
      text: 'Добрый день, где мой заказ?',
    });
    expect(posted.status).toBe(202);
    await until((frame) => frame.includes('< Пётр: Добрый день, где мой заказ?'));
    expect(app.lastFrame()).toContain('#1 Пётр');

    for (const char of 'Здравствуйте, проверяю заказ') await press(app, char);
    await press(app, KEYS.enter);
    const delivery = await hook.waitFor((d) => d.payload.message.author.type === 'operator');
    expect(delivery.payload.message.text).toBe('Здравствуйте, проверяю заказ');
    await until(
      (frame) =>
        // ✓: the webhook took it (the message's delivery, told live).
        frame.includes('> Вы ✓: Здравствуйте, проверяю заказ') && !frame.includes('отправляется'),
    );
    const transcript = await client.messages(posted.body.conversationId, 50);
    expect(transcript.filter((m) => m.author.type === 'operator')).toHaveLength(1);
    expect(app.lastFrame().split('Здравствуйте, проверяю заказ').length - 1).toBe(1);
    expect(hook.deliveries.filter((d) => d.payload.message.author.type === 'operator')).toHaveLength(1);
  });

  test('resolving from the keyboard closes the dialog on the server', async () => {
    const [dialog] = model.hotlist();
    await press(app, '/resolve delivery answered', KEYS.enter);
    await until((frame) => !frame.includes('#1 Пётр'));
    const history = await t.admin.supervisor.snapshot.query().catch(() => null);
    expect(model.conversations.has(dialog.id)).toBe(false);
    if (history) expect(history.conversations.some((c) => c.id === dialog.id && c.status !== 'resolved')).toBe(false);
  });
});
