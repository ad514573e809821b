// tRPC mutations are refused while the data directory is short of space (server/disk-guard.ts),
// before they change anything; queries and subscriptions keep working, so supervisors still see
// the desk and the alert. The refusal is a desk error, mapped to SERVICE_UNAVAILABLE with the
// other desk errors in trpc.ts.
import type { TRPCProcedureType } from '@trpc/server';
import type { ApiContext } from './trpc';

/**
 * Logging in stays open: a supervisor must be able to reach the dashboard that shows the alert,
 * and one session row is far inside the margin the threshold keeps.
 */
const OPEN_WHILE_DISK_LOW: ReadonlySet<string> = new Set(['auth.login']);

export function refuseMutationsWhenDiskLow(opts: { ctx: ApiContext; type: TRPCProcedureType; path: string }): void {
  if (opts.type === 'mutation' && !OPEN_WHILE_DISK_LOW.has(opts.path)) opts.ctx.desk.ctx.disk.assertRoom();
}
