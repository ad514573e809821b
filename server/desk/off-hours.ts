// What business hours change for a customer's message (issue 17 §1): the off-hours notice, told
// once per conversation per closed period, and an SLA deadline counted in business time when
// the channel says so. The desk's inbound path asks these; the rules themselves are here.
import type { Conversation, Lang } from '../../shared/schemas';
import type { Bot } from '../domain/bot';
import { openingWords } from '../domain/opening-text';
import type { Calendars } from './calendars';
import type { ChannelRecord } from './mappers';
import type { Directory } from './directory';

/** The language the bot speaks to a conversation's customer: their own when their channel told it, else the channel's. */
export function customerLang(
  directory: Pick<Directory, 'channel'>,
  conversation: Pick<Conversation, 'channelId' | 'lang'>,
): Lang {
  return conversation.lang ?? directory.channel(conversation.channelId).lang;
}

/** How an SLA allowance becomes a deadline: in the queue's open hours when the channel counts business time. */
export function slaDeadline(
  calendars: Calendars,
  directory: Pick<Directory, 'queues'>,
  channel: Pick<ChannelRecord, 'slaClock'>,
  queueId: string,
): ((from: number, ms: number) => number) | undefined {
  if (channel.slaClock !== 'business') return undefined;
  const queue = directory.queues.get(queueId);
  const hours = queue ? calendars.of(queue) : null;
  // A calendar that never opens would put the deadline nowhere: the wall clock is the honest fallback.
  return hours ? (from, ms) => hours.addBusinessTime(from, ms) ?? from + ms : undefined;
}

/**
 * The off-hours notice a waiting conversation's customer is owed at `at`, and the conversation
 * marked as told until the queue opens; null when its queue is open, routes anyway, the customer
 * was told already in this closed period, or an operator has the conversation.
 */
export function offHoursNotice(
  calendars: Calendars,
  directory: Pick<Directory, 'queues' | 'channel'>,
  bot: Bot,
  conversation: Conversation,
  at: number,
): { conversation: Conversation; text: string } | null {
  if (conversation.status !== 'queued') return null;
  if (conversation.offHoursUntil !== undefined && at < conversation.offHoursUntil) return null;
  const queue = directory.queues.get(conversation.queueId);
  if (!queue || !calendars.holds(queue, at)) return null;
  const hours = calendars.of(queue)!;
  const opensAt = hours.nextOpening(at);
  if (opensAt === null) return null;
  const lang = customerLang(directory, conversation);
  const text = bot.say(lang, 'offHours', { ...openingWords(opensAt, hours.zone, lang, at) });
  return { conversation: { ...conversation, offHoursUntil: opensAt }, text };
}

/**
 * Report rows with their first-response deadline in business time where their channel counts
 * business time now, so a report's service level judges them as the live SLA did.
 */
export function withBusinessDeadlines<
  R extends {
    channelId: string;
    queueId: string;
    createdAt: number;
    slaFirstResponseMs: number;
    outbound?: boolean;
    customerFirstAt?: number | null;
  },
>(
  desk: { calendars: Calendars; directory: Pick<Directory, 'queues' | 'channels'> },
  rows: R[],
): Array<R & { firstResponseDueAt?: number }> {
  return rows.map((row) => {
    const channel = desk.directory.channels.get(row.channelId);
    const deadline = channel && slaDeadline(desk.calendars, desk.directory, channel, row.queueId);
    // A conversation the desk started owes its first response from the customer's first message.
    const startedAt = row.outbound ? row.customerFirstAt : row.createdAt;
    return deadline && startedAt != null
      ? { ...row, firstResponseDueAt: deadline(startedAt, row.slaFirstResponseMs) }
      : row;
  });
}
