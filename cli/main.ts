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
  forecast: async () => (await import('./forecast/forecast-command')).registerForecastCommand,
  load: async () => (await import('./load/load-command')).registerLoadCommand,
  search: async () => (await import('./search/search-command')).registerSearchCommand,
};

// Set while an unknown command is being reported, so the help shown after the error is not
// taken for a request to report it again.
let refusing = false;

const program = new Command('textdesk').description('a non-voice contact center in the terminal').showHelpAfterError();
const requested = process.argv[2];
// Help, or a mistyped command, needs every command registered to list them.
const names = requested && requested in COMMANDS ? [requested] : Object.keys(COMMANDS);
for (const name of names) (await COMMANDS[name]())(program);
refuseUnknownCommands(program);

await program.parseAsync(process.argv);

/**
 * A command that does not exist is an error (exit 1) naming the ones that do, at every level
 * (`textdesk schedule`, `textdesk admin queue frobnicate`) and also when --help follows it:
 * commander would print the parent's help for `textdesk schedule --help` and exit 0, so a
 * script could not tell a missing command from a successful one.
 */
function refuseUnknownCommands(command: Command): void {
  if (command.commands.length === 0) return;
  const refuse = (name: string): never => {
    const known = command.commands.map((c) => c.name()).filter((n) => n !== 'help');
    const path: string[] = [];
    for (let c: Command | null = command; c; c = c.parent) path.unshift(c.name());
    refusing = true;
    return command.error(`error: unknown command '${name}': ${path.join(' ')} has ${known.join(', ')}`, {
      code: 'commander.unknownCommand',
    });
  };
  // Reached without --help: commander found no subcommand of that name.
  command.on('command:*', (operands: string[]) => refuse(operands[0]));
  // Reached with --help (or as `help NAME`): commander would print this command's help.
  command.on('beforeHelp', () => {
    if (refusing) return;
    const [first, second] = command.args;
    const name = first === 'help' ? second : first;
    if (name && !name.startsWith('-') && !command.commands.some((c) => c.name() === name || c.aliases().includes(name)))
      refuse(name);
  });
  for (const sub of command.commands) refuseUnknownCommands(sub);
}
