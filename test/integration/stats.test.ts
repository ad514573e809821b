// Supervisor statistics on the real server: simulated traffic (customers over HTTP, an operator
// on the real tRPC WebSocket client) and a manual clock, then the figures the supervisor
// subscription receives, the operator's queue line, /metrics, and the real `textdesk dashboard
// --once --json` and `textdesk report --format csv` binaries against the same server. The test
// ticks the statistics itself (server.stats.tick()) and waits for that tick to be delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import type { QueueStatsLine, StatsSnapshot, StatsTick } from '../../shared/stats';
import { Arrivals } from '../helpers/arrivals';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

const SEC = 1000;
/** Monday 6 January 2025, 12:00 local time: far from midnight wherever the tests run. */
const T0 = new Date(2025, 0, 6, 12, 0, 0).getTime();
const SLA_MS = 30 * SEC;

describe('supervisor statistics', () => {
  const clock = new ManualClock(T0);
  let t: TestServer;
  let secret: string;
  let olga: OperatorSession;
  let supervisor: OperatorSession;
  const ticks = new Arrivals<StatsTick>();
  const queueLines = new Arrivals<QueueStatsLine>();
  const conv: Record<string, string> = {};

  /**
   * Ticks the server's statistics now and resolves with that tick as the supervisor's
   * subscription received it. (The server also ticks once a second by itself; a tick computed at
   * the same moment carries the same figures.)
   */
  async function tick(): Promise<StatsTick> {
    const sent = JSON.stringify(t.server.stats.tick());
    return ticks.first((received) => JSON.stringify(received) === sent);
  }

  async function customer(contact: string, text: string, id = `${contact}-${text}`) {
    const posted = await postCustomerMessage(t.server.url, 'site', secret, {
      id,
      contact: { id: contact, name: contact.toUpperCase() },
      text,
    });
    expect(posted.status).toBe(202);
    return posted.body.conversationId as string;
  }

  const general = (s: StatsSnapshot) => s.queues.find((q) => q.queueId === 'general')!;
  const olgaStats = (s: StatsSnapshot) => s.operators.find((o) => o.name === 'Olga')!;

  beforeAll(async () => {
    t = await startTestServer({ graceMs: 60_000 }, clock);
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 2 });
    ({ secret } = await t.admin.admin.createChannel.mutate({
      id: 'site',
      name: 'Site',
      queueId: 'general',
      slaFirstResponseMs: SLA_MS,
    }));
    // The supervisor follows the desk's events from before Olga connects, and its statistics.
    supervisor = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, { subscribe: 'supervisor' });
    await new Promise<void>((resolve, reject) => {
      supervisor.api.supervisor.stats.subscribe(undefined, {
        onStarted: () => resolve(),
        onData: ticks.push,
        onError: reject,
      });
    });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    olga.api.operator.queueStats.subscribe(undefined, { onData: queueLines.push });
    // Her console's connection makes her available. The desk announces that to supervisors once
    // it is committed, on the bus the statistics listen to: by the time the supervisor hears it,
    // the statistics have counted it.
    await supervisor.waitFor(
      (e) => e.type === 'operator.updated' && e.operator.id === olga.operatorId && e.operator.status === 'available',
    );
  });

  afterAll(async () => {
    await olga?.close();
    await supervisor?.close();
    await t?.close();
  });

  it('the first value arrives at once with the current snapshot', () => {
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.all[0].snapshot.queues.map((q) => q.name)).toEqual(['General']);
    expect(ticks.all[0].snapshot.channels.map((c) => [c.channelId, c.medium])).toEqual([['site', 'chat']]);
  });

  it('counts waiting and assigned as customers arrive', async () => {
    for (const who of ['c1', 'c2', 'c3', 'c4']) conv[who] = await customer(who, 'hello');
    await olga.waitFor(isAssigned(conv.c2));
    clock.advance(5 * SEC);
    const { snapshot } = await tick();
    expect(general(snapshot)).toMatchObject({
      waiting: 2,
      longestWaitMs: 5 * SEC,
      assigned: 2,
      nearBreach: 0,
      breached: 0,
    });
    expect(snapshot.totals).toMatchObject({ waiting: 2, assigned: 2 });
    expect(olgaStats(snapshot)).toMatchObject({ status: 'available', capacity: 2, load: 2, assigned: 2 });
    expect(general(snapshot).windows.today).toMatchObject({ messagesIn: 4, answered: 0 });
    // The operator console's status line gets the same queue figures, from the same tick.
    const line = await queueLines.first((l) => l.at === snapshot.at);
    expect(line.queues).toEqual([{ id: 'general', name: 'General', waiting: 2, longestWaitMs: 5 * SEC }]);
  });

  it('counts answers against the SLA target, breaches, abandons, ratings and alerts', async () => {
    // c1 answered after 5 s: within the 30 s target.
    await olga.api.operator.send.mutate({
      conversationId: conv.c1,
      clientId: 'olga-reply-c1',
      text: 'Hi, how can I help?',
    });
    // 40 s in: c2, c3 and c4 passed their target unanswered; c2 is answered late.
    const beforeLate = ticks.length;
    clock.advance(35 * SEC);
    const late = await tick();
    expect(general(late.snapshot)).toMatchObject({ waiting: 2, assigned: 2, nearBreach: 0, breached: 3 });
    // Alerts are raised once, by whichever tick comes first (the server's own may beat ours).
    const raised = ticks.all.slice(beforeLate).flatMap((k) => k.alerts);
    expect(raised.some((a) => a.kind === 'queue_wait_near_target' && a.queueId === 'general')).toBe(true);
    await olga.api.operator.send.mutate({
      conversationId: conv.c2,
      clientId: 'olga-reply-c2',
      text: 'Sorry for the wait',
    });
    await olga.api.operator.resolve.mutate({ conversationId: conv.c1, outcome: 'solved' });
    await olga.waitFor(isAssigned(conv.c3)); // her freed place pulls the next in line
    await customer('c1', '5'); // the rating the bot asked for
    // The supervisor closes c4, never answered: abandoned, after its target.
    await t.admin.operator.resolve.mutate({ conversationId: conv.c4 });
    const { snapshot } = await tick();
    const q = general(snapshot);
    expect(q).toMatchObject({ waiting: 0, assigned: 2, breached: 1 });
    expect(q.windows.today).toMatchObject({
      answered: 2,
      answeredWithinTarget: 1,
      abandoned: 1,
      abandonedAfterTarget: 1,
      breaches: 3,
      messagesIn: 5,
      avgFirstResponseMs: 22.5 * SEC,
      ratings: { counts: [0, 0, 0, 0, 1], average: 5 },
    });
    expect(q.windows.today.serviceLevel).toBeCloseTo(1 / 3, 10);
    expect(snapshot.totals.windows.today.serviceLevel).toBeCloseTo(1 / 3, 10);
    expect(olgaStats(snapshot)).toMatchObject({
      load: 2,
      assigned: 2,
      handled: 1,
      avgAnswerTimeMs: 22.5 * SEC,
      avgHandleTimeMs: 40 * SEC,
      ratings: { average: 5 },
    });
    const alerts = ticks.all.flatMap((k) => k.alerts);
    expect(
      alerts
        .filter((a) => a.kind === 'sla_breach')
        .map((a) => a.conversationId)
        .sort(),
    ).toEqual([conv.c2, conv.c3, conv.c4].sort());
  });

  it('serves the figures at /metrics', async () => {
    await tick();
    const text = await (await fetch(`${t.server.url}/metrics`)).text();
    expect(text).toMatch(/^textdesk_queue_waiting\{queue="general"\} 0$/m);
    expect(text).toMatch(/^textdesk_queue_abandoned_today\{queue="general"\} 1$/m);
    expect(text).toMatch(/^textdesk_queue_csat_average_today\{queue="general"\} 5$/m);
    expect(text).toMatch(/^textdesk_channel_service_level_today\{channel="site"\} 0\.333/m);
  });

  it('`textdesk dashboard --once --json` prints the same figures', async () => {
    const result = await runCli(['dashboard', '--once', '--json', '--url', t.server.wsUrl, '--user', 'admin'], {
      TEXTDESK_PASSWORD: ADMIN_PASSWORD,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]) as StatsSnapshot & { alerts: unknown[] };
    const { snapshot } = await tick();
    expect(printed.at).toBe(snapshot.at);
    expect(general(printed)).toEqual(general(snapshot));
    expect(olgaStats(printed)).toMatchObject({ handled: 1, assigned: 2, load: 2 });
    expect(printed.totals.windows.today.ratings.average).toBe(5);
  });

  it('`textdesk report --format csv` computes the same KPIs from stored data', async () => {
    const result = await runCli(
      [
        'report',
        '--url',
        t.server.url,
        '--user',
        'admin',
        '--from',
        '2025-01-06',
        '--to',
        '2025-01-06',
        '--by',
        'queue',
        '--format',
        'csv',
      ],
      { TEXTDESK_PASSWORD: ADMIN_PASSWORD },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [header, general, total, ...rest] = result.stdout.split('\r\n');
    expect(rest).toEqual(['']);
    const cols = header.split(',');
    const row = (line: string) => Object.fromEntries(line.split(',').map((v, i) => [cols[i], v]));
    expect(row(general)).toMatchObject({
      key: 'general',
      name: 'General',
      conversations: '4',
      resolved: '2',
      open: '2',
      abandoned: '1',
      abandonment_rate: '0.5',
      messages_in: '5',
      answered: '2',
      answered_within_target: '1',
      service_level: '0.3333',
      frt_avg_s: '22.5',
      frt_p90_s: '40',
      handle_time_avg_s: '40',
      rated: '1',
      csat_avg: '5',
      csat_share: '1',
      'outcome:solved': '1',
      without_outcome: '1',
    });
    expect(row(total)).toMatchObject({ key: 'total', conversations: '4', service_level: '0.3333' });
    // Messages out (operators' public replies and the bot) agree with the live count.
    const { snapshot } = await tick();
    expect(Number(row(general).messages_out)).toBe(snapshot.totals.windows.today.messagesOut);
  });

  it('operators may not read supervisor figures', async () => {
    await expect(olga.api.supervisor.statsSnapshot.query()).rejects.toThrow(/supervisors only/);
    await expect(olga.api.supervisor.report.query({ from: T0, to: T0 + 1000 })).rejects.toThrow(/supervisors only/);
  });
});
