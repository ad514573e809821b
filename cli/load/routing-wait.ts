// Routing wait: from the ack of the message that (re)opened a conversation to its assignment at
// an operator, once per (re)routing. The assignment may reach the load tool before the ack does;
// that counts as no wait at all.
import type { Ack } from './customers';
import type { LatencyHistogram } from './histogram';

export class RoutingWait {
  /** Conversations currently assigned to a simulated operator. */
  private readonly held = new Set<string>();
  private readonly ackedUnassigned = new Map<string, number>();
  private readonly assignedBeforeAck = new Set<string>();

  constructor(private readonly histogram: LatencyHistogram) {}

  onAck(ack: Ack, at: number): void {
    if (this.held.has(ack.conversationId)) {
      if (this.assignedBeforeAck.delete(ack.conversationId)) this.histogram.record(0);
    } else if (!this.ackedUnassigned.has(ack.conversationId)) this.ackedUnassigned.set(ack.conversationId, at);
  }

  onAssigned(conversationId: string, at: number): void {
    this.held.add(conversationId);
    const ackAt = this.ackedUnassigned.get(conversationId);
    if (ackAt !== undefined) {
      this.ackedUnassigned.delete(conversationId);
      this.histogram.record(at - ackAt);
    } else this.assignedBeforeAck.add(conversationId);
  }

  onRemoved(conversationId: string): void {
    this.held.delete(conversationId);
    this.assignedBeforeAck.delete(conversationId);
  }
}
