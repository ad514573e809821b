// The `textdesk` command line: one binary, one subcommand per job.
import { Command } from 'commander';
import { registerAdminCommand } from './admin/admin-command';
import { registerConsoleCommand } from './console/console-command';
import { registerDashboardCommand } from './dashboard/dashboard-command';
import { registerDemoCommand } from './demo/demo-command';
import { registerLoadCommand } from './load/load-command';
import { registerReportCommand } from './report/report-command';
import { registerServerCommand } from './server-command';

const program = new Command('textdesk').description('a non-voice contact center in the terminal').showHelpAfterError();
registerServerCommand(program);
registerAdminCommand(program);
registerConsoleCommand(program);
registerDemoCommand(program);
registerLoadCommand(program);
registerDashboardCommand(program);
registerReportCommand(program);

await program.parseAsync(process.argv);
