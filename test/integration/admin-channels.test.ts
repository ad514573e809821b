// Changing, deleting, listing and probing channels on the running server (issue 14 §1): what
// an admin changes applies to the next message without a restart, a channel open conversations
// depend on stays, and secrets are never shown again after creation.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';

async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError)
      return { code: (error.data as { code: string }).code, message: error.message };
    throw error;
  }
  throw new Error('the call succeeded');
}

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let t: TestServer;
  let olga: OperatorSession;
  let first: WebhookReceiver;
  let second: WebhookReceiver;
  let secret: string;
  let counter = 0;

  beforeEach(async () => {
    first = new WebhookReceiver();
    second = new WebhookReceiver();
    await Promise.all([first.start(), second.start()]);
    t = await startTestServer({ store });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
    ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' }));
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  });

  afterEach(async () => {
    await olga.close();
    await t.close();
    await Promise.all([first.close(), second.close()]);
  });

  async function customerWrites(contact: string): Promise<string> {
    const posted = await postCustomerMessage(t.server.url, 'site', secret, {
      id: `m-${++counter}`,
      contact: { id: contact },
      text: 'hello',
    });
    expect(posted.status).toBe(202);
    return posted.body.conversationId as string;
  }

  const reply = (conversationId: string, text: string) =>
    olga.api.operator.send.mutate({ conversationId, clientId: `reply-${text}`, text });

  it('set: a new webhook and SLA apply to the next message, without a restart', async () => {
    const before = await customerWrites('a');
    await olga.waitFor(isAssigned(before));
    // No webhook yet: the reply stays in the transcript, with no delivery to wait for.
    expect((await reply(before, 'unsent')).delivery).toBeUndefined();

    const changed = await t.admin.admin.updateChannel.mutate({
      id: 'site',
      settings: { webhookUrl: first.url },
      slaFirstResponseMs: 5_000,
    });
    expect(changed).toMatchObject({ settings: { webhookUrl: first.url }, slaFirstResponseMs: 5_000 });
    const sent = await reply(before, 'to the first hook');
    await first.waitFor((d) => d.payload.message.id === sent.id);

    await t.admin.admin.updateChannel.mutate({ id: 'site', settings: { webhookUrl: second.url } });
    const moved = await reply(before, 'to the second hook');
    await second.waitFor((d) => d.payload.message.id === moved.id);
    expect(first.deliveries.some((d) => d.payload.message.id === moved.id)).toBe(false);
    expect(WebhookReceiver.verify(second.deliveries.at(-1)!, secret)).toBe(true);

    const after = await customerWrites('b');
    const assigned = await olga.waitFor(isAssigned(after));
    expect(assigned.type === 'conversation.assigned' && assigned.conversation.slaTargetMs).toBe(5_000);
  });

  it('set: refuses bad input and a missing channel, changing nothing', async () => {
    expect(await failure(t.admin.admin.updateChannel.mutate({ id: 'site', queueId: 'nope' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'queue nope does not exist',
    });
    expect(
      await failure(t.admin.admin.updateChannel.mutate({ id: 'site', settings: { colour: 'blue' }, lang: 'ru' })),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: 'settings or credentials do not fit the api kind — settings: Unrecognized key: "colour"',
    });
    expect(await failure(t.admin.admin.updateChannel.mutate({ id: 'gone', name: 'X' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'channel gone does not exist',
    });
    expect((await t.admin.admin.listChannels.query())[0]).toMatchObject({
      lang: 'en',
      queueId: 'general',
      settings: {},
    });
  });

  it('delete: refused while an open conversation came through the channel, allowed after', async () => {
    const open = await customerWrites('a');
    await olga.waitFor(isAssigned(open));
    expect(await failure(t.admin.admin.deleteChannel.mutate({ id: 'site' }))).toEqual({
      code: 'CONFLICT',
      message:
        'channel site cannot be deleted: 1 open conversation came through it (0 waiting, 1 assigned): resolve it first',
    });
    await olga.api.operator.resolve.mutate({ conversationId: open });
    expect(await t.admin.admin.deleteChannel.mutate({ id: 'site' })).toMatchObject({ id: 'site' });
    expect(await t.admin.admin.listChannels.query()).toEqual([]);
    // Its secret went with it, and its history stays readable.
    const refused = await postCustomerMessage(t.server.url, 'site', secret, {
      id: 'late',
      contact: { id: 'a' },
      text: 'hi',
    });
    expect(refused.status).toBe(404);
    expect((await t.admin.operator.messages.query({ conversationId: open })).length).toBeGreaterThan(0);
    // The id can be added again: the same channel, with a new secret.
    const again = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site again', queueId: 'general' });
    expect(again.secret).not.toBe(secret);
    secret = again.secret;
    expect(await customerWrites('c')).not.toBe(open);
  });

  it('list masks every secret; test probes the webhook and reports its answer', async () => {
    const [listed] = await t.admin.admin.listChannels.query();
    expect(listed.secrets).toEqual({ signing: `****${secret.slice(-4)}` });
    expect(JSON.stringify(listed)).not.toContain(secret);

    expect(await t.admin.admin.testChannel.mutate({ id: 'site' })).toEqual({
      channelId: 'site',
      adapter: 'api',
      probed: false,
      ok: false,
      detail: 'channel has no webhook URL: set one with --webhook',
    });
    await t.admin.admin.updateChannel.mutate({ id: 'site', settings: { webhookUrl: first.url } });
    first.status = 503;
    expect(await t.admin.admin.testChannel.mutate({ id: 'site' })).toMatchObject({
      probed: true,
      ok: false,
      status: 503,
    });
    first.status = 204;
    expect(await t.admin.admin.testChannel.mutate({ id: 'site' })).toEqual({
      channelId: 'site',
      adapter: 'api',
      probed: true,
      ok: true,
      status: 204,
      detail: 'webhook answered 204',
    });
    expect(first.probes.at(-1)?.probe).toMatchObject({ event: 'channel.probe', channelId: 'site' });
  });

  it('web chat has nothing to probe', async () => {
    await t.admin.admin.createChannel.mutate({ id: 'widget', name: 'Widget', queueId: 'general', adapter: 'webchat' });
    expect(await t.admin.admin.testChannel.mutate({ id: 'widget' })).toMatchObject({ probed: false, ok: true });
  });

  it('an unknown kind is refused by name', async () => {
    expect(
      await failure(t.admin.admin.createChannel.mutate({ id: 'x', name: 'X', queueId: 'general', adapter: 'fax' })),
    ).toEqual({ code: 'BAD_REQUEST', message: 'unknown channel kind "fax": this server has api, webchat, email, sms' });
  });

  it('only admins may change, delete, list or probe channels', async () => {
    const asOlga = await loggedInHttpClient(t.server.url, 'olga', 'olga-password');
    for (const call of [
      () => asOlga.admin.updateChannel.mutate({ id: 'site', name: 'Mine' }),
      () => asOlga.admin.deleteChannel.mutate({ id: 'site' }),
      () => asOlga.admin.listChannels.query(),
      () => asOlga.admin.testChannel.mutate({ id: 'site' }),
    ])
      expect((await failure(call())).code).toBe('FORBIDDEN');
    expect((await t.admin.admin.listChannels.query())[0].name).toBe('Site');
  });
});
