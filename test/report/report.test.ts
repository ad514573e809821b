// Period KPIs from stored rows, against figures worked out by hand, including a period that
// crosses local midnight (UTC+3) and grouping by hour, queue and operator.
import { describe, expect, test } from 'vitest';
import { computeReport, localHour, percentile, type ReportConversation } from '../../server/domain/report';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const at = (iso: string) => Date.parse(iso);
const MOSCOW = 180;

function row(fields: Partial<ReportConversation> & Pick<ReportConversation, 'id' | 'createdAt'>): ReportConversation {
  return {
    queueId: 'sales',
    channelId: 'web',
    status: 'resolved',
    lastOperatorId: null,
    assignedAt: null,
    firstResponseAt: null,
    resolvedAt: null,
    slaFirstResponseMs: MIN,
    outcome: null,
    rating: null,
    messagesIn: 0,
    messagesOut: 0,
    ...fields,
  };
}

// 23:50 local on the 6th, then three just after local midnight (the 7th).
const a0 = at('2025-01-06T20:50:00Z');
const b0 = at('2025-01-06T21:10:00Z');
const c0 = at('2025-01-06T21:20:00Z');
const d0 = at('2025-01-06T21:30:00Z');
const ROWS: ReportConversation[] = [
  // answered in 20 s (target 60 s), handled from +10 s to +5 min, rated 5
  row({
    id: 'a',
    createdAt: a0,
    lastOperatorId: 'ann',
    assignedAt: a0 + 10 * SEC,
    firstResponseAt: a0 + 20 * SEC,
    resolvedAt: a0 + 5 * MIN,
    outcome: 'solved',
    rating: 5,
    messagesIn: 2,
    messagesOut: 3,
  }),
  // answered in 90 s: late; handled from +30 s to +10 min, rated 2
  row({
    id: 'b',
    createdAt: b0,
    lastOperatorId: 'bob',
    assignedAt: b0 + 30 * SEC,
    firstResponseAt: b0 + 90 * SEC,
    resolvedAt: b0 + 10 * MIN,
    outcome: 'refund',
    rating: 2,
    messagesIn: 1,
    messagesOut: 2,
  }),
  // an e-mail (target 4 h) closed unanswered after 5 h: abandoned after its target
  row({
    id: 'c',
    createdAt: c0,
    queueId: 'support',
    channelId: 'mail',
    slaFirstResponseMs: 4 * HOUR,
    resolvedAt: c0 + 5 * HOUR,
    messagesIn: 1,
    messagesOut: 1,
  }),
  // an e-mail answered in 30 min, still open
  row({
    id: 'd',
    createdAt: d0,
    queueId: 'support',
    channelId: 'mail',
    slaFirstResponseMs: 4 * HOUR,
    status: 'assigned',
    lastOperatorId: 'ann',
    assignedAt: d0 + MIN,
    firstResponseAt: d0 + 30 * MIN,
    messagesIn: 3,
    messagesOut: 1,
  }),
  // outside [from, to): before, and exactly at `to`
  row({
    id: 'early',
    createdAt: at('2025-01-06T19:59:59.999Z'),
    firstResponseAt: at('2025-01-06T20:00:10Z'),
    resolvedAt: at('2025-01-06T20:01:00Z'),
  }),
  row({ id: 'late', createdAt: at('2025-01-06T22:00:00Z') }),
];
const PERIOD = { from: at('2025-01-06T20:00:00Z'), to: at('2025-01-06T22:00:00Z') };

