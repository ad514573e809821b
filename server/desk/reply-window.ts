// Channels whose provider takes free text only for a while after the customer's last message
// (WhatsApp's 24-hour customer-service window), and outside it only approved templates. The
// adapter says how long its window is and which templates it has (ChannelPort); here the desk
// checks an operator's reply against them before anything is stored. No kind is named here.
import { fillChannelTemplate } from '../../shared/channel-template';
import { outboundText } from '../../shared/text-rules';
import type { ChannelTemplate, Conversation, ReplyWindow } from '../../shared/schemas';
import type { OutboundTemplate } from '../channels/delivery';
import type { ChannelPort } from './channel-port';
import type { DeskContext } from './context';
import type { DirectoryRecords } from './directory-records';
import { DeskError } from './errors';

export class ReplyWindows {
  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
    private readonly port: Pick<ChannelPort, 'replyWindowMs' | 'templates' | 'limits'>,
  ) {}

  /** Where the conversation's window stands, with the channel's templates and what a reply may hold. */
  async state(conversation: Conversation): Promise<ReplyWindow> {
    const channel = this.records.channel(conversation.channelId);
    const windowMs = this.port.replyWindowMs(channel);
    const templates = this.port.templates(channel);
    const limits = this.port.limits(channel);
    const now = this.ctx.clock.now();
    if (windowMs === null) return { windowMs: null, closesAt: null, now, templates, limits };
    const { store } = this.ctx;
    const last = await store.get(store.q.lastCustomerMessageAt, { conversation_id: conversation.id });
    // PostgreSQL's max() of a bigint may come back as text.
    const lastAt = last?.at === null || last?.at === undefined ? null : Number(last.at);
    return { windowMs, closesAt: lastAt === null ? null : lastAt + windowMs, now, templates, limits };
  }

  /** Refuses free text (or files) once the window closed, naming when and what to do instead. */
  async assertFreeText(conversation: Conversation): Promise<void> {
    const window = await this.state(conversation);
    if (window.windowMs === null || (window.closesAt !== null && window.now < window.closesAt)) return;
    const kind = this.records.channel(conversation.channelId).adapter;
    const span = `the ${describeSpan(window.windowMs)} ${kind} reply window`;
    const instead = 'send one of the channel’s approved templates (/template in the console)';
    throw new DeskError(
      'BAD_REQUEST',
      window.closesAt === null
        ? `${span} is not open, since the customer has not written in this conversation: ${instead}`
        : `${span} closed at ${new Date(window.closesAt).toISOString()}: ${instead}`,
    );
  }

  /**
   * The approved template an operator named, filled with their parameters: the text to store and
   * what the adapter sends. Refuses a name the channel does not have or the wrong parameter count.
   */
  template(conversation: Conversation, input: { name: string; params: string[] }) {
    const channel = this.records.channel(conversation.channelId);
    const templates = this.port.templates(channel);
    const found: ChannelTemplate | undefined = templates.find((t) => t.name === input.name);
    if (!found) {
      throw new DeskError(
        'BAD_REQUEST',
        templates.length === 0
          ? `channel ${channel.id} has no approved templates: send text, or add them to the channel's settings`
          : `channel ${channel.id} has no approved template "${input.name}": it has ${templates.map((t) => t.name).join(', ')}`,
      );
    }
    if (input.params.length !== found.params) {
      throw new DeskError(
        'BAD_REQUEST',
        `template "${found.name}" takes ${found.params} parameter(s), not ${input.params.length}: give one for each {{n}}`,
      );
    }
    const params = input.params.map(outboundText);
    const outbound: OutboundTemplate = { name: found.name, lang: found.lang, params };
    return { text: fillChannelTemplate(found.text, params), outbound };
  }
}

/** "24-hour", or minutes for a window that is not whole hours. */
function describeSpan(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000}-hour` : `${Math.round(ms / 60_000)}-minute`;
}
