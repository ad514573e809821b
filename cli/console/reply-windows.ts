// Reply windows of the console's dialogs: for a channel that takes free text only for a while
// after the customer's last message (WhatsApp's 24 hours), how long is left, and the channel's
// approved templates for when it has closed. Asked of the server when a dialog is opened and when
// its customer writes again; counted down here from the server's own "now", so the console's
// clock need not agree with the server's.
import { channelName } from '../../shared/channel-kinds';
import type { ChannelLimits, ChannelTemplate, Lang, ReplyWindow } from '../../shared/schemas';
import type { ConsoleClient } from './console-client';

interface Known {
  answer: ReplyWindow;
  /** This console's clock when the answer came. */
  fetchedAt: number;
}

export class ReplyWindows {
  private readonly known = new Map<string, Known>();
  /** The last customer message each answer was asked after, so it is asked again only when one comes. */
  private readonly askedAfter = new Map<string, string | null>();

  constructor(
    private readonly client: Pick<ConsoleClient, 'replyWindow'>,
    private readonly changed: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks again when the dialog's last customer message is not the one the answer knew. */
  refresh(conversationId: string, lastCustomerMessageId: string | null): void {
    if (!this.client.replyWindow) return;
    if (this.askedAfter.has(conversationId) && this.askedAfter.get(conversationId) === lastCustomerMessageId) return;
    this.askedAfter.set(conversationId, lastCustomerMessageId);
    this.client.replyWindow(conversationId).then(
      (answer) => {
        this.known.set(conversationId, { answer, fetchedAt: this.now() });
        this.changed();
      },
      // A server without the call, or a dialog no longer ours: no line, as for a channel without a window.
      () => undefined,
    );
  }

  /** Milliseconds of free text left (0 once closed); null: no window on this dialog's channel, or not known yet. */
  left(conversationId: string): number | null {
    const known = this.known.get(conversationId);
    if (!known || known.answer.windowMs === null) return null;
    const { closesAt, now } = known.answer;
    if (closesAt === null) return 0;
    return Math.max(0, closesAt - now - (this.now() - known.fetchedAt));
  }

  closed(conversationId: string): boolean {
    return this.left(conversationId) === 0;
  }

  /** What a reply on the dialog's channel may hold (the server's numbers); null until known. */
  limits(conversationId: string): ChannelLimits | null {
    return this.known.get(conversationId)?.answer.limits ?? null;
  }

  templates(conversationId: string): ChannelTemplate[] {
    return this.known.get(conversationId)?.answer.templates ?? [];
  }

  /** "WhatsApp window: 3h 12m" / "окно WhatsApp: 3 ч 12 мин", or that it closed; null without a window. */
  label(conversationId: string, kind: string | undefined, lang: Lang): string | null {
    const left = this.left(conversationId);
    if (left === null) return null;
    const name = channelName(kind);
    if (left === 0)
      return lang === 'ru'
        ? `окно ${name} закрыто: только шаблоны (/template)`
        : `${name} window closed: templates only (/template)`;
    const minutes = Math.ceil(left / 60_000);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return lang === 'ru' ? `окно ${name}: ${h} ч ${m} мин` : `${name} window: ${h}h ${m}m`;
  }
}
