// Administration: operators, queues, channels and templates.
import {
  ChannelRef,
  CreateChannelInput,
  CreateOperatorInput,
  CreateQueueInput,
  CreateTemplateInput,
  DeleteByIdInput,
  DeleteOperatorInput,
  DeleteQueueInput,
  LoginInput,
  UpdateChannelInput,
  UpdateOperatorInput,
  UpdateQueueInput,
} from '../../shared/schemas';
import { CalendarInput, CalendarRef } from '../../shared/calendar-schemas';
import type { Desk } from '../desk/desk';
import { adminProcedure, router } from './trpc';
import { kbAdminProcedures } from './kb';

export const adminRouter = router({
  ...kbAdminProcedures,
  createOperator: adminProcedure
    .input(CreateOperatorInput)
    .mutation(({ ctx, input }) => ctx.desk.directory.createOperator(input)),
  /** A new password ends the operator's other sessions; the admin's own session making the change stays. */
  updateOperator: adminProcedure.input(UpdateOperatorInput).mutation(async ({ ctx, input }) => {
    const updated = await ctx.desk.directory.updateOperator(input);
    if (input.password) await ctx.desk.sessions.endSessionsOf(input.id, ctx.token);
    return updated;
  }),
  /** Lets a login try again at once from everywhere (textdesk admin operator unlock LOGIN). */
  resetLoginThrottle: adminProcedure.input(LoginInput.pick({ login: true })).mutation(({ ctx, input }) => {
    ctx.desk.sessions.throttle.reset(input.login);
    ctx.desk.ctx.log.info({ login: input.login, by: ctx.actor.login }, 'login throttle reset');
    return { ok: true };
  }),
  listOperators: adminProcedure.query(({ ctx }) => ctx.desk.directory.listOperators()),
  /** Ends their sessions and returns their open conversations to the queue; history keeps their name. */
  deleteOperator: adminProcedure
    .input(DeleteOperatorInput)
    .mutation(({ ctx, input }) => ctx.desk.directory.deleteOperator(input.id, ctx.desk.book)),
  /** A deleted queue's id brings that queue back. */
  createQueue: adminProcedure.input(CreateQueueInput).mutation(({ ctx, input }) => ctx.desk.directory.addQueue(input)),
  updateQueue: adminProcedure
    .input(UpdateQueueInput)
    .mutation(({ ctx, input }) => ctx.desk.directory.updateQueue(input)),
  /** Refused (CONFLICT) while a channel sends conversations to the queue or one is open in it. */
  deleteQueue: adminProcedure
    .input(DeleteQueueInput)
    .mutation(({ ctx, input }) => ctx.desk.directory.deleteQueue(input.id, ctx.desk.book)),
  listQueues: adminProcedure.query(({ ctx }) => ctx.desk.directory.listQueues()),
  /** Business hours (issue 17 §1): a calendar's queues open or close at once by the new hours. */
  createCalendar: adminProcedure.input(CalendarInput).mutation(async ({ ctx, input }) => {
    await ctx.desk.calendars.save(input, 'add');
    return calendarView(ctx.desk, input.id);
  }),
  /** Replaces the calendar whole: week and exceptions as given. */
  updateCalendar: adminProcedure.input(CalendarInput).mutation(async ({ ctx, input }) => {
    await ctx.desk.calendars.save(input, 'set');
    return calendarView(ctx.desk, input.id);
  }),
  listCalendars: adminProcedure.query(({ ctx }) => ctx.desk.calendars.list(ctx.desk.directory.listQueues())),
  /** Refused (CONFLICT) while a queue keeps the calendar. */
  deleteCalendar: adminProcedure.input(CalendarRef).mutation(async ({ ctx, input }) => {
    await ctx.desk.calendars.delete(input.id, ctx.desk.directory.listQueues());
    return { id: input.id, deleted: true };
  }),
  /** The secret is shown only here, once: the channel's integration signs and authenticates with it. */
  createChannel: adminProcedure.input(CreateChannelInput).mutation(({ ctx, input }) => ctx.desk.channels.create(input)),
  /** Takes effect on the running server: the next message in or out uses the new settings. */
  updateChannel: adminProcedure.input(UpdateChannelInput).mutation(({ ctx, input }) => ctx.desk.channels.update(input)),
  /** Refused (CONFLICT) while open conversations came through the channel. */
  deleteChannel: adminProcedure
    .input(ChannelRef)
    .mutation(({ ctx, input }) => ctx.desk.channels.delete(input.id, ctx.desk.book)),
  /** Secrets masked: they are shown only when the channel is created. */
  listChannels: adminProcedure.query(({ ctx }) => ctx.desk.channels.list()),
  /** Sends a probe through the channel's adapter and reports what the provider answered. */
  testChannel: adminProcedure.input(ChannelRef).mutation(({ ctx, input }) => ctx.desk.channels.probe(input.id)),
  createTemplate: adminProcedure
    .input(CreateTemplateInput)
    .mutation(({ ctx, input }) => ctx.desk.templates.create(input)),
  listTemplates: adminProcedure.query(({ ctx }) => ctx.desk.templates.list()),
  deleteTemplate: adminProcedure.input(DeleteByIdInput).mutation(async ({ ctx, input }) => {
    await ctx.desk.templates.delete(input.id);
    return { ok: true };
  }),
});

function calendarView(desk: Desk, id: string) {
  return desk.calendars.list(desk.directory.listQueues()).find((c) => c.id === id)!;
}
