// Today's figures for one operator: status and time in each status, load, handled dialogs,
// handle time and answer time (assignment to first reply), ratings. Counters reset lazily at local midnight.
import type { OperatorStatus } from '../../shared/schemas';
import type { OperatorStats } from '../../shared/stats';
import { ratingStats } from './stats-scope';

export class OperatorRecord {
  name: string;
  status: OperatorStatus = 'offline';
  capacity = 0;
  load = 0;
  /** Open conversations assigned to this operator. */
  readonly conversations = new Set<string>();
  /** Last reply to a customer, or when the operator came online: the base of "silent". */
  lastActiveAt: number;
  private day: number;
  private statusSince: number;
  private timeInStatus = { available: 0, away: 0, offline: 0 };
  private handled = 0;
  private handleSum = 0;
  private handleCount = 0;
  private answerSum = 0;
  private answerCount = 0;
  private ratings = [0, 0, 0, 0, 0];

  constructor(
    readonly id: string,
    at: number,
    dayStart: number,
  ) {
    this.name = id;
    this.lastActiveAt = at;
    this.statusSince = at;
    this.day = dayStart;
  }

  setStatus(status: OperatorStatus, at: number, dayStart: number): void {
    this.rollDay(dayStart);
    if (status === this.status) return;
    this.accrue(at);
    if (this.status === 'offline') this.lastActiveAt = Math.max(this.lastActiveAt, at);
    this.status = status;
  }

  replied(at: number): void {
    this.lastActiveAt = Math.max(this.lastActiveAt, at);
  }

  /** Facts stamped before the current day count for no day the snapshot shows. */
  resolved(handleMs: number | null, dayStart: number): void {
    if (!this.rollDay(dayStart)) return;
    this.handled++;
    if (handleMs === null) return;
    this.handleSum += handleMs;
    this.handleCount++;
  }

  /** This operator's first reply in a dialog, `ms` after it was assigned to them. */
  answered(ms: number, dayStart: number): void {
    if (!this.rollDay(dayStart)) return;
    this.answerSum += ms;
    this.answerCount++;
  }

  rated(score: number, dayStart: number): void {
    if (this.rollDay(dayStart)) this.ratings[score - 1]++;
  }

  toStats(now: number, dayStart: number): OperatorStats {
    this.rollDay(dayStart);
    const timeInStatusMs = { ...this.timeInStatus };
    timeInStatusMs[this.status] += Math.max(0, now - Math.max(this.statusSince, this.day));
    return {
      operatorId: this.id,
      name: this.name,
      status: this.status,
      capacity: this.capacity,
      load: this.load,
      assigned: this.conversations.size,
      handled: this.handled,
      avgHandleTimeMs: this.handleCount === 0 ? null : this.handleSum / this.handleCount,
      avgAnswerTimeMs: this.answerCount === 0 ? null : this.answerSum / this.answerCount,
      timeInStatusMs,
      ratings: ratingStats(this.ratings),
    };
  }

  private accrue(until: number): void {
    const from = Math.max(this.statusSince, this.day);
    if (until > from) this.timeInStatus[this.status] += until - from;
    this.statusSince = Math.max(this.statusSince, until);
  }

  /** Starts a new day if `dayStart` is later; false when the fact belongs to an earlier day. */
  private rollDay(dayStart: number): boolean {
    if (dayStart < this.day) return false;
    if (dayStart > this.day) {
      this.day = dayStart;
      this.timeInStatus = { available: 0, away: 0, offline: 0 };
      this.handled = this.handleSum = this.handleCount = 0;
      this.answerSum = this.answerCount = 0;
      this.ratings = [0, 0, 0, 0, 0];
    }
    return true;
  }
}
