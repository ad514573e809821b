// LoadTarget for the bare relay's protocol (see raw-relay-server.ts): plain ws clients that say
// hello, then customers send the message as JSON and operators receive it unchanged.
import { WebSocket, type RawData } from 'ws';
import type { Delivered, LoadTarget } from './target';

// Connect this many sockets at a time: thousands of simultaneous handshakes overflow the
// server's listen backlog (511) and stall on SYN retransmits.
const CONNECT_BATCH = 200;

// Client frames must be masked, but the mask only defends proxies against cache poisoning,
// which does not exist on loopback. An all-zero mask lets ws skip the XOR pass, keeping the
// driver cheap so the relay, not the driver, is what saturates.
const zeroMask = (): void => {};

export function createRawRelayTarget(url: string): LoadTarget {
  let customers: WebSocket[] = [];
  let operators: WebSocket[] = [];
  let deliver: (operatorIdx: number, msg: Delivered) => void = () => {};

  // Opens one socket, sends `hello` and resolves on the relay's "ok". `onMessage` is attached
  // in the same tick as the "ok" arrives, so no later frame can slip past it.
  const open = (hello: object, onMessage?: (data: RawData) => void): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, generateMask: zeroMask });
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify(hello)));
      ws.once('message', () => {
        ws.off('error', reject);
        ws.on('error', (error) => console.error(`raw relay client: ${error.message}`));
        if (onMessage !== undefined) ws.on('message', onMessage);
        resolve(ws);
      });
    });

  const openAll = async (count: number, openOne: (i: number) => Promise<WebSocket>): Promise<WebSocket[]> => {
    const sockets: WebSocket[] = [];
    for (let from = 0; from < count; from += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - from) }, (_, k) => openOne(from + k));
      sockets.push(...(await Promise.all(batch)));
    }
    return sockets;
  };

  return {
    async connectOperators(count) {
      operators = await openAll(count, (idx) =>
        open({ role: 'operator', idx }, (data) => deliver(idx, JSON.parse(String(data)) as Delivered)),
      );
    },
    async connectCustomers(count, operatorOf) {
      customers = await openAll(count, (idx) => open({ role: 'customer', idx, op: operatorOf(idx) }));
    },
    send(customerIdx, msg) {
      customers[customerIdx].send(JSON.stringify(msg));
    },
    onDeliver(cb) {
      deliver = cb;
    },
    async close() {
      const all = [...customers, ...operators];
      customers = [];
      operators = [];
      await Promise.all(
        all.map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === WebSocket.CLOSED) return resolve();
              ws.once('close', () => resolve());
              ws.close();
            }),
        ),
      );
    },
  };
}
