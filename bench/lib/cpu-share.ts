// Where the CPU went during a benchmark session. Other processes on the machine (parallel test
// runs, builds) take cores from the driver and the relay and silently lower the figures; this
// makes that visible next to them.
import { cpus } from 'node:os';

export interface CpuShare {
  cores: number;
  /** Each as % of one core over the session's wall time. */
  driverPct: number;
  relayPct: number;
  /** Busy time of everything else on the machine. */
  otherPct: number;
}

const machineBusyMs = (): number => cpus().reduce((sum, { times: t }) => sum + t.user + t.nice + t.sys + t.irq, 0);

const ownCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Starts measuring; call the result with the relay's own CPU ms to get the shares. */
export function startCpuShare(): (relayCpuMs: number) => CpuShare {
  const wall0 = performance.now();
  const busy0 = machineBusyMs();
  const own0 = ownCpuMs();
  return (relayCpuMs) => {
    const wallMs = performance.now() - wall0;
    const driverMs = ownCpuMs() - own0;
    const pct = (v: number): number => Math.round((v / wallMs) * 100);
    return {
      cores: cpus().length,
      driverPct: pct(driverMs),
      relayPct: pct(relayCpuMs),
      otherPct: Math.max(0, pct(machineBusyMs() - busy0 - driverMs - relayCpuMs)),
    };
  };
}
