// The `textdesk` command line: one binary, one subcommand per job. Each subcommand's module is
// imported only when that subcommand runs, so `textdesk console` does not load the server, the
// dashboard or the load tool (start-up time is a target: DESIGN.md §5).
import { Command } from 'commander';

type Register = (program: Command) => void;

const COMMANDS: Record<string, () => Promise<Register>> = {
  server: async () => (await import('./server-command')).registerServerCommand,
  admin: async () => (await import('./admin/admin-command')).registerAdminCommand,
  console: async () => (await import('./console/console-command')).registerConsoleCommand,
  demo: async () => (await import('./demo/demo-command')).registerDemoCommand,
  dashboard: async () => (await import('./dashboard/dashboard-command')).registerDashboardCommand,
  report: async () => (await import('./report/report-command')).registerReportCommand,
  load: async () => (await import('./load/load-command')).registerLoadCommand,
};

const program = new Command('textdesk').description('a non-voice contact center in the terminal').showHelpAfterError();
const requested = process.argv[2];
// Help, or a mistyped command, needs every command registered to list them.
const names = requested && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
for (const name of names) (await COMMANDS[name]())(program);

await program.parseAsync(process.argv);
