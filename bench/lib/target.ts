// What the load driver needs from a system under test, so the same driver measures the bare
// relay and textdesk's real path. An adapter owns the wire protocol; the driver owns timing
// and accounting.

/** One customer message. `id` is unique per driver run, `c` the customer index, `t` the time the
 * message was meant to be sent, in ns on the driver's clock (performance.now() × 1e6). */
export interface BenchMessage {
  id: number;
  c: number;
  t: number;
  text: string;
}

/** What an adapter must recover on the operator side: enough to account for the message and
 * time it. An adapter whose protocol cannot carry these fields as-is (e.g. textdesk, where only
 * the message text reaches the operator) encodes them into what it sends and decodes them here. */
export type Delivered = Pick<BenchMessage, 'id' | 'c' | 't'>;

export interface LoadTarget {
  /** Opens `count` operator connections, ready to receive, before any customer connects. */
  connectOperators(count: number): Promise<void>;
  /** Opens `count` customer connections. `operatorOf` is the driver's intended customer →
   * operator mapping; a target that routes by itself (textdesk) may ignore it. */
  connectCustomers(count: number, operatorOf: (customerIdx: number) => number): Promise<void>;
  /** Sends one message from a customer; must not wait for delivery. A returned promise only
   * signals send errors. */
  send(customerIdx: number, msg: BenchMessage): void | Promise<void>;
  /** Registers the single callback called for every message an operator receives. */
  onDeliver(cb: (operatorIdx: number, msg: Delivered) => void): void;
  /** Closes every connection. */
  close(): Promise<void>;
}
