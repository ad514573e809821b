// `textdesk admin calendar add|set`'s options as a calendar: `--week mon-fri=09:00-13:00,14:00-18:00`
// (repeatable), `--closed 2026-01-01` for a holiday, `--hours 2026-12-31=09:00-14:00` for a short
// day, or `--file cal.json` in the config file's JSON form. The server checks the meaning.
import fs from 'node:fs';
import { CalendarInput, CalendarWeekday } from '../../shared/calendar-schemas';

const DAYS = CalendarWeekday.options;
type Day = (typeof DAYS)[number];

/** "mon-fri", "sat", "mon,wed,fri" → the days, in order; throws naming what is not a day. */
export function parseDays(spec: string): Day[] {
  const days: Day[] = [];
  for (const part of spec.split(',').map((s) => s.trim().toLowerCase())) {
    const [from, to = from] = part.split('-') as [string, string?];
    const a = DAYS.indexOf(from as Day);
    const b = DAYS.indexOf(to as Day);
    if (a < 0 || b < 0 || b < a)
      throw new Error(`"${part}" is not a day or range of days: use ${DAYS.join(', ')}, e.g. mon-fri or sat`);
    days.push(...DAYS.slice(a, b + 1));
  }
  return days;
}

/** `--week DAYS=INTERVALS` (repeatable): later ones replace the days they name. */
export function weekOption(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new Error(`"${value}" is not DAYS=INTERVALS, e.g. mon-fri=09:00-13:00,14:00-18:00`);
  const hours = value
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const next = { ...previous };
  for (const day of parseDays(value.slice(0, eq))) next[day] = hours;
  return next;
}

/** `--hours DATE=INTERVALS` (repeatable): a day with other hours than the week's. */
export function hoursOption(value: string, previous: Array<{ date: string; hours: string[] }> = []) {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new Error(`"${value}" is not DATE=INTERVALS, e.g. 2026-12-31=09:00-14:00`);
  const hours = value
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [...previous, { date: value.slice(0, eq), hours }];
}

/** `--closed DATE` (repeatable): a holiday. */
export function closedOption(value: string, previous: Array<{ date: string; hours: string[] }> = []) {
  return [...previous, { date: value, hours: [] }];
}

export interface CalendarOptions {
  id?: string;
  name?: string;
  zone?: string;
  week?: Record<string, string[]>;
  hours?: Array<{ date: string; hours: string[] }>;
  closed?: Array<{ date: string; hours: string[] }>;
  file?: string;
}

/** The calendar the options describe: a file as it is, or the options; never both. */
export function calendarFromOptions(o: CalendarOptions): CalendarInput {
  if (o.file !== undefined) {
    if (o.week || o.hours || o.closed || o.zone)
      throw new Error('give either --file or --zone/--week/--hours/--closed, not both');
    const raw = JSON.parse(fs.readFileSync(o.file, 'utf8')) as Record<string, unknown>;
    return CalendarInput.parse({ ...raw, ...(o.id && { id: o.id }), ...(o.name && { name: o.name }) });
  }
  if (!o.id || !o.name || !o.zone) throw new Error('give --id, --name and --zone (or --file)');
  return CalendarInput.parse({
    id: o.id,
    name: o.name,
    zone: o.zone,
    week: o.week ?? {},
    exceptions: [...(o.closed ?? []), ...(o.hours ?? [])],
  });
}