describe('computeReport', () => {
  test('totals over the period', () => {
    const report = computeReport(ROWS, { ...PERIOD, utcOffsetMinutes: MOSCOW });
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toEqual({ ...report.total, key: 'all', name: 'all' });
    expect(report.total).toEqual({
      key: 'total',
      name: 'Total',
      conversations: 4,
      outbound: 0,
      resolved: 3,
      resolvedIdle: 0,
      open: 1,
      abandoned: 1,
      abandonmentRate: 1 / 3,
      messagesIn: 7,
      messagesOut: 7,
      answered: 3,
      answeredWithinTarget: 2,
      serviceLevel: 2 / 4, // 2 within target of 3 answered + 1 abandoned after target
      avgFirstResponseMs: ((20 + 90 + 1800) * SEC) / 3,
      p90FirstResponseMs: 1800 * SEC,
      avgHandleTimeMs: ((290 + 570) * SEC) / 2,
      rated: 2,
      csatAverage: 3.5,
      csatShare: 0.5,
      // Issue 13 §3: a dialog resolved with no outcome is counted as such, not as an outcome named "".
      outcomes: { solved: 1, refund: 1 },
      withoutOutcome: 1,
      callbacks: { requested: 0, done: 0, cancelled: 0, medianTimeToCallMs: null },
      // Issue 18 §4: nothing reviewed in this period.
      quality: { reviewed: 0, average: null },
    });
  });

  test('call-backs: requested, done, cancelled and the median time to call, grouped like conversations', () => {
    const cb = (id: string, requestedAt: number, status: string, closedAfter: number | null, requestedBy = 'ann') => ({
      id,
      queueId: 'sales',
      channelId: 'web',
      requestedBy,
      requestedAt,
      status,
      closedAt: closedAfter === null ? null : requestedAt + closedAfter,
    });
    const callbacks = [
      cb('k1', a0, 'done', 4 * MIN),
      cb('k2', b0, 'done', 10 * MIN, 'bob'),
      cb('k3', c0, 'done', 30 * MIN),
      cb('k4', c0, 'cancelled', 2 * MIN),
      cb('k5', d0, 'claimed', null, 'bob'),
      cb('k6', d0, 'open', null),
      // requested outside the period: not counted, even if done inside it
      cb('before', at('2025-01-06T19:00:00Z'), 'done', 70 * MIN),
      cb('after', PERIOD.to, 'open', null),
    ];
    const total = computeReport(ROWS, PERIOD, callbacks).total;
    // Three done after 4, 10 and 30 min: the median is the middle one; open and claimed count as requested only.
    expect(total.callbacks).toEqual({ requested: 6, done: 3, cancelled: 1, medianTimeToCallMs: 10 * MIN });
    const byOperator = computeReport(ROWS, { ...PERIOD, by: 'operator' }, callbacks).rows;
    expect(Object.fromEntries(byOperator.map((r) => [r.key, r.callbacks]))).toEqual({
      '-': { requested: 0, done: 0, cancelled: 0, medianTimeToCallMs: null },
      ann: { requested: 4, done: 2, cancelled: 1, medianTimeToCallMs: 4 * MIN },
      bob: { requested: 2, done: 1, cancelled: 0, medianTimeToCallMs: 10 * MIN },
    });
    // Hours by the request's own time: a0 is 23:50 local on the 6th, the rest just after midnight.
    const byHour = computeReport(ROWS, { ...PERIOD, by: 'hour', utcOffsetMinutes: MOSCOW }, callbacks).rows;
    expect(byHour.find((r) => r.key === '2025-01-06T23:00')?.callbacks).toMatchObject({ requested: 1, done: 1 });
    expect(byHour.find((r) => r.key === '2025-01-07T00:00')?.callbacks).toMatchObject({ requested: 5, cancelled: 1 });
  });

  test('by local hour: the period crosses midnight in UTC+3', () => {
    const report = computeReport(ROWS, { ...PERIOD, by: 'hour', utcOffsetMinutes: MOSCOW });
    expect(report.rows.map((r) => [r.key, r.name, r.conversations])).toEqual([
      ['2025-01-06T23:00', '2025-01-06 23:00', 1],
      ['2025-01-07T00:00', '2025-01-07 00:00', 3],
    ]);
    const [before, after] = report.rows;
    expect(before).toMatchObject({
      resolved: 1,
      abandoned: 0,
      abandonmentRate: 0,
      serviceLevel: 1,
      avgFirstResponseMs: 20 * SEC,
      avgHandleTimeMs: 290 * SEC,
      csatAverage: 5,
    });
    expect(after).toMatchObject({
      resolved: 2,
      open: 1,
      abandoned: 1,
      abandonmentRate: 0.5,
      messagesIn: 5,
      messagesOut: 4,
      answered: 2,
      answeredWithinTarget: 1,
      serviceLevel: 1 / 3,
      avgFirstResponseMs: 945 * SEC,
      p90FirstResponseMs: 1800 * SEC,
      avgHandleTimeMs: 570 * SEC,
      rated: 1,
      csatAverage: 2,
      csatShare: 0,
      outcomes: { refund: 1 },
      withoutOutcome: 1,
    });
    // The same rows in UTC fall in the 20:00 and 21:00 hours of the 6th.
    const utc = computeReport(ROWS, { ...PERIOD, by: 'hour' });
    expect(utc.rows.map((r) => [r.key, r.conversations])).toEqual([
      ['2025-01-06T20:00', 1],
      ['2025-01-06T21:00', 3],
    ]);
  });

  test('by queue, channel and operator, with names', () => {
    const known: Record<string, string> = { 'queue:sales': 'Sales', 'operator:ann': 'Ann', 'channel:mail': 'E-mail' };
    const names = (kind: string, id: string) => known[`${kind}:${id}`];
    const byQueue = computeReport(ROWS, { ...PERIOD, by: 'queue', names });
    expect(byQueue.rows.map((r) => [r.key, r.name, r.conversations, r.serviceLevel])).toEqual([
      ['sales', 'Sales', 2, 1 / 2],
      ['support', 'support', 2, 1 / 2],
    ]);
    const byChannel = computeReport(ROWS, { ...PERIOD, by: 'channel', names });
    expect(byChannel.rows.map((r) => [r.key, r.name, r.abandoned])).toEqual([
      ['mail', 'E-mail', 1],
      ['web', 'web', 0],
    ]);
    const byOperator = computeReport(ROWS, { ...PERIOD, by: 'operator', names });
    expect(byOperator.rows.map((r) => [r.key, r.name, r.conversations, r.avgHandleTimeMs, r.csatAverage])).toEqual([
      ['-', '(no operator)', 1, null, null],
      ['ann', 'Ann', 2, 290 * SEC, 5],
      ['bob', 'bob', 1, 570 * SEC, 2],
    ]);
  });

  test('an idle close (issue 17) counts as resolved-idle, not handled: no handle time, outcome or abandonment', () => {
    const report = computeReport(
      [
        row({ id: 'h1', createdAt: 10, assignedAt: 20, firstResponseAt: 30, resolvedAt: 2 * MIN, outcome: 'solved' }),
        row({ id: 'i1', createdAt: 10, assignedAt: 20, firstResponseAt: 30, resolvedAt: 60 * MIN, tag: 'idle' }),
        row({ id: 'o1', createdAt: 10, assignedAt: 20, firstResponseAt: null, resolvedAt: null, status: 'assigned' }),
      ],
      { from: 0, to: HOUR },
    );
    expect(report.total).toMatchObject({
      conversations: 3,
      resolved: 1,
      resolvedIdle: 1,
      open: 1,
      abandoned: 0,
      withoutOutcome: 0,
      avgHandleTimeMs: 2 * MIN - 20,
    });
  });

  test('outbound: counted per channel; one nobody answered is not abandoned, one the customer wrote in is', () => {
    const rows = [
      row({ id: 'o1', createdAt: 10, channelId: 'sms', outbound: true, resolvedAt: 5 * MIN, messagesOut: 1 }),
      row({
        id: 'o2',
        createdAt: 20,
        channelId: 'sms',
        outbound: true,
        resolvedAt: 5 * MIN,
        messagesIn: 1,
        customerFirstAt: 30,
      }),
      row({ id: 'i1', createdAt: 30, channelId: 'sms', resolvedAt: 5 * MIN, messagesIn: 1 }),
      row({ id: 'i2', createdAt: 40, channelId: 'web', resolvedAt: 5 * MIN, messagesIn: 1 }),
    ];
    const report = computeReport(rows, { from: 0, to: HOUR, by: 'channel' });
    expect(report.rows.map((r) => [r.key, r.conversations, r.outbound, r.abandoned])).toEqual([
      ['sms', 3, 2, 2],
      ['web', 1, 0, 1],
    ]);
    expect(report.total).toMatchObject({ conversations: 4, outbound: 2, abandoned: 3 });
  });

  test('outbound: the first response counts from the customer’s first message, not from the start', () => {
    // Started at 0; an opener, and a follow-up at 5 min the customer had not answered yet (it set
    // firstResponseAt in stores written before the domain stopped that, but answers nothing); the
    // customer writes at 2 h, Olga answers 40 s later.
    const answered = row({
      id: 'o1',
      createdAt: 0,
      outbound: true,
      firstResponseAt: 5 * MIN,
      customerFirstAt: 2 * HOUR,
      answeredAfterCustomerAt: 2 * HOUR + 40 * SEC,
      resolvedAt: 3 * HOUR,
      messagesIn: 1,
      messagesOut: 3,
    });
    // The customer wrote at 1 min and nobody answered before the close at 10 min: abandoned after target.
    const unanswered = row({
      id: 'o2',
      createdAt: 0,
      outbound: true,
      customerFirstAt: MIN,
      resolvedAt: 10 * MIN,
      messagesIn: 1,
      messagesOut: 1,
    });
    const report = computeReport([answered, unanswered], { from: 0, to: HOUR });
    expect(report.total).toMatchObject({
      answered: 1,
      answeredWithinTarget: 1,
      avgFirstResponseMs: 40 * SEC,
      abandoned: 1,
      serviceLevel: 1 / 2,
    });
  });

  test('an empty period has counts of zero and no averages', () => {
    const report = computeReport(ROWS, { from: 0, to: 1000, by: 'queue' });
    expect(report.rows).toEqual([]);
    expect(report.total).toMatchObject({
      conversations: 0,
      serviceLevel: null,
      avgFirstResponseMs: null,
      abandonmentRate: null,
      csatAverage: null,
      outcomes: {},
    });
  });
});

