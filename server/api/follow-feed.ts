// A supervisor follows one open dialog live (issue 18 §4): the first item carries the dialog and
// its newest messages, then every event about it as the supervisors' feed carries it. Built on
// the supervisors' live feed, so it resumes by id, is cut off when its socket backs up, and keeps
// its rights only while they last (the supervisor procedure guards every item).
import { tracked, TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import { FOLLOW_MESSAGES, type FollowItem } from '../../shared/monitor-schemas';
import type { DeskEvent } from '../../shared/schemas';
import type { Desk } from '../desk/desk';
import { messageFromRow } from '../desk/mappers';
import { EVERYONE } from '../events/bus';
import { liveFeed } from './live-feed';

/** The dialog an event is about, or null for events about no one dialog (operators, templates). */
export function conversationOfEvent(event: DeskEvent): string | null {
  switch (event.type) {
    case 'conversation.assigned':
    case 'conversation.updated':
      return event.conversation.id;
    case 'message.created':
      return event.message.conversationId;
    case 'callback.changed':
    case 'callback.overdue':
      return event.callback.conversationId;
    case 'customer.merged':
    case 'operator.updated':
    case 'template.changed':
    case 'template.deleted':
      return null;
    case 'callback.requested':
    case 'conversation.rated':
    case 'conversation.reassigned':
    case 'conversation.removed':
    case 'conversation.takenOver':
    case 'conversation.typing':
    case 'message.delivery':
      return event.conversationId;
  }
}

export async function* followFeed(opts: {
  desk: Desk;
  conversationId: string;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
  socket: WebSocket | null;
}) {
  const { desk, conversationId, signal, socket } = opts;
  let resumeFrom = opts.lastEventId;
  if (!resumeFrom) {
    const conversation = desk.book.get(conversationId);
    if (!conversation)
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: `conversation ${conversationId} is not open: only open dialogs are followed live (read a closed one's transcript)`,
      });
    // The events from here on follow; a message committed while the transcript is read comes in
    // both, and the client keeps it once.
    resumeFrom = String(desk.ctx.bus.lastSeq);
    const { store } = desk.ctx;
    const rows = await store.all(store.q.messagesOfConversation, {
      conversation_id: conversationId,
      limit: FOLLOW_MESSAGES,
    });
    yield tracked(resumeFrom, {
      conversation,
      messages: rows.reverse().map(messageFromRow),
      events: [],
    } satisfies FollowItem);
  }
  const feed = liveFeed({
    desk,
    audience: EVERYONE,
    lastEventId: resumeFrom,
    signal,
    socket,
    keep: (published) => conversationOfEvent(published.event) === conversationId,
  });
  for await (const [id, events] of feed) yield tracked(id, { events } satisfies FollowItem);
}
