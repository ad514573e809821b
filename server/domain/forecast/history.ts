// What the forecast reads from a channel's stored conversations: arrival times, handle times at
// the concurrency worked, abandonment and customers' patience, and how long operators take to
// write their first reply once a dialog is theirs. Definitions follow the desk's reports
// (server/domain/report.ts): abandoned = resolved with no operator reply, of a dialog the
// customer started (the desk's own outbound dialogs are not arrivals and are left out).
import { fitHandleTime, measureDialogs, type HandleTimeModel, type HeldDialog, type WorkedDialog } from './handle-time';

export interface HistoryConversation {
  channelId: string;
  /** The operator who held it last (null when nobody did). */
  operatorId: string | null;
  status: string;
  createdAt: number;
  assignedAt: number | null;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  /** Started by the desk: not an arrival, though its operator's time counts. */
  outbound: boolean;
}

export interface ChannelHistory {
  /** When inbound dialogs arrived (epoch ms), oldest first. */
  arrivals: number[];
  handle: HandleTimeModel;
  /** Abandoned over resolved inbound dialogs; null with nothing resolved. */
  abandonmentRate: number | null;
  abandoned: number;
  /** Mean patience, seconds: abandonments over the time all customers spent waiting (MLE for an exponential patience). */
  patienceSeconds: number | null;
  /** Median seconds from assignment to the first reply: part of the answer time Erlang does not see. */
  replySeconds: number;
  /** Inbound dialogs not yet answered: a deferred channel's backlog. */
  waiting: number;
}

/** Every channel's history from conversations of all channels (one pass to split, then per channel). */
export function channelHistories(rows: readonly HistoryConversation[]): Map<string, ChannelHistory> {
  const byChannel = new Map<string, HistoryConversation[]>();
  for (const r of rows) {
    const list = byChannel.get(r.channelId);
    if (list) list.push(r);
    else byChannel.set(r.channelId, [r]);
  }
  // Concurrency is an operator's across every channel: measure it over all dialogs at once.
  const held: (HeldDialog & { channelId: string })[] = [];
  for (const r of rows) {
    if (r.operatorId !== null && r.assignedAt !== null && r.resolvedAt !== null && r.status === 'resolved') {
      held.push({
        operatorId: r.operatorId,
        assignedAt: r.assignedAt,
        resolvedAt: r.resolvedAt,
        channelId: r.channelId,
      });
    }
  }
  const worked = measureDialogs(held);
  const workedByChannel = new Map<string, WorkedDialog[]>();
  held.forEach((d, i) => {
    const w = worked[i];
    if (!w) return;
    const list = workedByChannel.get(d.channelId);
    if (list) list.push(w);
    else workedByChannel.set(d.channelId, [w]);
  });
  const out = new Map<string, ChannelHistory>();
  for (const [channelId, list] of byChannel) out.set(channelId, summarise(list, workedByChannel.get(channelId) ?? []));
  return out;
}

function summarise(rows: readonly HistoryConversation[], worked: readonly WorkedDialog[]): ChannelHistory {
  const arrivals: number[] = [];
  const replies: number[] = [];
  let resolved = 0;
  let abandoned = 0;
  let waitedSeconds = 0;
  let waiting = 0;
  for (const r of rows) {
    if (r.outbound) continue;
    arrivals.push(r.createdAt);
    if (r.firstResponseAt !== null) {
      waitedSeconds += Math.max(0, r.firstResponseAt - r.createdAt) / 1000;
      if (r.assignedAt !== null && r.firstResponseAt >= r.assignedAt)
        replies.push((r.firstResponseAt - r.assignedAt) / 1000);
    } else if (r.status === 'resolved' && r.resolvedAt !== null) {
      waitedSeconds += Math.max(0, r.resolvedAt - r.createdAt) / 1000;
    } else if (r.status !== 'resolved') {
      waiting++;
    }
    if (r.status !== 'resolved' || r.resolvedAt === null) continue;
    resolved++;
    if (r.firstResponseAt === null) abandoned++;
  }
  arrivals.sort((a, b) => a - b);
  replies.sort((a, b) => a - b);
  return {
    arrivals,
    handle: fitHandleTime(worked),
    abandonmentRate: resolved === 0 ? null : abandoned / resolved,
    abandoned,
    patienceSeconds: abandoned === 0 || waitedSeconds === 0 ? null : waitedSeconds / abandoned,
    replySeconds: replies.length === 0 ? 0 : replies[Math.floor((replies.length - 1) / 2)],
    waiting,
  };
}
