// What the desk needs from the channels, without knowing any kind: whether a channel's messages
// go through the durable outbox, and whether a kind's settings and credentials fit it. The
// registry of adapters (server/channels/registry.ts) implements it; tests may pass another.
import type { ChannelLimits, ChannelTemplate } from '../../shared/schemas';
import type { StartAddress, StartsConversations } from '../channels/adapter';
import type { ChannelRecord } from './mappers';

export interface ChannelPort {
  usesOutbox(channel: ChannelRecord): boolean;
  /** The longest text the channel's provider carries in one message; null: no limit of its own. */
  maxTextLength(channel: ChannelRecord): number | null;
  /** Whether the channel's kind delivers files with a message (its `attachments` capability). */
  carriesAttachments(channel: ChannelRecord): boolean;
  /** What one reply on the channel may hold, for the console's composer to count against. */
  limits(channel: ChannelRecord): ChannelLimits;
  /** Whether the bot's chat notices reach the customer (not by e-mail). */
  carriesNotices(channel: ChannelRecord): boolean;
  /** Whether the customer can be shown that the operator is typing (its `typing` capability). */
  showsTyping(channel: ChannelRecord): boolean;
  /** Whether the customer can be shown that the operator has read their messages. */
  showsReadReceipts(channel: ChannelRecord): boolean;
  /** How long after the customer's last message the channel takes free text; null: no such window. */
  replyWindowMs(channel: ChannelRecord): number | null;
  /** The provider-approved templates the channel may send; empty for a kind without them. */
  templates(channel: ChannelRecord): ChannelTemplate[];
  /** Whether the desk may write first on the channel, and to whom (its `startsConversations` capability). */
  startsConversations(channel: ChannelRecord): StartsConversations;
  /** A typed address as the contact id the channel's inbound messages carry, or why it is none. */
  startAddress(channel: ChannelRecord, address: string): StartAddress;
  /** The settings and credentials as the kind's schemas parsed them; a DeskError naming the field otherwise. */
  configure(
    kind: string,
    settings: unknown,
    credentials: unknown,
  ): { settings: object; credentials: Record<string, string> };
  /** After a channel was added, changed or deleted (committed), for its kind to act on; never throws. */
  channelChanged(kind: string, channelId: string, channel: ChannelRecord | undefined): Promise<void>;
  probe(
    channel: ChannelRecord,
    signal: AbortSignal,
  ): Promise<{ probed: boolean; ok: boolean; status?: number; detail: string }>;
}
