// `textdesk admin customer find|show|merge|unmerge`: one customer across channels (issue 18 §1),
// through the supervisor procedures (an admin's rights include a supervisor's).
import type { Command } from 'commander';
import type { ApiClient } from '../api-client';
import { printResult } from './output';

type WithClient = (cmd: Command, run: (api: ApiClient, globals: { json: boolean }) => Promise<void>) => Promise<void>;

const when = (at: number | null) => (at === null ? null : new Date(at).toISOString());
const mergeColumns = ['id', 'intoCustomerId', 'fromCustomerId', 'mergedBy', 'mergedAt', 'unmergedBy', 'unmergedAt'];

/** A merge in one table row: who by name, times in UTC, what moved. */
function mergeRow(m: Awaited<ReturnType<ApiClient['supervisor']['mergeCustomers']['mutate']>>['merge']) {
  return {
    ...m,
    mergedBy: m.mergedByName ?? m.mergedBy,
    mergedAt: when(m.mergedAt),
    unmergedBy: m.unmergedByName ?? m.unmergedBy,
    unmergedAt: when(m.unmergedAt),
  };
}

export function registerCustomerCommand(admin: Command, withClient: WithClient): void {
  const customer = admin
    .command('customer')
    .description('customers across channels: find one, show its identities and history, merge and unmerge');
  customer
    .command('find')
    .description('customers by part of a name, e-mail or phone')
    .argument('<text>')
    .action((text: string, _o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(await api.operator.searchCustomers.query({ query: text, limit: 20 }), g.json, [
          'id',
          'name',
          'email',
          'phone',
        ]),
      ),
    );
  customer
    .command('show')
    .description("a customer's details, identities, merges, contacts and newest conversations")
    .requiredOption('--id <customerId>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const shown = await api.supervisor.customer.query({ customerId: o.id });
        if (g.json) return printResult(shown, true);
        printResult(
          { ...shown.customer, mergedInto: shown.mergedInto, createdAt: when(shown.customer.createdAt) },
          false,
        );
        process.stdout.write('\nidentities\n');
        printResult(shown.identities, false, ['kind', 'value', 'verified', 'source']);
        process.stdout.write('\nmerges\n');
        printResult(shown.merges.map(mergeRow), false, mergeColumns);
        process.stdout.write('\ncontacts\n');
        printResult(shown.contacts, false, ['channelId', 'externalId']);
        process.stdout.write('\nconversations\n');
        printResult(
          shown.conversations.map((c) => ({ ...c, createdAt: when(c.createdAt) })),
          false,
          ['id', 'channelId', 'status', 'createdAt', 'outcome'],
        );
      }),
    );
  customer
    .command('merge')
    .description('merge one customer into another: every conversation, contact and identity moves; undo with unmerge')
    .requiredOption('--into <customerId>', 'the customer that stays')
    .requiredOption('--from <customerId>', 'the customer that joins it')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const { merge } = await api.supervisor.mergeCustomers.mutate({
          intoCustomerId: o.into,
          fromCustomerId: o.from,
        });
        printResult(g.json ? merge : mergeRow(merge), g.json, g.json ? undefined : mergeColumns);
      }),
    );
  customer
    .command('unmerge')
    .description('undo a merge exactly: the rows it moved go back (what arrived since stays)')
    .requiredOption('--merge <mergeId>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const { merge } = await api.supervisor.unmergeCustomers.mutate({ mergeId: o.merge });
        printResult(g.json ? merge : mergeRow(merge), g.json, g.json ? undefined : mergeColumns);
      }),
    );
}
