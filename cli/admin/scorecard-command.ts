// `textdesk admin scorecard list|set|delete`: the criteria supervisors score reviews on (issue 18
// §4). Every criterion is scored 0 (missed), 1 (partly) or 2 (fully), and weighs 1–10.
import type { Command } from 'commander';
import type { ApiClient } from '../api-client';
import { printResult } from './output';

type WithClient = (cmd: Command, run: (api: ApiClient, globals: { json: boolean }) => Promise<void>) => Promise<void>;

const columns = ['id', 'label', 'weight', 'position'];

/** A whole number from the command line; the server checks its range and names the field. */
const wholeNumber = (value: string): number => {
  if (!/^\d+$/.test(value.trim())) throw new Error(`not a whole number: "${value}"`);
  return Number(value);
};

export function registerScorecardCommand(admin: Command, withClient: WithClient): void {
  const scorecard = admin
    .command('scorecard')
    .description('quality review criteria: each scored 0 (missed), 1 (partly) or 2 (fully), weighted 1-10');
  scorecard
    .command('list')
    .description('the criteria in the order the review form shows them')
    .action((_o, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.reviews.criteria.query(), g.json, columns)),
    );
  scorecard
    .command('set')
    .description('add a criterion, or change one (a deleted one comes back)')
    .requiredOption('--id <id>', 'lower-case letters, digits, dash and underscore, e.g. greeting')
    .requiredOption('--label <label>', 'what the reviewer reads, e.g. "Greeting"')
    .option('--weight <1-10>', 'how much it counts (default 1)', wholeNumber)
    .option('--position <n>', 'where it comes on the form, lower first (default: last)', wholeNumber)
    .action((o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(
          await api.reviews.setCriterion.mutate({ id: o.id, label: o.label, weight: o.weight, position: o.position }),
          g.json,
          columns,
        ),
      ),
    );
  scorecard
    .command('delete')
    .description('take a criterion off the form; reviews scored with it keep it')
    .requiredOption('--id <id>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.reviews.deleteCriterion.mutate({ id: o.id }), g.json)),
    );
}
