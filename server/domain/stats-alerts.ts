// Alert rules for supervisors. A condition raises one alert when it becomes true and stays
// quiet while it holds; it re-arms once the condition clears, so a tick every second does not
// repeat the same alert.
import { type Alert, type AlertKind, type AlertSeverity, formatDuration } from '../../shared/stats';
import type { OperatorRecord } from './stats-operators';
import type { OpenConversation } from './stats-scope';

export interface AlertRuleConfig {
  /** An operator with customers awaiting a reply who has sent nothing for this long. */
  silentAfterMs: number;
}

export interface QueueAlertView {
  id: string;
  name: string;
  waitingNearTarget: number;
}

/** Free space on the embedded store's data directory, as the server last measured it. */
export interface DiskAlertView {
  low: boolean;
  freeBytes: number | null;
}

type AlertSubject = Pick<Alert, 'queueId' | 'operatorId' | 'conversationId'>;

export class AlertRules {
  private readonly active = new Set<string>();
  private pending: Alert[] = [];
  private seq = 0;

  constructor(private readonly config: AlertRuleConfig) {}

  /** A first-response deadline passed: happens once per conversation and deadline. */
  breached(c: OpenConversation, queueName: string, at: number): void {
    this.pending.push(
      this.make(
        'sla_breach',
        'critical',
        at,
        { queueId: c.queueId, conversationId: c.id },
        `SLA breached in "${queueName}": conversation ${c.id} has no reply after ` + formatDuration(c.slaTargetMs),
      ),
    );
  }

  /** A call-back request waited unclaimed past its target (raised once per request by the desk). */
  callbackOverdue(
    c: { id: string; queueId: string; conversationId: string; phone: string },
    waitedMs: number,
    at: number,
  ): void {
    this.pending.push(
      this.make(
        'callback_overdue',
        'warning',
        at,
        { queueId: c.queueId, conversationId: c.conversationId },
        `Call-back ${c.id} to ${c.phone} unclaimed for ${formatDuration(waitedMs)}`,
      ),
    );
  }

  /** Issue 17 §2: a dialog went back to its queue because its operator sent nothing in time. */
  reassigned(
    f: { conversationId: string; operatorId: string; queueId: string },
    names: { operator: string; queue: string },
    at: number,
  ): void {
    this.pending.push(
      this.make(
        'no_reply_reassigned',
        'warning',
        at,
        { queueId: f.queueId, operatorId: f.operatorId, conversationId: f.conversationId },
        `↻ ${names.operator} sent no reply in time: conversation ${f.conversationId} went back to "${names.queue}"`,
      ),
    );
  }

  /** New alerts since the last call: pending breaches, then conditions that became true. */
  evaluate(
    now: number,
    queues: Iterable<QueueAlertView>,
    operators: Iterable<OperatorRecord>,
    conversations: ReadonlyMap<string, OpenConversation>,
    disk?: DiskAlertView,
  ): Alert[] {
    const out = this.pending;
    this.pending = [];
    // Raised while the desk refuses new messages and changes for lack of space (server/disk-guard.ts).
    this.latch(out, 'disk', disk?.low === true, () =>
      this.make(
        'disk_low',
        'critical',
        now,
        {},
        `disk space low on the data directory: ${Math.floor((disk?.freeBytes ?? 0) / (1024 * 1024))} MiB free; ` +
          'new messages and changes are refused until space is freed',
      ),
    );
    for (const q of queues) {
      this.latch(out, `queue:${q.id}`, q.waitingNearTarget > 0, () =>
        this.make(
          'queue_wait_near_target',
          'warning',
          now,
          { queueId: q.id },
          `Queue "${q.name}": ${q.waitingNearTarget} waiting near or past the SLA target`,
        ),
      );
    }
    for (const op of operators) {
      this.latch(out, `capacity:${op.id}`, op.load > op.capacity, () =>
        this.make(
          'operator_over_capacity',
          'warning',
          now,
          { operatorId: op.id },
          `${op.name} is over capacity: load ${op.load} of ${op.capacity}`,
        ),
      );
      const silentMs = silentFor(op, now, conversations);
      this.latch(out, `silent:${op.id}`, silentMs >= this.config.silentAfterMs, () =>
        this.make(
          'operator_silent',
          'warning',
          now,
          { operatorId: op.id },
          `${op.name} has sent nothing for ${formatDuration(silentMs)} ` + `while customers wait for a reply`,
        ),
      );
    }
    return out;
  }

  private latch(out: Alert[], key: string, condition: boolean, raise: () => Alert): void {
    if (!condition) {
      this.active.delete(key);
    } else if (!this.active.has(key)) {
      this.active.add(key);
      out.push(raise());
    }
  }

  private make(kind: AlertKind, severity: AlertSeverity, at: number, subject: AlertSubject, text: string): Alert {
    this.seq++;
    return { id: `${at}-${this.seq}`, at, kind, severity, ...subject, text };
  }
}

/**
 * How long an online operator has said nothing while a customer of theirs waits for a reply:
 * measured from the later of their last reply and the moment that wait began for them.
 */
function silentFor(op: OperatorRecord, now: number, conversations: ReadonlyMap<string, OpenConversation>): number {
  if (op.status === 'offline') return 0;
  let oldestWait = Infinity;
  for (const id of op.conversations) {
    const c = conversations.get(id);
    if (c?.awaitingReplySince == null || c.assignedAt === null) continue;
    oldestWait = Math.min(oldestWait, Math.max(c.awaitingReplySince, c.assignedAt));
  }
  if (oldestWait === Infinity) return 0;
  return Math.max(0, now - Math.max(oldestWait, op.lastActiveAt));
}
