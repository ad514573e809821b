// Exactly-once accounting for one direction of traffic (customer → operator, or operator →
// customer). Ids are handed out sequentially from 0, so one byte per id holds its state: whether
// the server accepted or refused it, and how many times it was delivered (saturating).

export interface LedgerCounts {
  /** Messages handed to the server. */
  sent: number;
  /** Acknowledged as stored (202, web chat ack, mutation result). */
  accepted: number;
  /** Refused with an error (and so not expected to arrive). */
  rejected: number;
  /** Neither accepted nor refused yet (or never answered). */
  unanswered: number;
  /** Distinct messages delivered at least once. */
  delivered: number;
  /** Accepted or unanswered, yet never delivered. */
  lost: number;
  /** Extra deliveries of a message already delivered. */
  duplicates: number;
  /** Deliveries carrying an id this run never sent. */
  unknown: number;
}

const ACCEPTED = 1;
const REJECTED = 2;
const DELIVERED_SHIFT = 2;
const MAX_DELIVERED = 63;

export class MessageLedger {
  private state = new Uint8Array(1 << 12);
  private sent = 0;
  private accepted = 0;
  private rejected = 0;
  private delivered = 0;
  private deliveredAfterReject = 0;
  private duplicates = 0;
  private unknown = 0;

  /** Reserves the id of the next message. */
  nextId(): number {
    if (this.sent === this.state.length) {
      const grown = new Uint8Array(this.state.length * 2);
      grown.set(this.state);
      this.state = grown;
    }
    return this.sent++;
  }

  accept(id: number): void {
    if (id < 0 || id >= this.sent || this.state[id] & (ACCEPTED | REJECTED)) return;
    this.state[id] |= ACCEPTED;
    this.accepted++;
  }

  reject(id: number): void {
    if (id < 0 || id >= this.sent || this.state[id] & (ACCEPTED | REJECTED)) return;
    this.state[id] |= REJECTED;
    this.rejected++;
    if (this.state[id] >> DELIVERED_SHIFT > 0) this.deliveredAfterReject++;
  }

  /** Records a delivery; true only for the first delivery of a sent id. */
  deliver(id: number): boolean {
    if (!Number.isInteger(id) || id < 0 || id >= this.sent) {
      this.unknown++;
      return false;
    }
    const count = this.state[id] >> DELIVERED_SHIFT;
    if (count > 0) {
      if (count < MAX_DELIVERED) this.state[id] += 1 << DELIVERED_SHIFT;
      this.duplicates++;
      return false;
    }
    this.state[id] += 1 << DELIVERED_SHIFT;
    this.delivered++;
    if (this.state[id] & REJECTED) this.deliveredAfterReject++;
    return true;
  }

  isDelivered(id: number): boolean {
    return id >= 0 && id < this.sent && this.state[id] >> DELIVERED_SHIFT > 0;
  }

  /** Messages still expected: sent, not refused, not delivered. */
  outstanding(): number {
    return this.sent - this.rejected - (this.delivered - this.deliveredAfterReject);
  }

  counts(): LedgerCounts {
    return {
      sent: this.sent,
      accepted: this.accepted,
      rejected: this.rejected,
      unanswered: this.sent - this.accepted - this.rejected,
      delivered: this.delivered,
      lost: this.outstanding(),
      duplicates: this.duplicates,
      unknown: this.unknown,
    };
  }
}
