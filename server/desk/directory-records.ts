// The operators and channels the desk holds in memory, with their look-ups. Apart from the
// Directory that manages them because the conversation book reads them too (a channel's
// language and webhook, an operator's name), and the Directory needs the book to carry out
// assignments: both are handed these records, which are built first.
import { DeskError } from './errors';
import type { Queue } from '../../shared/schemas';
import type { TimerSettings } from '../domain/reply-timers';
import type { ChannelRecord, OperatorRecord } from './mappers';

export class DirectoryRecords {
  readonly operators = new Map<string, OperatorRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Queues too: the book reads a queue's no-reply time (issue 17). */
  readonly queues = new Map<string, Queue>();
  /** Deleted channels, for the medium and language of the conversations that came through them. */
  readonly formerChannels = new Map<string, ChannelRecord>();

  operator(id: string): OperatorRecord {
    const operator = this.operators.get(id);
    if (!operator) throw new DeskError('NOT_FOUND', `operator ${id} does not exist`);
    return operator;
  }

  /** A live channel, or a deleted one that history still names. */
  channel(id: string): ChannelRecord {
    const channel = this.channels.get(id) ?? this.formerChannels.get(id);
    if (!channel) throw new DeskError('NOT_FOUND', `channel ${id} does not exist`);
    return channel;
  }

  /** The timers of a dialog in this queue through this channel (issue 17); a setting gone is off. */
  timerSettings(queueId: string, channelId: string): TimerSettings {
    const channel = this.channels.get(channelId) ?? this.formerChannels.get(channelId);
    return {
      noReplyMs: this.queues.get(queueId)?.noReplyMs ?? null,
      idleAskMs: channel?.idleAskMs ?? null,
      idleCloseMs: channel?.idleCloseMs ?? null,
    };
  }
}
