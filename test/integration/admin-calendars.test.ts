// Managing business-hours calendars on the real server (issue 17 §1): bad input is refused with
// what was wrong and changes nothing; a queue keeps a calendar by id; the config file's
// calendars are written at every start; a calendar a queue keeps cannot be deleted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { failureOf } from '../helpers/trpc-code';
import { VirtualTime } from '../helpers/virtual-time';

/** Wednesday 14 January 2026, 12:00 in Berlin (CET, UTC+1). */
const WEDNESDAY_NOON = Date.UTC(2026, 0, 14, 11, 0);
const office = {
  id: 'office',
  name: 'Berlin office',
  zone: 'Europe/Berlin',
  week: { mon: ['09:00-13:00', '14:00-18:00'], wed: ['09:00-13:00', '14:00-18:00'] },
  exceptions: [{ date: '2026-12-24', hours: [] }],
};

describe.each(['sqlite', 'postgres'] as const)('calendars on %s', (store) => {
  let t: TestServer;
  let time: VirtualTime;

  beforeEach(async () => {
    time = new VirtualTime(WEDNESDAY_NOON);
    t = await startTestServer({ store, calendars: [office] }, { now: time.now }, { timer: time.schedule });
  });
  afterEach(() => t.close());

  it('lists a config calendar with whether it is open now and its next change', async () => {
    expect(await t.admin.admin.listCalendars.query()).toEqual([
      { ...office, openNow: true, nextChangeAt: Date.UTC(2026, 0, 14, 12, 0), queueIds: [] },
    ]);
  });

  it('refuses a bad zone, overlapping or inverted intervals and a bad date, naming each, and keeps nothing', async () => {
    const add = (change: object) => failureOf(t.admin.admin.createCalendar.mutate({ ...office, id: 'bad', ...change }));
    expect(await add({ zone: 'Mars/Olympus' })).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('time zone "Mars/Olympus" is unknown: use an IANA name'),
    });
    expect((await add({ week: { tue: ['09:00-13:00', '12:30-18:00'] } })).message).toMatch(/tue: intervals .* overlap/);
    expect((await add({ week: { tue: ['18:00-09:00'] } })).message).toContain('ends before it starts');
    expect((await add({ exceptions: [{ date: '2026-13-01', hours: [] }] })).message).toContain(
      '"2026-13-01" is not a date: write YYYY-MM-DD',
    );
    expect((await t.admin.admin.listCalendars.query()).map((c) => c.id)).toEqual(['office']);
  });

  it('attaches a calendar to a queue, refuses an unknown one and a delete while kept', async () => {
    expect(
      await t.admin.admin.createQueue.mutate({
        id: 'mail',
        name: 'Mail',
        calendarId: 'office',
        offHours: 'offline-form',
      }),
    ).toEqual({ id: 'mail', name: 'Mail', skills: [], priority: 0, calendarId: 'office', offHours: 'offline-form' });
    expect(await failureOf(t.admin.admin.updateQueue.mutate({ id: 'mail', calendarId: 'nope' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('calendar nope does not exist'),
    });
    expect(await failureOf(t.admin.admin.deleteCalendar.mutate({ id: 'office' }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('calendar office is kept by queue mail'),
    });
    expect(await t.admin.admin.updateQueue.mutate({ id: 'mail', calendarId: null, offHours: 'queue' })).toEqual({
      id: 'mail',
      name: 'Mail',
      skills: [],
      priority: 0,
    });
    expect(await t.admin.admin.deleteCalendar.mutate({ id: 'office' })).toEqual({ id: 'office', deleted: true });
  });

  it('keeps an admin change until the next start, when the config file’s calendar is written again', async () => {
    await t.admin.admin.createQueue.mutate({ id: 'mail', name: 'Mail', calendarId: 'office' });
    await t.admin.admin.updateCalendar.mutate({ ...office, name: 'Changed by hand', week: {} });
    expect((await t.admin.admin.listCalendars.query())[0]).toMatchObject({ name: 'Changed by hand', openNow: false });
    await t.restart();
    expect((await t.admin.admin.listCalendars.query())[0]).toMatchObject({
      name: 'Berlin office',
      openNow: true,
      queueIds: ['mail'],
    });
  });
});
