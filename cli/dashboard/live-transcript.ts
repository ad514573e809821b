// What the dashboard's live view of one dialog holds (issue 18 §4): the dialog as it is now and
// its messages, kept from supervisor.follow's items. No blessed here, so it is tested as data.
import type { FollowItem } from '../../shared/monitor-schemas';
import type { Conversation, Message } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { transcriptLines } from './transcript-lines';

const line = (text: string | null | undefined, max = 40) => sanitizeLine(text ?? '', { maxLength: max });

export class LiveTranscript {
  conversation: Conversation | null = null;
  /** By id: a message may come both in the first item's transcript and in an event. */
  private readonly messages = new Map<string, Message>();
  /** What happened to the dialog besides messages (a take-over, the close), newest last. */
  readonly happenings: string[] = [];

  constructor(private readonly operatorName: (id: string) => string) {}

  apply(item: FollowItem): void {
    if (item.conversation) this.conversation = item.conversation;
    for (const m of item.messages ?? []) this.messages.set(m.id, m);
    for (const event of item.events) {
      switch (event.type) {
        case 'message.created':
          this.messages.set(event.message.id, event.message);
          break;
        case 'message.delivery': {
          const m = this.messages.get(event.messageId);
          if (m) this.messages.set(m.id, { ...m, delivery: event.delivery });
          break;
        }
        case 'conversation.assigned':
        case 'conversation.updated':
          this.conversation = event.conversation;
          break;
        case 'conversation.takenOver':
          this.happenings.push(`taken over by ${line(this.operatorName(event.operatorId))}`);
          break;
        case 'conversation.reassigned':
          this.happenings.push('no reply in time: back to its queue');
          break;
        case 'callback.requested':
          this.happenings.push('call-back requested');
          break;
        case 'conversation.rated':
          this.happenings.push(`rated ${event.score}/5`);
          break;
        // The dialog's state comes with conversation.updated; the rest is about no one dialog.
        case 'conversation.removed':
        case 'conversation.typing':
        case 'customer.merged':
        case 'callback.changed':
        case 'callback.overdue':
        case 'operator.updated':
        case 'template.changed':
        case 'template.deleted':
          break;
      }
    }
  }

  /** The transcript, oldest first, as terminal-safe lines. */
  lines(): string[] {
    const ordered = [...this.messages.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    return transcriptLines(ordered);
  }

  /** Who the customer is, who holds the dialog, and its state, for the view's title. */
  title(): string {
    const c = this.conversation;
    const last = this.happenings.at(-1);
    const now = last ? ` · ${last}` : '';
    if (!c) return `connecting…${now}`;
    const who = line(c.customerName ?? c.contactId, 30);
    const name = (id: string) => line(this.operatorName(id), 24);
    if (c.status === 'resolved')
      return `${who} · CLOSED${c.lastOperatorId ? ` · last with ${name(c.lastOperatorId)}` : ''}${now}`;
    const holder = c.operatorId ? name(c.operatorId) : 'waiting in queue';
    return `${who} · ${holder} · ${c.status}${now}`;
  }
}