describe('computeReport in business time (issue 17 §1)', () => {
  // An e-mail at 17:00 with a 4 h target, answered at 11:00 the next morning: late on the wall
  // clock (18 h), within target in business hours (09:00–18:00: 1 h that day, 2 h the next).
  const mail = row({
    id: 'm',
    createdAt: at('2025-01-06T14:00:00Z'),
    firstResponseAt: at('2025-01-07T08:00:00Z'),
    slaFirstResponseMs: 4 * HOUR,
  });
  const period = { from: at('2025-01-06T00:00:00Z'), to: at('2025-01-08T00:00:00Z') };

  test('judges a business-time conversation by its business deadline and says so', () => {
    const business = computeReport([{ ...mail, firstResponseDueAt: at('2025-01-07T09:00:00Z') }], period);
    expect(business.slaTime).toBe('business');
    expect(business.total.answeredWithinTarget).toBe(1);
    const wall = computeReport([mail], period);
    expect(wall.slaTime).toBe('wall');
    expect(wall.total.answeredWithinTarget).toBe(0);
  });

  test('calls a period with both kinds mixed', () => {
    const other = { ...mail, id: 'n', firstResponseDueAt: at('2025-01-07T09:00:00Z') };
    expect(computeReport([mail, other], period).slaTime).toBe('mixed');
  });
});

describe('helpers', () => {
  test('percentile is nearest rank', () => {
    expect(percentile([], 0.9)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([10, 1, 5], 0.5)).toBe(5);
  });

  test('localHour floors to the local hour, also west of UTC', () => {
    expect(localHour(at('2025-01-06T21:10:00Z'), MOSCOW * 60_000)).toBe('2025-01-07T00:00');
    expect(localHour(at('2025-01-06T02:30:00Z'), -5 * HOUR)).toBe('2025-01-05T21:00');
  });
});
