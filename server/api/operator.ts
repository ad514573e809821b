// What an operator's console calls: its own dialogs, transcripts, replies and status, and the
// live feed of its events. Supervisors may use these on any conversation.
import {
  CallbackInput,
  RetryDeliveryInput,
  ConversationRef,
  DeleteByIdInput,
  HoldInput,
  MarkReadInput,
  MessagesInput,
  ResolveInput,
  SendMessageInput,
  SearchCustomersInput,
  StartConversationInput,
  UploadInput,
  AttachmentInput,
  SetStatusInput,
  SubscribeInput,
  TransferInput,
} from '../../shared/schemas';
import { CustomerOfConversationInput, MergeCustomersInput } from '../../shared/customer-schemas';
import { queueStatsLine } from '../desk/stats-service';
import { usedOutcomes } from '../store/report-queries';
import { liveFeed } from './live-feed';
import { statsFeed } from './stats-feed';
import { authedProcedure, router } from './trpc';

export const operatorRouter = router({
  snapshot: authedProcedure.query(({ ctx }) => ({
    operator: ctx.desk.directory.operatorView(ctx.actor),
    ...ctx.desk.snapshotFor(ctx.actor.id),
  })),
  messages: authedProcedure
    .input(MessagesInput)
    .query(({ ctx, input }) => ctx.desk.actions.messages(ctx.actor, input.conversationId, input.limit, input.before)),
  customer: authedProcedure
    .input(ConversationRef)
    .query(({ ctx, input }) => ctx.desk.actions.customer(ctx.actor, input.conversationId)),
  /** The identities and merges of the customer behind a conversation the actor may read (issue 18 §1). */
  customerIdentities: authedProcedure
    .input(CustomerOfConversationInput)
    .query(({ ctx, input }) => ctx.desk.actions.customerIdentities(ctx.actor, input.conversationId)),
  /**
   * Issue 18 §1: the customer `customerId` joins the customer of a dialog the operator holds now
   * (supervisors: any open dialog). Undone by supervisor.unmergeCustomers.
   */
  mergeCustomers: authedProcedure.input(MergeCustomersInput).mutation(async ({ ctx, input }) => ({
    merge: await ctx.desk.merges.mergeIntoConversation(ctx.actor, input.conversationId, input.customerId),
  })),
  /** A file, or one part of a larger one, sent ahead of the message that carries it (`send` with its ref). */
  upload: authedProcedure.input(UploadInput).mutation(({ ctx, input }) => ctx.desk.actions.upload(ctx.actor, input)),
  /** Part of a message's file (base64, from `offset`): call again from offset + size until `done`. */
  attachment: authedProcedure
    .input(AttachmentInput)
    .query(({ ctx, input }) => ctx.desk.actions.attachment(ctx.actor, input)),
  /** The conversation's reply window (when free text stops) and its channel's approved templates. */
  replyWindow: authedProcedure
    .input(ConversationRef)
    .query(({ ctx, input }) => ctx.desk.actions.replyWindow(ctx.actor, input.conversationId)),
  /** Conversations the desk starts (issue 16): the channels, and starting one (the starter holds it). */
  startableChannels: authedProcedure.query(({ ctx }) => ctx.desk.starts.channels()),
  /** Customers to start a conversation with, by part of a name, e-mail or phone: any operator may, as /new needs. */
  searchCustomers: authedProcedure
    .input(SearchCustomersInput)
    .query(({ ctx, input }) => ctx.desk.starts.searchCustomers(input.query, input.limit)),
  startConversation: authedProcedure
    .input(StartConversationInput)
    .mutation(({ ctx, input }) => ctx.desk.starts.start(ctx.actor, input, { take: 'self' })),
  send: authedProcedure.input(SendMessageInput).mutation(({ ctx, input }) => ctx.desk.actions.send(ctx.actor, input)),
  /**
   * The operator types in the dialog's composer: the customer sees it where the channel can show
   * it (`shown`). Consoles call it without waiting, at most every few seconds per dialog.
   */
  typing: authedProcedure
    .input(ConversationRef)
    .mutation(({ ctx, input }) => ctx.desk.signals.operatorTyping(ctx.actor, input.conversationId)),
  /** The operator has seen the dialog up to a message of it: stored, and shown to the customer (read receipts). */
  markRead: authedProcedure
    .input(MarkReadInput)
    .mutation(({ ctx, input }) => ctx.desk.signals.operatorRead(ctx.actor, input.conversationId, input.upTo)),
  resolve: authedProcedure.input(ResolveInput).mutation(({ ctx, input }) => ctx.desk.actions.resolve(ctx.actor, input)),
  /** Pauses (on) or resumes the idle close of one dialog (issue 17 §3, the console's /hold). */
  hold: authedProcedure.input(HoldInput).mutation(({ ctx, input }) => ctx.desk.actions.hold(ctx.actor, input)),
  transfer: authedProcedure
    .input(TransferInput)
    .mutation(({ ctx, input }) => ctx.desk.actions.transfer(ctx.actor, input)),
  retryDelivery: authedProcedure
    .input(RetryDeliveryInput)
    .mutation(({ ctx, input }) => ctx.desk.actions.retryDelivery(ctx.actor, input)),
  requestCallback: authedProcedure.input(CallbackInput).mutation(async ({ ctx, input }) => {
    const callback = await ctx.desk.actions.requestCallback(ctx.actor, input);
    return { ok: true, callbackId: callback.id };
  }),
  setStatus: authedProcedure
    .input(SetStatusInput)
    .mutation(({ ctx, input }) => ctx.desk.directory.setOperatorStatus(ctx.actor.id, input.status)),
  templates: authedProcedure.query(({ ctx }) => ctx.desk.templates.list()),
  /** Outcomes dialogs were resolved with before, the most used first (the resolve form offers them). */
  outcomes: authedProcedure.query(({ ctx }) => usedOutcomes(ctx.desk.ctx.store)),
  templateUsed: authedProcedure.input(DeleteByIdInput).mutation(async ({ ctx, input }) => {
    await ctx.desk.templates.countUse(input.id);
    return { ok: true };
  }),
  /** Transfer targets. */
  queues: authedProcedure.query(({ ctx }) => ctx.desk.directory.listQueues()),
  colleagues: authedProcedure.query(({ ctx }) =>
    ctx.desk.directory
      .listOperators()
      .map(({ id, login, name, status, load, capacity }) => ({ id, login, name, status, load, capacity })),
  ),
  /** Waiting and longest wait per queue, about once a second, for the console's status line. */
  queueStats: authedProcedure.subscription(({ ctx, signal }) => {
    const { stats } = ctx;
    return statsFeed({
      stats,
      first: () => ({ snapshot: stats.current(), alerts: [] }),
      map: (tick) => queueStatsLine(tick.snapshot),
      signal,
      socket: ctx.socket,
    });
  }),
  events: authedProcedure
    .input(SubscribeInput)
    .subscription(({ ctx, input, signal }) =>
      liveFeed({ desk: ctx.desk, audience: ctx.actor.id, lastEventId: input?.lastEventId, signal, socket: ctx.socket }),
    ),
});
