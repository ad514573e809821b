// Guards the load driver's accounting against a real bare relay: every message sent must arrive
// exactly once, at its mapped operator, and be persisted exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayStats } from '../../bench/lib/raw-relay-server';
import { createRawRelayTarget } from '../../bench/lib/raw-relay-target';
import { startRelayLoad, type RelayLoad } from '../../bench/lib/relay-load';
import { startRawRelayProcess, type RelayProcess } from '../../bench/lib/relay-process';
import type { Delivered, LoadTarget } from '../../bench/lib/target';

const CUSTOMERS = 20;
const OPERATORS = 5;

describe('load driver against the raw relay', () => {
  let relay: RelayProcess;
  let load: RelayLoad;
  // What operators received, observed beside the driver rather than through it.
  const received: { operatorIdx: number; msg: Delivered }[] = [];
  // The server's CPU counter as the driver reads it: at the start and end of each measured part.
  const cpuReadings = [100, 300, 1_000, 1_090];
  const serverCpuMs = (): number => cpuReadings.shift()!;

  beforeAll(async () => {
    relay = await startRawRelayProcess();
    const target = createRawRelayTarget(relay.url);
    const observed: LoadTarget = {
      ...target,
      onDeliver: (cb) =>
        target.onDeliver((operatorIdx, msg) => {
          received.push({ operatorIdx, msg });
          cb(operatorIdx, msg);
        }),
    };
    load = await startRelayLoad(observed, { customers: CUSTOMERS, operators: OPERATORS, serverCpuMs });
  });

  afterAll(async () => {
    await load?.close();
    await relay?.stop().catch(() => {});
  });

  it('delivers and persists every message exactly once in closed and open loop', async () => {
    const closed = await load.runClosed({ inFlightPerCustomer: 2, durationMs: 400, warmupMs: 100 });
    const open = await load.runOpen({ ratePerSec: 300, durationMs: 300, warmupMs: 100 });
    expect(closed.completed).toBeGreaterThan(0);
    expect(open.sent).toBe(90);
    expect(open.lost).toBe(0);
    expect(open.latency.count).toBe(90);
    // CPU per message over the measured parts only: 200 ms over the closed loop's deliveries,
    // 90 ms over the open loop's 90 messages.
    expect(closed.serverCpuUsPerMsg).toBeCloseTo(200_000 / closed.completed, 6);
    expect(open.serverCpuUsPerMsg).toBeCloseTo(1_000, 6);
    expect(cpuReadings).toEqual([]);

    const counts = load.counts();
    expect(counts.duplicates).toBe(0);
    expect(counts.unknown).toBe(0);
    expect(counts.delivered).toBe(counts.sent);

    // Independently of the driver's ledger: ids 0 … sent−1, each once, at operator c % M.
    const ids = received.map((r) => r.msg.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: counts.sent }, (_, i) => i));
    for (const { operatorIdx, msg } of received) expect(operatorIdx).toBe(msg.c % OPERATORS);

    await load.close();
    const stats: RelayStats = await relay.stop();
    expect(stats).toMatchObject({ persisted: counts.sent, dropped: 0 });
  });
});
