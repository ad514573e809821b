// Business-hours calendars on the wire (issue 17 §1): the admin procedures' inputs and what they
// return. Only the shape is checked here; server/domain/business-hours.ts checks the meaning
// (a known zone, intervals that neither overlap nor run backwards, real dates) and says what is wrong.
import { z } from 'zod';
import { LIMITS } from './limits';
import { filledText } from './text-rules';

const CalendarId = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, dash and underscore only');
/** A day's intervals, "09:00-13:00" each. */
const DayHours = z.array(z.string().max(16)).max(24);
export const CalendarWeekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const CalendarInput = z.object({
  id: CalendarId,
  name: filledText(LIMITS.name),
  /** IANA time zone, e.g. Europe/Moscow. */
  zone: z.string().min(1).max(64),
  /** Days left out are closed. */
  week: z.partialRecord(CalendarWeekday, DayHours).default({}),
  /** Holidays (hours: []) and short or other days, by local date YYYY-MM-DD. */
  exceptions: z
    .array(z.object({ date: z.string().max(10), hours: DayHours }).strict())
    .max(1000)
    .default([]),
});
export type CalendarInput = z.output<typeof CalendarInput>;

/** A calendar as `admin calendar list` shows it, with whether it is open now and its next change. */
export const CalendarView = CalendarInput.extend({
  openNow: z.boolean(),
  nextChangeAt: z.number().int().nullable(),
  /** The queues that keep this calendar. */
  queueIds: z.array(z.string()),
});
export type CalendarView = z.infer<typeof CalendarView>;

export const CalendarRef = z.object({ id: CalendarId });
