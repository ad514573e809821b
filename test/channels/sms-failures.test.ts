// The SMS channel when things go wrong, over real SMPP on loopback (test/providers/smsc.ts): the
// SMSC refusing binds or gone, throttling, dropping the link mid-delivery, sending garbage; the
// channel's throughput; a commit that fails before a customer's SMS is answered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { startServerOnFailingStore, type ServerOnFailingStore } from '../helpers/failing-store';
import { isAssigned, type OperatorSession } from '../helpers/operator-session';
import type { TestServer } from '../helpers/server';
import { startSmsDesk, type SmsDesk } from '../helpers/sms-channel';
import { FakeSmsc } from '../providers/smsc';

const delivered = (messageId: string) => (e: DeskEventEnvelope) =>
  e.type === 'message.delivery' && e.messageId === messageId && e.delivery.status === 'delivered';

describe.each(['sqlite', 'postgres'] as const)('SMS failures on %s', { timeout: 40_000 }, (store) => {
  let desk: SmsDesk;
  let t: TestServer;
  let smsc: FakeSmsc;
  let olga: OperatorSession;
  let conversationId: string;

  beforeEach(async () => {
    desk = await startSmsDesk(store, { throughputPerSec: 3 });
    ({ t, smsc, olga } = desk);
    expect(await smsc.mo('79001234567', 'Здравствуйте')).toEqual([0]);
    const assigned = await olga.waitFor(isAssigned());
    conversationId = assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
  });

  afterEach(() => desk.close());

  const customerTexts = async () =>
    (await olga.api.operator.messages.query({ conversationId }))
      .filter((m) => m.author.type === 'customer')
      .map((m) => m.text);
  const reply = (clientId: string, text: string) => olga.api.operator.send.mutate({ conversationId, clientId, text });
  const sentWith = (text: string) => smsc.messages.filter((m) => m.text === text);

  it('binds again after a pause while the SMSC refuses, and what waited goes out as soon as it binds', async () => {
    smsc.refuseBinds = true;
    smsc.dropConnections();
    const sent = await reply('reply-outage', 'Ответ после сбоя');
    await smsc.waitFor(() => smsc.bindAttempts.filter((a) => !a.ok).length >= 2);
    const [first, second] = smsc.bindAttempts.filter((a) => !a.ok).map((a) => a.at);
    // No hammering: the gap after a refusal is at least half of the first step (rebindDelayMs).
    expect(second - first).toBeGreaterThanOrEqual(250);
    expect(sentWith('Ответ после сбоя')).toEqual([]);
    smsc.refuseBinds = false;
    // The bind wakes the outbox (ChannelHost.reachable): the reply does not wait out its backoff.
    await olga.waitFor(delivered(sent.id));
    expect(sentWith('Ответ после сбоя')).toHaveLength(1);
  });

  it('comes back when the SMSC restarts on its port, and sends what waited', async () => {
    const port = smsc.port;
    await smsc.stop();
    const sent = await reply('reply-restart', 'Пока вас не было');
    const attemptsBefore = smsc.bindAttempts.length;
    await smsc.start(port);
    await olga.waitFor(delivered(sent.id));
    expect(smsc.bindAttempts.length).toBeGreaterThan(attemptsBefore);
    expect(sentWith('Пока вас не было')).toHaveLength(1);
  });

  it('retries a submit the SMSC throttled (ESME_RTHROTTLED) until it is taken, once', async () => {
    smsc.throttleNext = 2;
    const sent = await reply('reply-throttled', 'Через минуту');
    await olga.waitFor(delivered(sent.id));
    expect(smsc.throttleNext).toBe(0);
    expect(sentWith('Через минуту')).toHaveLength(1);
  });

  it('spaces submit_sm by the channel’s throughput (3 a second)', async () => {
    const long = 'a'.repeat(660);
    const sent = await reply('reply-paced', long);
    await olga.waitFor(delivered(sent.id));
    const [sms] = sentWith(long);
    expect(sms.parts).toHaveLength(5);
    const times = sms.parts.map((p) => p.at);
    // Slots 333 ms apart at the client; unthrottled, the five would come within a few ms. A loaded
    // machine only makes sends later: the last can be no earlier than its slot, 4 slots after the
    // first's, while the first may itself be late, so allow it up to one slot.
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(3 * 333);
  });

  it('a customer SMS whose answer was lost with the link is stored once when the SMSC sends it again', async () => {
    const binds = smsc.bindAttempts.length;
    expect(await smsc.mo('79001234567', 'Повторю на всякий случай', { drop: true })).toEqual([-1]);
    await smsc.waitFor(() => smsc.bindAttempts.length > binds && smsc.boundSessions === 1);
    expect(await smsc.mo('79001234567', 'Повторю на всякий случай')).toEqual([0]);
    expect(await customerTexts()).toEqual(['Здравствуйте', 'Повторю на всякий случай']);
  });

  it('survives garbage from the SMSC: an unknown command, a malformed PDU, a wrong password', async () => {
    // An unknown command_id: answered with generic_nack, the bind stays.
    const nacked = new Promise<number>((resolve) =>
      smsc.onceFromClient('generic_nack', (pdu) => resolve(pdu.command_status)),
    );
    smsc.writeRaw(Buffer.from('00000010000012340000000000000007', 'hex'));
    expect(await nacked).toBe(0x03); // ESME_RINVCMDID
    // A PDU longer than any: the link is dropped and made anew.
    const binds = smsc.bindAttempts.length;
    smsc.writeRaw(Buffer.from('7fffffff000000050000000000000008', 'hex'));
    await smsc.waitFor(() => smsc.bindAttempts.length > binds && smsc.boundSessions === 1);
    // No sender: refused (ESME_RINVSRCADR), nothing stored.
    expect(await smsc.mo('', 'без номера')).toEqual([0x0a]);
    // A receipt that says nothing readable is answered and changes nothing.
    smsc.rawReceipt('garbage text with no fields');
    // A wrong password: refused binds, reported by the probe; the right one binds again.
    smsc.password = 'changed1';
    smsc.dropConnections();
    await smsc.waitFor(() => smsc.bindAttempts.some((a) => !a.ok));
    const probe = await t.admin.admin.testChannel.mutate({ id: 'sms' });
    expect(probe).toMatchObject({ ok: false });
    expect(JSON.stringify(probe)).toContain('ESME_RINVPASWD');
    smsc.password = 'secret12';
    await smsc.waitFor(() => smsc.boundSessions === 1);
    expect(await t.admin.admin.testChannel.mutate({ id: 'sms' })).toMatchObject({ ok: true });
    expect(await smsc.mo('79001234567', 'Всё ещё здесь')).toEqual([0]);
    expect(await customerTexts()).toEqual(['Здравствуйте', 'Всё ещё здесь']);
  });
});

