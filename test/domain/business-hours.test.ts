// Business-hours calendars (issue 17 §1): open or closed, the next change, the next opening and
// business-time deadlines, across Berlin's DST changes, a holiday, a short day and Moscow.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BusinessHours, CalendarInvalid, checkCalendar, type Calendar } from '../../server/domain/business-hours';
import { openingWords } from '../../server/domain/opening-text';

const H = 3_600_000;
const office = ['09:00-13:00', '14:00-18:00'];

function calendar(zone: string, extra: Partial<Calendar> = {}): BusinessHours {
  return new BusinessHours({
    id: 'office',
    name: 'Office',
    zone,
    week: { mon: office, tue: office, wed: office, thu: office, fri: office },
    exceptions: [],
    ...extra,
  });
}

/** An instant given as the wall clock of a zone. */
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const berlin = (iso: string) => local(iso, 'Europe/Berlin');
const moscow = (iso: string) => local(iso, 'Europe/Moscow');
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' }).toMillis();

describe('BusinessHours: open or closed', () => {
  const cal = calendar('Europe/Berlin');

  it('is open inside an interval, closed in the lunch gap, at night and at the weekend', () => {
    expect(cal.isOpen(berlin('2026-03-04T09:00'))).toBe(true);
    expect(cal.isOpen(berlin('2026-03-04T12:59'))).toBe(true);
    expect(cal.isOpen(berlin('2026-03-04T13:00'))).toBe(false);
    expect(cal.isOpen(berlin('2026-03-04T13:30'))).toBe(false);
    expect(cal.isOpen(berlin('2026-03-04T08:59'))).toBe(false);
    expect(cal.isOpen(berlin('2026-03-04T18:00'))).toBe(false);
    expect(cal.isOpen(berlin('2026-03-07T11:00'))).toBe(false);
  });

  it('names the next change: the lunch break, the reopening after it, and Monday morning after Friday', () => {
    expect(cal.nextChange(berlin('2026-03-04T10:00'))).toBe(berlin('2026-03-04T13:00'));
    expect(cal.nextChange(berlin('2026-03-04T13:00'))).toBe(berlin('2026-03-04T14:00'));
    expect(cal.nextChange(berlin('2026-03-06T18:30'))).toBe(berlin('2026-03-09T09:00'));
  });

  it('gives the next opening, or the moment itself while open', () => {
    expect(cal.nextOpening(berlin('2026-03-04T10:00'))).toBe(berlin('2026-03-04T10:00'));
    expect(cal.nextOpening(berlin('2026-03-07T03:00'))).toBe(berlin('2026-03-09T09:00'));
  });

  it('treats intervals that touch at midnight as one stretch: no change reported at 24:00', () => {
    const night = calendar('Europe/Berlin', { week: { mon: ['18:00-24:00'], tue: ['00:00-06:00'] } });
    expect(night.isOpen(berlin('2026-03-02T23:59'))).toBe(true);
    expect(night.isOpen(berlin('2026-03-03T00:00'))).toBe(true);
    expect(night.nextChange(berlin('2026-03-02T19:00'))).toBe(berlin('2026-03-03T06:00'));
  });

  it('never opens with an empty schedule, and says so with null', () => {
    const never = calendar('Europe/Berlin', { week: {} });
    expect(never.isOpen(berlin('2026-03-04T10:00'))).toBe(false);
    expect(never.nextChange(berlin('2026-03-04T10:00'))).toBeNull();
    expect(never.nextOpening(berlin('2026-03-04T10:00'))).toBeNull();
    expect(never.addBusinessTime(berlin('2026-03-04T10:00'), H)).toBeNull();
  });

  it('keeps changing when open around the clock (the stretch is cut, never endless)', () => {
    const always = calendar('Europe/Berlin', {
      week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']])),
    });
    const at = berlin('2026-03-04T10:00');
    expect(always.isOpen(at)).toBe(true);
    expect(always.nextChange(at)).toBeGreaterThan(at + 20 * 24 * H);
    expect(always.addBusinessTime(at, 100 * 24 * H)).toBe(at + 100 * 24 * H);
  });
});

describe('BusinessHours: Europe/Berlin across its DST changes', () => {
  const cal = calendar('Europe/Berlin');

  it('opens at 9:00 local on both sides of the March change (08:00 UTC before, 07:00 UTC after)', () => {
    expect(cal.nextOpening(berlin('2026-03-27T20:00'))).toBe(utc('2026-03-30T07:00'));
    expect(cal.nextOpening(berlin('2026-03-26T20:00'))).toBe(utc('2026-03-27T08:00'));
  });

  it('counts four working hours from Friday 17:00 CET to Monday 12:00 CEST', () => {
    expect(cal.addBusinessTime(berlin('2026-03-27T17:00'), 4 * H)).toBe(utc('2026-03-30T10:00'));
  });

  it('opens at 9:00 local after the October change (07:00 UTC before, 08:00 UTC after)', () => {
    expect(cal.nextOpening(berlin('2026-10-23T20:00'))).toBe(utc('2026-10-26T08:00'));
    expect(cal.addBusinessTime(berlin('2026-10-23T17:00'), 4 * H)).toBe(utc('2026-10-26T11:00'));
  });

  it('makes a whole change day 23 hours long in March and 25 in October', () => {
    const sundays = calendar('Europe/Berlin', { week: { sun: ['00:00-24:00'] } });
    const march = berlin('2026-03-29T00:00');
    expect(sundays.nextChange(march)).toBe(march + 23 * H);
    const october = berlin('2026-10-25T00:00');
    expect(sundays.nextChange(october)).toBe(october + 25 * H);
  });

  it('reads a start in the skipped hour with the winter offset, as RFC 5545 does (02:30 → 03:30 CEST)', () => {
    const early = calendar('Europe/Berlin', { week: { sun: ['02:30-05:00'] } });
    expect(early.nextOpening(berlin('2026-03-28T12:00'))).toBe(utc('2026-03-29T01:30'));
  });
});

