// The in-process event bus: committed desk events fan out to live subscribers, per operator
// and to supervisors. Listeners are kept in sets keyed by audience so a publish touches only
// the sockets that care, however many operators are connected. Committed messages for a
// customer's live web chat tabs go out here too, so the desk needs no channel to tell them.
import type { DeskEvent, Message } from '../../shared/schemas';

export interface PublishedEvent {
  seq: number;
  at: number;
  /** The operator the event is for; supervisors receive every event. */
  operatorId: string | null;
  event: DeskEvent;
}

export type Listener = (event: PublishedEvent) => void;

/** Hears every committed operator or bot message meant for a customer's live connection. */
export type VisitorListener = (channelId: string, contactId: string, message: Message) => void;

export const EVERYONE = '*';

export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly visitorListeners = new Set<VisitorListener>();
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

  publishToVisitor(channelId: string, contactId: string, message: Message): void {
    for (const listener of this.visitorListeners) listener(channelId, contactId, message);
  }

  subscribeVisitors(listener: VisitorListener): () => void {
    this.visitorListeners.add(listener);
    return () => this.visitorListeners.delete(listener);
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
