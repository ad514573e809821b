// Synthetic desk history for the forecast's tests and bench: arrivals with a known hour-of-week
// pattern, dialogs handed to the least busy operator, each one's handle time stretched by how
// many its operator already holds, and a share given up before an answer. Deterministic (seeded).
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { seededRandom } from '../../cli/load/scenario';
import type { HistoryConversation } from '../../server/domain/forecast/history';
import type { ForecastChannel } from '../../server/domain/forecast/plan';
import { SqliteStore } from '../../server/store/sqlite-store';

export interface SyntheticChannel {
  channel: ForecastChannel;
  /** Arrivals per hour at an hour of the week (0 = the first hour of the history's first week). */
  perHour: (hourOfWeek: number) => number;
  /** Handle time alone, seconds, and what each more concurrent dialog adds. */
  soloSeconds: number;
  extraSeconds: number;
  /** Share of arrivals who leave unanswered. */
  abandon: number;
}

export interface SyntheticDesk {
  channels: ForecastChannel[];
  conversations: HistoryConversation[];
  operators: number;
}

const HOUR = 3_600_000;

export function chatChannel(id: string, overrides: Partial<ForecastChannel> = {}): ForecastChannel {
  return {
    id,
    name: id,
    queueId: 'support',
    queueName: 'Support',
    medium: 'chat',
    slaFirstMs: 60_000,
    weight: 1,
    createdAt: 0,
    ...overrides,
  };
}

/** A weekday-peaked hour-of-week rate: quiet nights, a midday peak, weekends at 40 %. */
export function officeHours(peakPerHour: number): (hourOfWeek: number) => number {
  return (h) => {
    const day = Math.floor(h / 24) % 7;
    const hour = h % 24;
    const daily = hour < 8 || hour >= 21 ? 0.05 : 0.3 + 0.7 * Math.exp(-((hour - 13) ** 2) / 8);
    return peakPerHour * daily * (day >= 5 ? 0.4 : 1);
  };
}

export function syntheticDesk(opts: {
  start: number;
  weeks: number;
  channels: SyntheticChannel[];
  operators: number;
  seed?: number;
}): SyntheticDesk {
  const random = seededRandom(opts.seed ?? 19);
  const hours = opts.weeks * 7 * 24;
  const arrivals: { at: number; ch: SyntheticChannel }[] = [];
  for (const ch of opts.channels) {
    for (let h = 0; h < hours; h++) {
      // Poisson arrivals: exponential gaps at the hour's rate.
      const rate = ch.perHour(h % (7 * 24));
      if (rate <= 0) continue;
      for (let t = -Math.log(1 - random()) / rate; t < 1; t += -Math.log(1 - random()) / rate) {
        arrivals.push({ at: opts.start + (h + t) * HOUR, ch });
      }
    }
  }
  arrivals.sort((a, b) => a.at - b.at);
  const held: number[][] = Array.from({ length: opts.operators }, () => []);
  const conversations: HistoryConversation[] = [];
  for (const { at, ch } of arrivals) {
    const createdAt = Math.round(at);
    if (random() < ch.abandon) {
      conversations.push({
        channelId: ch.channel.id,
        operatorId: null,
        status: 'resolved',
        createdAt,
        assignedAt: null,
        firstResponseAt: null,
        resolvedAt: createdAt + Math.round(-Math.log(1 - random()) * 90_000),
        outbound: false,
      });
      continue;
    }
    let best = 0;
    for (let o = 0; o < held.length; o++) {
      held[o] = held[o].filter((end) => end > createdAt);
      if (held[o].length < held[best].length) best = o;
    }
    const k = held[best].length + 1;
    const handle = (ch.soloSeconds + ch.extraSeconds * (k - 1)) * (0.5 + random());
    const assignedAt = createdAt + 1_000;
    const resolvedAt = assignedAt + Math.round(handle * 1000);
    held[best].push(resolvedAt);
    conversations.push({
      channelId: ch.channel.id,
      operatorId: `op${best}`,
      status: 'resolved',
      createdAt,
      assignedAt,
      firstResponseAt: assignedAt + 15_000,
      resolvedAt,
      outbound: false,
    });
  }
  return { channels: opts.channels.map((c) => c.channel), conversations, operators: opts.operators };
}

/**
 * A data directory holding `desk` as a stopped server leaves it: the real migrations create the
 * file, then the rows go straight in (columns a forecast does not read get neutral values).
 */
export async function writeDataDir(dir: string, desk: SyntheticDesk, capacity = 3): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await SqliteStore.inDirectory(dir).close();
  const db = new BetterSqlite3(path.join(dir, 'textdesk.db'));
  try {
    const insert = insertFor(db);
    db.transaction(() => {
      const queues = new Map(desk.channels.map((c) => [c.queueId, c.queueName]));
      for (const [id, name] of queues) insert('queues', { id, name, skills: '[]', priority: 0 });
      for (const c of desk.channels) {
        insert('channels', {
          id: c.id,
          name: c.name,
          adapter: c.medium === 'email' ? 'email' : 'api',
          medium: c.medium,
          queue_id: c.queueId,
          lang: 'en',
          weight: c.weight,
          sla_first_ms: c.slaFirstMs,
          sla_next_ms: c.slaFirstMs,
          settings: '{}',
          created_at: c.createdAt,
        });
      }
      for (let o = 0; o < desk.operators; o++) {
        insert('operators', {
          id: `op${o}`,
          login: `op${o}`,
          name: `Operator ${o}`,
          role: 'operator',
          skills: '[]',
          capacity,
          status: 'offline',
          created_at: 0,
        });
      }
      insert('customers', { id: 'cu', created_at: 0 });
      const queueOf = new Map(desk.channels.map((c) => [c.id, c.queueId]));
      desk.conversations.forEach((c, i) => {
        insert('conversations', {
          id: `c${i}`,
          customer_id: 'cu',
          channel_id: c.channelId,
          contact_id: 'x',
          queue_id: queueOf.get(c.channelId)!,
          status: c.status,
          last_operator_id: c.operatorId,
          created_at: c.createdAt,
          assigned_at: c.assignedAt,
          first_response_at: c.firstResponseAt,
          resolved_at: c.resolvedAt,
          last_message_at: c.createdAt,
          weight: 1,
          returned: 0,
          direction: c.outbound ? 'outbound' : 'inbound',
        });
      });
    })();
  } finally {
    db.close();
  }
}

/** An INSERT that fills the NOT NULL columns it is not given with '' or 0, so later migrations do not break it. */
function insertFor(db: BetterSqlite3.Database): (table: string, row: Record<string, unknown>) => void {
  const statements = new Map<string, { sql: string; columns: { name: string; fill: unknown }[] }>();
  return (table, row) => {
    let s = statements.get(`${table}:${Object.keys(row).join()}`);
    if (!s) {
      const info = db.pragma(`table_info(${table})`) as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: unknown;
        pk: number;
      }[];
      const columns = info
        .filter((c) => c.name in row || (c.notnull && c.dflt_value === null && !c.pk))
        .map((c) => ({ name: c.name, fill: /INT|REAL/i.test(c.type) ? 0 : '' }));
      s = {
        sql: `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        columns,
      };
      statements.set(`${table}:${Object.keys(row).join()}`, s);
    }
    db.prepare(s.sql).run(...s.columns.map((c) => (c.name in row ? row[c.name] : c.fill)));
  };
}
