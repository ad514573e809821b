// The queues, channels and operators the StatsEngine reports on, each with its statistics.
// Facts may name one before setQueues/setChannels/operatorChanged did: it is tracked under its id.
import type { Medium } from '../../shared/sla';
import type { ChannelInfo, QueueInfo } from './stats-facts';
import { OperatorRecord } from './stats-operators';
import type { StatsScope } from './stats-scope';

export interface NamedScope {
  name: string;
  scope: StatsScope;
}

export interface ChannelScope extends NamedScope {
  medium: Medium;
}

export class StatsCatalog {
  readonly queues = new Map<string, NamedScope>();
  readonly channels = new Map<string, ChannelScope>();
  readonly operators = new Map<string, OperatorRecord>();

  constructor(
    private readonly newScope: () => StatsScope,
    private readonly dayStart: (at: number) => number,
  ) {}

  queue(id: string): NamedScope {
    return getOrAdd(this.queues, id, () => ({ name: id, scope: this.newScope() }));
  }

  channel(id: string): ChannelScope {
    const create = (): ChannelScope => ({ name: id, medium: 'chat', scope: this.newScope() });
    return getOrAdd(this.channels, id, create);
  }

  operator(id: string, at: number): OperatorRecord {
    return getOrAdd(this.operators, id, () => new OperatorRecord(id, at, this.dayStart(at)));
  }

  setQueues(queues: QueueInfo[], now: number): void {
    prune(this.queues, queues, now);
    for (const q of queues) this.queue(q.id).name = q.name;
  }

  setChannels(channels: ChannelInfo[], now: number): void {
    prune(this.channels, channels, now);
    for (const c of channels) Object.assign(this.channel(c.id), { name: c.name, medium: c.medium });
  }
}

/** Drops unlisted entries, but only once no open conversation is counted there. */
function prune(map: Map<string, NamedScope>, listed: { id: string }[], now: number): void {
  const keep = new Set(listed.map((i) => i.id));
  for (const [id, entry] of map) {
    const live = entry.scope.live(now);
    if (!keep.has(id) && live.waiting + live.assigned === 0) map.delete(id);
  }
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = create();
    map.set(key, v);
  }
  return v;
}
