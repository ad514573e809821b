// `textdesk admin calendar add|set|list|delete`: business-hours calendars (issue 17 §1).
import type { Command } from 'commander';
import type { ApiClient } from '../api-client';
import { calendarFromOptions, closedOption, hoursOption, weekOption } from './calendar-options';
import { printResult } from './output';

type WithClient = (cmd: Command, run: (api: ApiClient, globals: { json: boolean }) => Promise<void>) => Promise<void>;

const columns = ['id', 'name', 'zone', 'week', 'exceptions', 'queueIds', 'openNow', 'nextChangeAt'];

/** A calendar in one table row: `mon=09:00-18:00 tue=…`, `2026-01-01=closed`, the next change in UTC. */
function forPeople(c: {
  week: Record<string, string[] | undefined>;
  exceptions: { date: string; hours: string[] }[];
  nextChangeAt: number | null;
}) {
  return {
    ...c,
    week: Object.entries(c.week)
      .map(([day, hours]) => `${day}=${(hours ?? []).join(',')}`)
      .join(' '),
    exceptions: c.exceptions.map((e) => `${e.date}=${e.hours.length ? e.hours.join(',') : 'closed'}`).join(' '),
    nextChangeAt: c.nextChangeAt === null ? null : new Date(c.nextChangeAt).toISOString(),
  };
}

function withCalendarOptions(command: Command): Command {
  return command
    .option('--id <id>')
    .option('--name <name>')
    .option('--zone <zone>', 'IANA time zone, e.g. Europe/Moscow')
    .option('--week <days=intervals>', 'open hours, repeatable: mon-fri=09:00-13:00,14:00-18:00', weekOption)
    .option('--closed <date>', 'a holiday, repeatable: 2026-01-01', closedOption)
    .option('--hours <date=intervals>', 'other hours on a date, repeatable: 2026-12-31=09:00-14:00', hoursOption)
    .option('--file <path>', "the calendar as JSON, in the config file's form");
}

export function registerCalendarCommand(admin: Command, withClient: WithClient): void {
  const calendar = admin
    .command('calendar')
    .description('business hours: a time zone, weekly open hours and dated exceptions, kept by queues');
  withCalendarOptions(calendar.command('add').description('add a calendar')).action((o, cmd) =>
    withClient(cmd, async (api, g) => {
      const view = await api.admin.createCalendar.mutate(calendarFromOptions(o));
      printResult(g.json ? view : forPeople(view), g.json, columns);
    }),
  );
  withCalendarOptions(
    calendar.command('set').description('replace a calendar whole; its queues open or close by it at once'),
  ).action((o, cmd) =>
    withClient(cmd, async (api, g) => {
      const view = await api.admin.updateCalendar.mutate(calendarFromOptions(o));
      printResult(g.json ? view : forPeople(view), g.json, columns);
    }),
  );
  calendar
    .command('list')
    .description('every calendar, whether it is open now and when that changes')
    .action((_o, cmd) =>
      withClient(cmd, async (api, g) => {
        const calendars = await api.admin.listCalendars.query();
        printResult(g.json ? calendars : calendars.map(forPeople), g.json, columns);
      }),
    );
  calendar
    .command('delete')
    .description('remove a calendar no queue keeps')
    .requiredOption('--id <id>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.admin.deleteCalendar.mutate({ id: o.id }), g.json)),
    );
}