describe('BusinessHours: holidays and short days', () => {
  const cal = calendar('Europe/Berlin', {
    exceptions: [
      { date: '2026-05-01', hours: [] },
      { date: '2026-12-31', hours: ['09:00-14:00'] },
    ],
  });

  it('stays closed all day on a holiday and counts business time over it', () => {
    expect(cal.isOpen(berlin('2026-05-01T10:00'))).toBe(false);
    expect(cal.nextOpening(berlin('2026-04-30T18:30'))).toBe(berlin('2026-05-04T09:00'));
    expect(cal.addBusinessTime(berlin('2026-04-30T17:00'), 2 * H)).toBe(berlin('2026-05-04T10:00'));
  });

  it('uses the short day’s hours instead of the weekly ones', () => {
    expect(cal.isOpen(berlin('2026-12-31T13:30'))).toBe(true);
    expect(cal.isOpen(berlin('2026-12-31T15:00'))).toBe(false);
    expect(cal.nextChange(berlin('2026-12-31T10:00'))).toBe(berlin('2026-12-31T14:00'));
    expect(cal.addBusinessTime(berlin('2026-12-31T13:00'), 2 * H)).toBe(berlin('2027-01-01T10:00'));
  });
});

describe('BusinessHours: Europe/Moscow (no DST)', () => {
  const cal = calendar('Europe/Moscow', {
    week: {
      mon: ['09:00-18:00'],
      tue: ['09:00-18:00'],
      wed: ['09:00-18:00'],
      thu: ['09:00-18:00'],
      fri: ['09:00-18:00'],
    },
  });

  it('opens at 09:00 MSK, 06:00 UTC, in winter and summer alike', () => {
    expect(cal.nextOpening(moscow('2026-01-10T22:00'))).toBe(utc('2026-01-12T06:00'));
    expect(cal.nextOpening(moscow('2026-07-11T22:00'))).toBe(utc('2026-07-13T06:00'));
  });

  it('carries a four-hour SLA started at 16:00 into the next morning', () => {
    expect(cal.addBusinessTime(moscow('2026-01-13T16:00'), 4 * H)).toBe(moscow('2026-01-14T11:00'));
  });

  it('words the next opening in the customer’s language and the queue’s zone', () => {
    const opens = moscow('2026-01-12T09:00');
    const asked = moscow('2026-01-10T22:00');
    expect(openingWords(opens, 'Europe/Moscow', 'en', asked)).toEqual({
      time: '9:00',
      zone: 'Moscow Standard Time',
      day: 'Monday',
    });
    expect(openingWords(moscow('2026-01-14T09:00'), 'Europe/Moscow', 'ru', asked)).toEqual({
      time: '9:00',
      zone: 'Москва',
      day: 'среду',
    });
    expect(openingWords(moscow('2026-01-20T09:00'), 'Europe/Moscow', 'ru', asked).day).toBe('вторник, 20 января');
  });
});

describe('checkCalendar', () => {
  const base: Calendar = { id: 'c', name: 'C', zone: 'Europe/Berlin', week: { mon: office }, exceptions: [] };
  const refuses = (change: Partial<Calendar>, words: RegExp) => {
    expect(() => checkCalendar({ ...base, ...change })).toThrow(CalendarInvalid);
    expect(() => checkCalendar({ ...base, ...change })).toThrow(words);
  };

  it('accepts a valid calendar as it is', () => {
    expect(checkCalendar(base)).toBe(base);
  });

  it('refuses an unknown zone, naming it', () => refuses({ zone: 'Europe/Atlantis' }, /"Europe\/Atlantis" is unknown/));
  it('refuses overlapping intervals', () =>
    refuses({ week: { tue: ['09:00-13:00', '12:00-18:00'] } }, /tue: intervals .* overlap/));
  it('refuses an interval that ends before it starts', () =>
    refuses({ week: { wed: ['18:00-09:00'] } }, /ends before it starts/));
  it('refuses a time that is no time of day', () => refuses({ week: { wed: ['09:00-25:00'] } }, /not a time of day/));
  it('refuses text that is no interval', () =>
    refuses({ week: { wed: ['9-18'] } }, /is not an interval: write intervals as HH:MM-HH:MM/));
  it('refuses a day that is no weekday', () =>
    refuses({ week: { funday: office } as Calendar['week'] }, /"funday" is not a weekday/));
  it('refuses a date that does not exist', () =>
    refuses({ exceptions: [{ date: '2026-02-30', hours: [] }] }, /"2026-02-30" is not a date: write YYYY-MM-DD/));
  it('refuses two exceptions for one date', () =>
    refuses(
      {
        exceptions: [
          { date: '2026-05-01', hours: [] },
          { date: '2026-05-01', hours: ['10:00-12:00'] },
        ],
      },
      /2026-05-01 has two exceptions/,
    ));
});
