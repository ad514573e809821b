// The start rate per channel (issue 16), on both stores: each channel has its own bucket, so a
// script flooding one channel with starts never holds back an operator's /new on another; the
// server's outboundRatePerSec/outboundBurst is every channel's default, and a channel may set its
// own (startRatePerSec, startBurst), or go back to the default with null.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';
import { WebhookReceiver } from '../helpers/webhook-receiver';

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 30, 9));
  let t: TestServer;
  let hook: WebhookReceiver;
  let olga: OperatorSession;
  let starts = 0;

  beforeEach(async () => {
    hook = new WebhookReceiver();
    const webhookUrl = await hook.start();
    t = await startTestServer({ store, outboundRatePerSec: 0.01, outboundBurst: 2 }, clock);
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
    for (const id of ['shop', 'crm'])
      await t.admin.admin.createChannel.mutate({ id, name: id, queueId: 'general', settings: { webhookUrl } });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  });

  afterEach(async () => {
    await olga.close();
    await t.close();
    await hook.close();
  });

  const start = (channelId: string) =>
    olga.api.operator.startConversation.mutate({
      channelId,
      to: { address: `contact-${++starts}` },
      clientId: `start-rate-${starts}`,
      text: 'Hello',
    });

  it('one channel’s flood does not block another’s start', async () => {
    await start('shop');
    await start('shop');
    await expect(start('shop')).rejects.toThrow(/channel shop starts at most 0\.01 conversation\(s\) a second/);
    expect(await codeOf(start('shop'))).toBe('TOO_MANY_REQUESTS');
    // crm's bucket is its own, full.
    await start('crm');
    await start('crm');
    expect(await codeOf(start('crm'))).toBe('TOO_MANY_REQUESTS');
    expect((await olga.api.operator.snapshot.query()).conversations).toHaveLength(4);
  });

  it('a channel’s own rate overrides the default, and null brings the default back', async () => {
    await t.admin.admin.updateChannel.mutate({ id: 'crm', startRatePerSec: 5, startBurst: 1 });
    await start('crm');
    await expect(start('crm')).rejects.toThrow(/channel crm starts at most 5 conversation\(s\) a second/);
    clock.advance(200); // one token at 5 a second
    await start('crm');
    // shop keeps the default.
    await start('shop');
    await start('shop');
    expect(await codeOf(start('shop'))).toBe('TOO_MANY_REQUESTS');

    const [listed] = (await t.admin.admin.listChannels.query()).filter((c) => c.id === 'crm');
    expect(listed).toMatchObject({ startRatePerSec: 5, startBurst: 1 });
    await t.admin.admin.updateChannel.mutate({ id: 'crm', startRatePerSec: null, startBurst: null });
    const [back] = (await t.admin.admin.listChannels.query()).filter((c) => c.id === 'crm');
    expect(back.startRatePerSec).toBeUndefined();
    await start('crm');
    await start('crm');
    await expect(start('crm')).rejects.toThrow(/starts at most 0\.01 conversation\(s\) a second/);
  });

  it('a rate that is no rate is refused and changes nothing', async () => {
    for (const bad of [{ startRatePerSec: 0 }, { startRatePerSec: -1 }, { startBurst: 0 }, { startBurst: 1.5 }])
      expect(await codeOf(t.admin.admin.updateChannel.mutate({ id: 'crm', ...bad }))).toBe('BAD_REQUEST');
    const [crm] = (await t.admin.admin.listChannels.query()).filter((c) => c.id === 'crm');
    expect(crm.startRatePerSec).toBeUndefined();
    expect(crm.startBurst).toBeUndefined();
  });

  it('a channel’s own rate is stored: it holds after a restart', async () => {
    await t.admin.admin.createChannel.mutate({
      id: 'bulk',
      name: 'bulk',
      queueId: 'general',
      settings: { webhookUrl: 'http://127.0.0.1:9/hook' },
      startRatePerSec: 0.5,
      startBurst: 3,
    });
    await olga.close();
    await t.restart();
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    const [bulk] = (await t.admin.admin.listChannels.query()).filter((c) => c.id === 'bulk');
    expect(bulk).toMatchObject({ startRatePerSec: 0.5, startBurst: 3 });
  });
});