describe('a customer SMS whose commit fails', { timeout: 30_000 }, () => {
  let s: ServerOnFailingStore;
  let smsc: FakeSmsc;

  beforeEach(async () => {
    smsc = new FakeSmsc();
    const port = await smsc.start();
    s = await startServerOnFailingStore();
    await s.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await s.admin.admin.createChannel.mutate({
      id: 'sms',
      name: 'SMS',
      queueId: 'general',
      adapter: 'sms',
      medium: 'sms',
      settings: { host: '127.0.0.1', port, sourceAddr: '+79990000000' },
      credentials: { systemId: 'textdesk', password: 'secret12' },
    });
    await smsc.waitFor(() => smsc.boundSessions === 1);
  });

  afterEach(async () => {
    await s.close();
    await smsc.stop();
  });

  it('is answered with a temporary error when the message’s commit fails (then the server stops by the commit rule)', async () => {
    const injected = s.store.failNextCommitOf(s.store.q.insertMessage, 'constraint');
    expect(await smsc.mo('79001234567', 'Не дошло?')).toEqual([0x64]); // ESME_RX_T_APPN: send it again
    expect(s.fatal).toEqual([injected]);
  });

  it('is answered with a temporary error when its note cannot be written, and stored once when sent again', async () => {
    s.store.failNextCommitOf(s.store.q.setChannelState, 'io');
    expect(await smsc.mo('79001234567', 'Не дошло?')).toEqual([0x64]);
    expect(await s.admin.supervisor.snapshot.query()).toMatchObject({ conversations: [] });
    expect(await smsc.mo('79001234567', 'Не дошло?')).toEqual([0]);
    expect(await smsc.mo('79001234567', 'Не дошло?')).toEqual([0]);
    const { conversations } = await s.admin.supervisor.snapshot.query();
    expect(conversations).toHaveLength(1);
    const messages = await s.admin.operator.messages.query({ conversationId: conversations[0].id });
    expect(messages.filter((m) => m.author.type === 'customer').map((m) => m.text)).toEqual(['Не дошло?']);
    expect(s.fatal).toEqual([]);
  });
});
