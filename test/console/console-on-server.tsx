// The console against a real test server: a queue, one operator and a site channel whose webhook
// is recorded, then the real tRPC client, a DeskModel and the app rendered on a 100×30 terminal.
import type { Lang } from '../../shared/schemas';
import { ConsoleApp } from '../../cli/console/console-app';
import type { ConsoleClient } from '../../cli/console/console-client';
import { DeskModel } from '../../cli/console/desk-model';
import { connectConsole } from '../../cli/console/connect-console';
import type { TestServer } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { renderOn, type Rendered } from './fake-desk';

export type ConsoleOnServer = {
  hook: WebhookReceiver;
  /** The site channel's secret, for posting customer messages to it. */
  secret: string;
  client: ConsoleClient;
  model: DeskModel;
  app: Rendered;
};

export async function openConsoleOnServer(
  t: TestServer,
  operator: { login: string; name: string; password: string },
  lang: Lang,
): Promise<ConsoleOnServer> {
  const hook = new WebhookReceiver();
  const webhookUrl = await hook.start();
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support', skills: [] });
  await t.admin.admin.createOperator.mutate({ ...operator, skills: [], capacity: 3 });
  const { secret } = await t.admin.admin.createChannel.mutate({
    id: 'site',
    name: 'Site',
    queueId: 'support',
    settings: { webhookUrl },
    lang: 'ru',
  });
  const { client, model, app } = await logInConsole(t.server.wsUrl, operator.login, operator.password, lang);
  return { hook, secret, client, model, app };
}

export type LoggedInConsole = {
  client: ConsoleClient;
  model: DeskModel;
  app: Rendered;
  /** Unmounts the app, stops the model and closes the client. */
  close(): Promise<void>;
};

/** The real tRPC client logged in at `wsUrl`, a DeskModel on it and the app rendered on `columns`×30. */
export async function logInConsole(
  wsUrl: string,
  login: string,
  password: string,
  lang: Lang,
  columns = 100,
): Promise<LoggedInConsole> {
  const client = await connectConsole(wsUrl, login, password);
  const model = new DeskModel(client);
  const app = renderOn(<ConsoleApp model={model} lang={lang} onQuit={() => undefined} tickMs={0} />, columns, 30);
  await model.start();
  return {
    client,
    model,
    app,
    async close() {
      app.unmount();
      model.stop();
      await client.close();
    },
  };
}

/** Takes down the console, the webhook receiver and the server (the one running now: a test may have restarted it). */
export async function closeConsoleOnServer(desk: ConsoleOnServer | undefined, t: TestServer): Promise<void> {
  desk?.app.unmount();
  desk?.model.stop();
  await desk?.client.close();
  await desk?.hook.close();
  await t.close();
}

/**
 * The first frame `predicate` accepts, for a console on a real server where frames follow network
 * round trips: looked for in event-loop turns of at most 10 ms, until `deadlineMs` (untilFrame in
 * fake-desk.ts counts turns instead, for the in-memory desk).
 */
export async function untilServerFrame(
  app: { lastFrame(): string },
  predicate: (frame: string) => boolean,
  deadlineMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (predicate(app.lastFrame())) return app.lastFrame();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`frame never matched:\n${app.lastFrame()}`);
}
