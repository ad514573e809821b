// Call-backs someone keeps (issue 17 §5): an operator's request is stored and listed for
// supervisors, moves only forward, tells the customer when claimed, raises one alert past its
// target (simulated time, re-armed on restart), and goes to the telephony webhook signed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/api-client';
import type { Callback, DeskEventEnvelope } from '../../shared/schemas';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';
import { VirtualTime } from '../helpers/virtual-time';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const MINUTE = 60_000;
const TARGET = 15 * MINUTE;
const HOOK_SECRET = 'pbx-bridge-secret-0123';

const isChanged = (status: Callback['status'], id?: string) => (e: DeskEventEnvelope) =>
  e.type === 'callback.changed' && e.callback.status === status && (id === undefined || e.callback.id === id);
const isOverdue = (id: string) => (e: DeskEventEnvelope) => e.type === 'callback.overdue' && e.callback.id === id;

describe.each(['sqlite', 'postgres'] as const)('call-backs on %s', (store) => {
  let t: TestServer;
  let time: VirtualTime;
  let hook: WebhookReceiver;
  let secret: string;
  let ann: OperatorSession;
  let sue: OperatorSession;
  let customer = 0;

  beforeEach(async () => {
    time = new VirtualTime(Date.UTC(2026, 0, 5, 9));
    hook = new WebhookReceiver();
    await hook.start();
    t = await startTestServer(
      { store, callbackTargetMs: TARGET, callbackWebhookUrl: hook.url, callbackWebhookSecret: HOOK_SECRET },
      { now: time.now },
      { timer: time.schedule },
    );
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'ann', name: 'Ann', password: 'ann-password', capacity: 5 });
    await t.admin.admin.createOperator.mutate({
      login: 'sue',
      name: 'Sue',
      password: 'sue-password',
      role: 'supervisor',
      capacity: 0,
    });
    ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' }));
    ann = await OperatorSession.connect(t.server, 'ann', 'ann-password');
    sue = await OperatorSession.connect(t.server, 'sue', 'sue-password', { subscribe: 'supervisor' });
  });

  afterEach(async () => {
    await ann.close();
    await sue.close();
    await t.close();
    await hook.close();
  });

  /** A customer writes, Ann gets the dialog and asks for a call-back. */
  async function request(name: string, phone: string, reason: string) {
    customer++;
    const posted = await postCustomerMessage(t.server.url, 'site', secret, {
      id: `m-${customer}`,
      contact: { id: `k-${customer}`, name },
      text: 'please call me',
    });
    const conversationId: string = posted.body.conversationId;
    await ann.waitFor(isAssigned(conversationId));
    const { callbackId } = await ann.api.operator.requestCallback.mutate({ conversationId, phone, reason });
    return { conversationId, callbackId };
  }

  const transcript = (client: ApiClient, conversationId: string) =>
    client.operator.messages.query({ conversationId, limit: 50 });

  it('lists open requests oldest first with phone, reason, customer and who asked, live on the feed', async () => {
    const first = await request('Eve', '+7 900 111-22-33', 'refund over the phone');
    await time.advance(MINUTE);
    const second = await request('Dan', '+44 20 7946 0000', '');
    await sue.waitFor(isChanged('open', second.callbackId));

    const open = await sue.api.supervisor.callbacks.list.query();
    expect(open.map((c) => c.id)).toEqual([first.callbackId, second.callbackId]);
    expect(open[0]).toMatchObject({
      conversationId: first.conversationId,
      customerName: 'Eve',
      phone: '+7 900 111-22-33',
      reason: 'refund over the phone',
      requestedBy: ann.operatorId,
      requestedByName: 'Ann',
      requestedAt: Date.UTC(2026, 0, 5, 9),
      status: 'open',
      claimedBy: null,
    });
    expect(open[1].requestedAt - open[0].requestedAt).toBe(MINUTE);
  });

  it('a claim tells the customer, and the state moves only forward', async () => {
    const { conversationId, callbackId } = await request('Eve', '+7 900 111-22-33', 'refund');
    const claimed = await sue.api.supervisor.callbacks.claim.mutate({ callbackId });
    expect(claimed).toMatchObject({ status: 'claimed', claimedBy: sue.operatorId, claimedAt: time.now() });
    await sue.waitFor(isChanged('claimed', callbackId));
    const bot = (await transcript(sue.api, conversationId)).filter((m) => m.notice === 'callbackClaimed');
    expect(bot.map((m) => m.text)).toEqual(['Our colleague will call you at +7 900 111-22-33 shortly.']);

    // Claimed twice: refused, and nothing changes.
    const again = sue.api.supervisor.callbacks.claim.mutate({ callbackId });
    await expect(again).rejects.toThrow(/already claimed by Sue: mark it done or cancel it/);
    expect(await codeOf(sue.api.supervisor.callbacks.claim.mutate({ callbackId }))).toBe('CONFLICT');
    expect((await transcript(sue.api, conversationId)).filter((m) => m.notice === 'callbackClaimed')).toHaveLength(1);

    // Done needs an outcome.
    expect(await codeOf(sue.api.supervisor.callbacks.done.mutate({ callbackId, outcome: '  ' }))).toBe('BAD_REQUEST');
    await time.advance(4 * MINUTE);
    const done = await sue.api.supervisor.callbacks.done.mutate({ callbackId, outcome: 'refund agreed' });
    expect(done).toMatchObject({ status: 'done', outcome: 'refund agreed', closedAt: time.now() });

    // Closed is closed.
    expect(await codeOf(sue.api.supervisor.callbacks.cancel.mutate({ callbackId }))).toBe('CONFLICT');
    expect(await codeOf(sue.api.supervisor.callbacks.done.mutate({ callbackId, outcome: 'again' }))).toBe('CONFLICT');
    expect(await sue.api.supervisor.callbacks.list.query()).toEqual([]);
    const all = await sue.api.supervisor.callbacks.list.query({ status: 'all' });
    expect(all).toMatchObject([{ id: callbackId, status: 'done', outcome: 'refund agreed' }]);

    expect(await codeOf(sue.api.supervisor.callbacks.claim.mutate({ callbackId: 'no-such' }))).toBe('NOT_FOUND');

    // The report reads the stored request: requested and done 4 minutes after.
    const other = await request('Dan', '+7 900 444-55-66', '');
    await sue.api.supervisor.callbacks.cancel.mutate({ callbackId: other.callbackId });
    const report = await sue.api.supervisor.report.query({ from: time.now() - 10 * MINUTE, to: time.now() + 1 });
    expect(report.total.callbacks).toEqual({ requested: 2, done: 1, cancelled: 1, medianTimeToCallMs: 4 * MINUTE });
  });

  it('a claim after the dialog closed tells nobody; a cancel closes the request with its reason', async () => {
    const { conversationId, callbackId } = await request('Eve', '+7 900 111-22-33', '');
    await ann.api.operator.resolve.mutate({ conversationId });
    await sue.api.supervisor.callbacks.claim.mutate({ callbackId });
    expect((await transcript(sue.api, conversationId)).some((m) => m.notice === 'callbackClaimed')).toBe(false);
    const cancelled = await sue.api.supervisor.callbacks.cancel.mutate({ callbackId, outcome: 'no answer' });
    expect(cancelled).toMatchObject({ status: 'cancelled', outcome: 'no answer', closedAt: time.now() });
    await sue.waitFor(isChanged('cancelled', callbackId));
  });

  it('an unclaimed request past the target raises one alert; a claimed one none', async () => {
    const late = await request('Eve', '+7 900 111-22-33', '');
    const kept = await request('Dan', '+7 900 444-55-66', '');
    await sue.api.supervisor.callbacks.claim.mutate({ callbackId: kept.callbackId });

    await time.advance(TARGET - 1);
    t.server.stats.tick();
    expect(sue.events.some((e) => e.type === 'callback.overdue')).toBe(false);
    await time.advance(1);
    const overdue = await sue.waitFor(isOverdue(late.callbackId));
    expect(overdue).toMatchObject({ waitedMs: TARGET });
    const alerts = t.server.stats.tick().alerts.filter((a) => a.kind === 'callback_overdue');
    expect(alerts.map((a) => a.text)).toEqual([
      `Call-back ${late.callbackId} to +7 900 111-22-33 unclaimed for 15m00s`,
    ]);

    await time.advance(TARGET);
    expect(sue.events.filter((e) => e.type === 'callback.overdue')).toHaveLength(1);
  });

  it('re-arms the alert after a restart, and does not raise it twice', async () => {
    const waiting = await request('Eve', '+7 900 111-22-33', '');
    await ann.close();
    await sue.close();
    await t.restart();
    sue = await OperatorSession.connect(t.server, 'sue', 'sue-password', { subscribe: 'supervisor' });
    ann = await OperatorSession.connect(t.server, 'ann', 'ann-password', { subscribe: false });

    await time.advance(TARGET);
    await sue.waitFor(isOverdue(waiting.callbackId));

    await sue.close();
    await ann.close();
    await t.restart();
    sue = await OperatorSession.connect(t.server, 'sue', 'sue-password', { subscribe: 'supervisor' });
    ann = await OperatorSession.connect(t.server, 'ann', 'ann-password', { subscribe: false });
    await time.advance(TARGET);
    const again = await loggedInHttpClient(t.server.url, 'sue', 'sue-password');
    expect((await again.supervisor.callbacks.list.query())[0]).toMatchObject({ status: 'open' });
    expect(sue.events.some((e) => e.type === 'callback.overdue')).toBe(false);
  });

  it('posts callback.requested and callback.closed to the webhook, signed, with a delivery id', async () => {
    const { conversationId, callbackId } = await request('Eve', '+7 900 111-22-33', 'refund');
    await sue.api.supervisor.callbacks.claim.mutate({ callbackId });
    await time.advance(3 * MINUTE);
    await sue.api.supervisor.callbacks.done.mutate({ callbackId, outcome: 'refund agreed' });

    const [requested, closed] = await hook.waitForCallbacks(2);
    for (const d of [requested, closed]) expect(WebhookReceiver.verify(d, HOOK_SECRET)).toBe(true);
    expect(WebhookReceiver.verify(requested, 'some-other-secret')).toBe(false);
    expect(requested.payload).toMatchObject({
      event: 'callback.requested',
      deliveryId: `${callbackId}:requested`,
      at: '2026-01-05T09:00:00.000Z',
      callback: {
        id: callbackId,
        conversationId,
        customerName: 'Eve',
        phone: '+7 900 111-22-33',
        reason: 'refund',
        requestedByName: 'Ann',
        status: 'open',
        requestedAt: '2026-01-05T09:00:00.000Z',
        closedAt: null,
      },
    });
    expect(closed.payload).toMatchObject({
      event: 'callback.closed',
      deliveryId: `${callbackId}:closed`,
      at: '2026-01-05T09:03:00.000Z',
      callback: {
        status: 'done',
        outcome: 'refund agreed',
        claimedBy: sue.operatorId,
        closedAt: '2026-01-05T09:03:00.000Z',
      },
    });
    // A claim is not a webhook: the telephony system learns only of new and finished requests.
    expect(hook.attempts).toEqual([`${callbackId}:requested`, `${callbackId}:closed`]);
  });

  it('a webhook the receiver refused is delivered after a restart, with the same delivery id', async () => {
    hook.status = 503;
    const { callbackId } = await request('Eve', '+7 900 111-22-33', '');
    await hook.waitForAttempts(1);
    // The retry is due by the time the server is back: the pending entry is reloaded and sent.
    await time.advance(10 * MINUTE);
    hook.status = 200;
    await ann.close();
    await sue.close();
    await t.restart();
    ann = await OperatorSession.connect(t.server, 'ann', 'ann-password', { subscribe: false });
    sue = await OperatorSession.connect(t.server, 'sue', 'sue-password', { subscribe: false });
    const [delivered] = await hook.waitForCallbacks(1);
    expect(delivered.payload.deliveryId).toBe(`${callbackId}:requested`);
    expect(WebhookReceiver.verify(delivered, HOOK_SECRET)).toBe(true);
    expect(new Set(hook.attempts)).toEqual(new Set([`${callbackId}:requested`]));
    expect(hook.attempts.length).toBeGreaterThanOrEqual(2);
  });
});
