// What supervisors see and change: every open conversation, every event, operators' status and
// capacity. (Reassigning and reading any transcript go through the operator procedures, which
// let supervisors act on any conversation.)
import { SetCapacityInput, SetOperatorStatusInput, SubscribeInput } from '../../shared/schemas';
import { EVERYONE } from '../events/bus';
import { liveFeed } from './live-feed';
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
    .mutation(({ ctx, input }) => ctx.desk.directory.updateOperator({ id: input.operatorId, capacity: input.capacity })),
  events: supervisorProcedure.input(SubscribeInput).subscription(({ ctx, input, signal }) =>
    liveFeed({ desk: ctx.desk, audience: EVERYONE, lastEventId: input?.lastEventId, signal, socket: ctx.socket }),
  ),
});
