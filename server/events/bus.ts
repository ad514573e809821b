// The in-process event bus: committed desk events fan out to live subscribers, per operator
// and to supervisors. Listeners are kept in sets keyed by audience so a publish touches only
// the sockets that care, however many operators are connected. Committed operator and bot
// messages for customers go out here too, for channels that push them to live connections: the
// desk tells the bus, not a channel. Ephemeral signals (typing, read receipts for the customer)
// go out here too, and nowhere else: they are never stored.
import type { DeskEvent, Message } from '../../shared/schemas';

export interface PublishedEvent {
  seq: number;
  at: number;
  /** The operator the event is for; supervisors receive every event. */
  operatorId: string | null;
  event: DeskEvent;
  /**
   * Not stored and without a seq of its own (publishEphemeral): a feed sends it with the seq of
   * the event before it, so a client resuming from that id misses nothing and is sent it never again.
   */
  ephemeral?: boolean;
}

/** What a customer's live connections are told besides messages: the operator types, or has read up to a message. */
export type CustomerSignal = { type: 'typing'; name: string | null } | { type: 'read'; upTo: string };
export type CustomerSignalListener = (channelId: string, contactId: string, signal: CustomerSignal) => void;

export type Listener = (event: PublishedEvent) => void;

/** Hears every committed operator or bot message meant for a customer. */
export type CustomerListener = (channelId: string, contactId: string, message: Message) => void;

export const EVERYONE = '*';

export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly customerListeners = new Set<CustomerListener>();
  private readonly signalListeners = new Set<CustomerSignalListener>();
  /** The newest sequence number published; a client that loads state now resumes from it. */
  lastSeq = 0;

  publish(event: PublishedEvent): void {
    if (event.seq > this.lastSeq) this.lastSeq = event.seq;
    if (event.operatorId) this.emit(event.operatorId, event);
    this.emit(EVERYONE, event);
  }

  /** `audience` is an operator id, or EVERYONE for the supervisors' feed. */
  subscribe(audience: string, listener: Listener): () => void {
    let set = this.listeners.get(audience);
    if (!set) {
      set = new Set();
      this.listeners.set(audience, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(audience);
    };
  }

  /**
   * An event for one operator's feeds only, not stored and not for supervisors: a typing signal
   * from every visitor of a busy desk would swamp the supervisors' feed, and it is news only to
   * whoever answers. Leaves lastSeq alone.
   */
  publishEphemeral(operatorId: string, at: number, event: DeskEvent): void {
    this.emit(operatorId, { seq: this.lastSeq, at, operatorId, event, ephemeral: true });
  }

  signalCustomer(channelId: string, contactId: string, signal: CustomerSignal): void {
    for (const listener of this.signalListeners) listener(channelId, contactId, signal);
  }

  subscribeCustomerSignals(listener: CustomerSignalListener): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  publishToCustomer(channelId: string, contactId: string, message: Message): void {
    for (const listener of this.customerListeners) listener(channelId, contactId, message);
  }

  subscribeCustomers(listener: CustomerListener): () => void {
    this.customerListeners.add(listener);
    return () => this.customerListeners.delete(listener);
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private emit(audience: string, event: PublishedEvent): void {
    const set = this.listeners.get(audience);
    if (!set) return;
    for (const listener of set) listener(event);
  }
}
