// What supervisors see and change: every open conversation, every event, operators' status and
// capacity. (Reassigning and reading any transcript go through the operator procedures, which
// let supervisors act on any conversation.)
import {
  CallbackCancelInput,
  CallbackDoneInput,
  CallbackIdInput,
  CallbackListInput,
  SetCapacityInput,
  SetOperatorStatusInput,
  SubscribeInput,
} from '../../shared/schemas';
import { CustomerIdInput, MergeCustomersByIdInput, UnmergeCustomersInput } from '../../shared/customer-schemas';
import { ReportInput } from '../../shared/stats';
import { customerDetails } from '../desk/customer-records';
import { withBusinessDeadlines } from '../desk/off-hours';
import { computeReport } from '../domain/report';
import { EVERYONE } from '../events/bus';
import { formerOperatorNames, reportCallbacks, reportConversations } from '../store/report-queries';
import { liveFeed } from './live-feed';
import { statsFeed } from './stats-feed';
import { router, supervisorProcedure } from './trpc';

export const supervisorRouter = router({
  snapshot: supervisorProcedure.query(({ ctx }) => ({
    operators: ctx.desk.directory.listOperators(),
    queues: ctx.desk.directory.listQueues(),
    ...ctx.desk.snapshotFor(EVERYONE),
  })),
  setOperatorStatus: supervisorProcedure
    .input(SetOperatorStatusInput)
    .mutation(({ ctx, input }) => ctx.desk.directory.setOperatorStatus(input.operatorId, input.status)),
  setOperatorCapacity: supervisorProcedure
    .input(SetCapacityInput)
    .mutation(({ ctx, input }) =>
      ctx.desk.directory.updateOperator({ id: input.operatorId, capacity: input.capacity }),
    ),
  /** Live statistics, about once a second: the first at once, with the latest alerts for the log. */
  stats: supervisorProcedure.subscription(({ ctx, signal }) => {
    const { stats } = ctx;
    return statsFeed({
      stats,
      first: () => ({ snapshot: stats.current(), alerts: stats.recentAlerts() }),
      map: (tick) => tick,
      signal,
      socket: ctx.socket,
    });
  }),
  statsSnapshot: supervisorProcedure.query(({ ctx }) => ctx.stats.current()),
  /** KPIs of the conversations created in [from, to), from stored data. */
  report: supervisorProcedure.input(ReportInput).query(async ({ ctx, input }) => {
    const { directory } = ctx.desk;
    const { store } = ctx.desk.ctx;
    const rows = withBusinessDeadlines(ctx.desk, await reportConversations(store, input.from, input.to));
    const callbacks = await reportCallbacks(store, input.from, input.to);
    // Only a report by operator names operators; deleted ones are looked up in the store.
    const former = input.by === 'operator' ? await formerOperatorNames(store) : new Map<string, string>();
    return computeReport(
      rows,
      {
        ...input,
        names: (kind, id) =>
          kind === 'queue'
            ? directory.queues.get(id)?.name
            : kind === 'channel'
              ? directory.channels.get(id)?.name
              : (directory.operators.get(id)?.name ?? former.get(id)),
      },
      callbacks,
    );
  }),
  /** Call-back requests (issue 17 §5): list them, and move one forward. */
  callbacks: router({
    list: supervisorProcedure
      .input(CallbackListInput)
      .query(({ ctx, input }) => ctx.desk.callbacks.list(input.status, input.limit)),
    claim: supervisorProcedure
      .input(CallbackIdInput)
      .mutation(({ ctx, input }) => ctx.desk.callbacks.claim(ctx.actor, input.callbackId)),
    done: supervisorProcedure
      .input(CallbackDoneInput)
      .mutation(({ ctx, input }) => ctx.desk.callbacks.done(ctx.actor, input.callbackId, input.outcome)),
    cancel: supervisorProcedure
      .input(CallbackCancelInput)
      .mutation(({ ctx, input }) => ctx.desk.callbacks.cancel(ctx.actor, input.callbackId, input.outcome)),
  }),
  /** Issue 18 §1: one customer with identities, merges, contacts and conversations (`admin customer show`). */
  customer: supervisorProcedure
    .input(CustomerIdInput)
    .query(({ ctx, input }) =>
      customerDetails(ctx.desk.ctx.store, input.customerId, (id) => ctx.desk.directory.channel(id)),
    ),
  /** Any two customers, open dialogs or not: `fromCustomerId` joins `intoCustomerId`. */
  mergeCustomers: supervisorProcedure.input(MergeCustomersByIdInput).mutation(async ({ ctx, input }) => ({
    merge: await ctx.desk.merges.merge(ctx.actor, input.intoCustomerId, input.fromCustomerId),
  })),
  /** Undoes a merge exactly (supervisors only: it changes what every operator of both customers sees). */
  unmergeCustomers: supervisorProcedure
    .input(UnmergeCustomersInput)
    .mutation(async ({ ctx, input }) => ({ merge: await ctx.desk.merges.unmerge(ctx.actor, input.mergeId) })),
  events: supervisorProcedure
    .input(SubscribeInput)
    .subscription(({ ctx, input, signal }) =>
      liveFeed({ desk: ctx.desk, audience: EVERYONE, lastEventId: input?.lastEventId, signal, socket: ctx.socket }),
    ),
});
