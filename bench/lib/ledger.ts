// Exactly-once accounting for the load driver: a benchmark that loses or duplicates messages
// would report a throughput the system does not have. Ids are handed out sequentially from 0,
// so one byte per id (a saturating delivery count) is enough and stays cheap at 30k msg/s.

export interface LedgerCounts {
  sent: number;
  delivered: number;
  /** Deliveries of an id that had already been delivered. */
  duplicates: number;
  /** Deliveries of an id that was never sent. */
  unknown: number;
}

export class DeliveryLedger {
  private counts = new Uint8Array(1 << 16);
  private sent = 0;
  private delivered = 0;
  private duplicates = 0;
  private unknown = 0;

  /** Returns the id for the next message. */
  nextId(): number {
    if (this.sent === this.counts.length) {
      const grown = new Uint8Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return this.sent++;
  }

  /** Returns true for a first delivery of a sent id. */
  markDelivered(id: number): boolean {
    if (!Number.isInteger(id) || id < 0 || id >= this.sent) {
      this.unknown++;
      return false;
    }
    if (this.counts[id] !== 0) {
      if (this.counts[id] < 255) this.counts[id]++;
      this.duplicates++;
      return false;
    }
    this.counts[id] = 1;
    this.delivered++;
    return true;
  }

  /** Sent ids not delivered yet. */
  outstanding(): number {
    return this.sent - this.delivered;
  }


  snapshot(): LedgerCounts {
    return { sent: this.sent, delivered: this.delivered, duplicates: this.duplicates, unknown: this.unknown };
  }
}
