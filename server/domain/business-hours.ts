// Business hours (issue 17 §1): a queue's calendar — a time zone, a weekly schedule of wall-clock
// intervals and dated exceptions — and the questions the desk asks of it: open now? when does
// that change? when does it next open? when are N working milliseconds up? Pure: every answer
// takes the instant it is asked about; zone arithmetic (DST gaps and repeats) is luxon's.
import { DateTime, IANAZone } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "09:00-13:00": local wall-clock time, end after start, "24:00" ends at the next midnight. */
export type HoursText = string;

export interface CalendarException {
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** The day's intervals instead of the weekly ones; empty = closed all day (a holiday). */
  hours: HoursText[];
}

export interface Calendar {
  id: string;
  name: string;
  /** IANA time zone, e.g. Europe/Berlin. */
  zone: string;
  /** Days left out are closed. */
  week: Partial<Record<Weekday, HoursText[]>>;
  exceptions: CalendarException[];
}

/** A refused calendar: says what was wrong and how to write it instead. */
export class CalendarInvalid extends Error {
  readonly code = 'CalendarInvalid';
  constructor(message: string) {
    super(message);
    this.name = 'CalendarInvalid';
  }
}

interface Minutes {
  from: number;
  to: number;
}

const HOURS_RE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function parseHours(text: string, where: string): Minutes {
  const m = HOURS_RE.exec(text);
  const bad = (why: string) =>
    new CalendarInvalid(`${where}: "${text}" ${why}: write intervals as HH:MM-HH:MM, e.g. 09:00-13:00 or 18:00-24:00`);
  if (!m) throw bad('is not an interval');
  const [fh, fm, th, tm] = m.slice(1).map(Number) as [number, number, number, number];
  if (fh > 23 || fm > 59 || th > 24 || tm > 59 || (th === 24 && tm !== 0)) throw bad('is not a time of day');
  const from = fh * 60 + fm;
  const to = th * 60 + tm;
  if (to <= from) throw bad('ends before it starts');
  return { from, to };
}

/** A day's intervals, sorted; overlapping ones are refused (touching ones are one stretch). */
function parseDay(hours: readonly HoursText[], where: string): Minutes[] {
  const spans = hours.map((h) => parseHours(h, where)).sort((a, b) => a.from - b.from);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.from < spans[i - 1]!.to)
      throw new CalendarInvalid(
        `${where}: intervals ${hours.join(', ')} overlap: make each one start after the previous one ends`,
      );
  }
  return spans;
}

/** Checks a calendar and returns it; throws CalendarInvalid naming the first thing wrong. */
export function checkCalendar(cal: Calendar): Calendar {
  if (!IANAZone.isValidZone(cal.zone))
    throw new CalendarInvalid(
      `calendar ${cal.id}: time zone "${cal.zone}" is unknown: use an IANA name such as Europe/Moscow`,
    );
  for (const day of Object.keys(cal.week)) {
    if (!(WEEKDAYS as readonly string[]).includes(day))
      throw new CalendarInvalid(`calendar ${cal.id}: "${day}" is not a weekday: use ${WEEKDAYS.join(', ')}`);
    parseDay(cal.week[day as Weekday] ?? [], `calendar ${cal.id}, ${day}`);
  }
  const seen = new Set<string>();
  for (const ex of cal.exceptions) {
    if (!DATE_RE.test(ex.date) || !DateTime.fromISO(ex.date, { zone: cal.zone }).isValid)
      throw new CalendarInvalid(`calendar ${cal.id}: exception date "${ex.date}" is not a date: write YYYY-MM-DD`);
    if (seen.has(ex.date))
      throw new CalendarInvalid(`calendar ${cal.id}: ${ex.date} has two exceptions: keep one per date`);
    seen.add(ex.date);
    parseDay(ex.hours, `calendar ${cal.id}, ${ex.date}`);
  }
  return cal;
}

/** A calendar prepared for questions: intervals parsed once. */
export class BusinessHours {
  private readonly week: Minutes[][];
  private readonly exceptions = new Map<string, Minutes[]>();

  constructor(readonly calendar: Calendar) {
    checkCalendar(calendar);
    this.week = WEEKDAYS.map((d) => parseDay(calendar.week[d] ?? [], d));
    for (const ex of calendar.exceptions) this.exceptions.set(ex.date, parseDay(ex.hours, ex.date));
  }

  get zone(): string {
    return this.calendar.zone;
  }

  isOpen(at: number): boolean {
    const first = this.spans(at).next();
    return !first.done && first.value.start <= at;
  }

  /** The next instant after `at` where open turns closed or closed turns open; null if it never opens. */
  nextChange(at: number): number | null {
    const first = this.spans(at).next();
    if (first.done) return null;
    return first.value.start <= at ? first.value.end : first.value.start;
  }

  /** `at` itself when open, else the start of the next open stretch; null if it never opens. */
  nextOpening(at: number): number | null {
    const first = this.spans(at).next();
    if (first.done) return null;
    return Math.max(first.value.start, at);
  }

  /** The instant `ms` working milliseconds after `from`; null if the calendar never opens. */
  addBusinessTime(from: number, ms: number): number | null {
    let left = ms;
    for (const span of this.spans(from)) {
      const start = Math.max(span.start, from);
      if (left <= span.end - start) return start + left;
      left -= span.end - start;
    }
    return null;
  }

  /**
   * Open stretches that end after `at`, in order, as instants. Intervals that touch (18:00-24:00
   * then 00:00-06:00 the next day) are one stretch, so a change is never reported at midnight;
   * a stretch is cut after a month so an always-open calendar still yields. Stops after a year
   * and more with nothing open.
   */
  private *spans(at: number): Generator<{ start: number; end: number }> {
    const MAX_SPAN_MS = 31 * 86_400_000;
    const MAX_IDLE_DAYS = 400;
    let day = DateTime.fromMillis(at, { zone: this.zone }).startOf('day');
    let pending: { start: number; end: number } | null = null;
    for (let idle = 0; idle < MAX_IDLE_DAYS; day = day.plus({ days: 1 })) {
      const intervals = this.exceptions.get(day.toISODate()!) ?? this.week[day.weekday - 1]!;
      if (intervals.length === 0) idle++;
      else idle = 0;
      for (const iv of intervals) {
        const start = wallClock(day, iv.from);
        const end = iv.to === 1440 ? day.plus({ days: 1 }).toMillis() : wallClock(day, iv.to);
        if (end <= at) continue;
        if (pending && start <= pending.end && pending.end - pending.start < MAX_SPAN_MS) {
          pending.end = Math.max(pending.end, end);
          continue;
        }
        if (pending) yield pending;
        pending = { start, end };
      }
    }
    if (pending) yield pending;
  }
}

/**
 * The instant a local day shows `minutes` past midnight on the wall clock (not that many minutes
 * after midnight: on a DST day they differ by an hour). A time the spring change skips is read
 * with the offset before the gap (02:30 is 03:30 summer time), as RFC 5545 does for DTSTART.
 */
function wallClock(day: DateTime, minutes: number): number {
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}
