// Channels: added, changed, deleted and listed by admins on the running server, kept in memory
// (every inbound message and outbox attempt looks its channel up) and written through to the
// store. Secrets live apart from the rest (channel_secrets) and leave the server only once: the
// signing secret when the channel is created. A kind's settings and credentials are checked by
// its adapter's schema through the ChannelPort; nothing here knows a kind by name.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  Channel,
  ChannelListing,
  ChannelProbe,
  CreateChannelInput,
  UpdateChannelInput,
} from '../../shared/schemas';
import { DEFAULT_SLA, DEFAULT_WEIGHT } from '../../shared/sla';
import { ChangeSet } from './changes';
import type { ChannelPort } from './channel-port';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import { commitOrConflict } from './directory';
import type { DirectoryRecords } from './directory-records';
import { DeskError } from './errors';
import {
  channelFromRow,
  channelToRow,
  listedChannel,
  publicChannel,
  SIGNING_SECRET,
  type ChannelRecord,
} from './mappers';

/** How long `admin channel test` waits for the provider. */
const PROBE_TIMEOUT_MS = 10_000;

export class Channels {
  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
    private readonly port: ChannelPort,
    private readonly queueExists: (id: string) => void,
  ) {}

  async load(): Promise<void> {
    const { store } = this.ctx;
    const secrets = new Map<string, Map<string, string>>();
    for (const row of await store.all(store.q.listChannelSecrets, {})) {
      const own = secrets.get(row.channel_id) ?? new Map<string, string>();
      own.set(row.name, row.value);
      secrets.set(row.channel_id, own);
    }
    for (const row of await store.all(store.q.listChannels, {})) {
      const record = channelFromRow(row, secrets.get(row.id) ?? new Map());
      (row.deleted_at === null ? this.records.channels : this.records.formerChannels).set(row.id, record);
    }
  }

  /** Adds a channel, or brings a deleted one back under its id; its new signing secret is returned once. */
  async create(input: z.output<typeof CreateChannelInput>): Promise<{ channel: Channel; secret: string }> {
    if (this.records.channels.has(input.id)) throw new DeskError('CONFLICT', `channel "${input.id}" already exists`);
    this.queueExists(input.queueId);
    const { settings, credentials } = this.port.configure(input.adapter, input.settings, input.credentials);
    const record: ChannelRecord = {
      id: input.id,
      name: input.name,
      adapter: input.adapter,
      medium: input.medium,
      queueId: input.queueId,
      lang: input.lang,
      weight: input.weight ?? DEFAULT_WEIGHT[input.medium],
      slaFirstResponseMs: input.slaFirstResponseMs ?? DEFAULT_SLA[input.medium].firstResponseMs,
      slaNextResponseMs: input.slaNextResponseMs ?? DEFAULT_SLA[input.medium].nextResponseMs,
      ...(input.slaClock === 'business' && { slaClock: 'business' as const }),
      ...(input.idleAskMs !== null && { idleAskMs: input.idleAskMs }),
      ...(input.idleCloseMs !== null && { idleCloseMs: input.idleCloseMs }),
      ...(input.startRatePerSec !== undefined && { startRatePerSec: input.startRatePerSec }),
      ...(input.startBurst !== undefined && { startBurst: input.startBurst }),
      settings: settings as Record<string, unknown>,
      secret: randomBytes(24).toString('base64url'),
      credentials,
    };
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.insertChannel, channelToRow(record, changes.at));
    changes.write(this.ctx.store.q.setChannelSlaClock, { id: record.id, sla_clock: record.slaClock ?? 'wall' });
    for (const [name, value] of Object.entries({ [SIGNING_SECRET]: record.secret, ...credentials }))
      changes.write(this.ctx.store.q.setChannelSecret, { channel_id: record.id, name, value });
    await commitOrConflict(changes, `channel "${input.id}" already exists`);
    this.records.formerChannels.delete(record.id);
    this.records.channels.set(record.id, record);
    await this.port.channelChanged(record.adapter, record.id, record);
    return { channel: publicChannel(record), secret: record.secret };
  }

  /**
   * Changes what is given. Inbound requests and outbox attempts look the channel up each time,
   * so a new setting, SLA or credential applies from the next one on, without a restart.
   */
  async update(input: z.output<typeof UpdateChannelInput>): Promise<Channel> {
    const current = this.records.channels.get(input.id);
    if (!current) throw new DeskError('NOT_FOUND', `channel ${input.id} does not exist`);
    if (input.queueId !== undefined) this.queueExists(input.queueId);
    const merged = this.port.configure(
      current.adapter,
      withChanges(current.settings, input.settings),
      withChanges(current.credentials, input.credentials),
    );
    const { startRatePerSec: _rate, startBurst: _burst, ...kept } = current;
    const startRatePerSec = input.startRatePerSec === undefined ? current.startRatePerSec : input.startRatePerSec;
    const startBurst = input.startBurst === undefined ? current.startBurst : input.startBurst;
    const next: ChannelRecord = {
      ...kept,
      // null: back to the server's default.
      ...(startRatePerSec != null && { startRatePerSec }),
      ...(startBurst != null && { startBurst }),
      name: input.name ?? current.name,
      queueId: input.queueId ?? current.queueId,
      lang: input.lang ?? current.lang,
      weight: input.weight ?? current.weight,
      slaFirstResponseMs: input.slaFirstResponseMs ?? current.slaFirstResponseMs,
      slaNextResponseMs: input.slaNextResponseMs ?? current.slaNextResponseMs,
      idleAskMs: input.idleAskMs === undefined ? current.idleAskMs : input.idleAskMs,
      idleCloseMs: input.idleCloseMs === undefined ? current.idleCloseMs : input.idleCloseMs,
      settings: merged.settings as Record<string, unknown>,
      credentials: merged.credentials,
    };
    // Absent means wall-clock time, so a wire Channel from before business hours reads the same.
    const slaClock = input.slaClock ?? current.slaClock ?? 'wall';
    if (slaClock === 'business') next.slaClock = 'business';
    else delete next.slaClock;
    const { store } = this.ctx;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    const { adapter: _adapter, medium: _medium, created_at: _created, ...row } = channelToRow(next, changes.at);
    changes.write(store.q.updateChannel, row);
    changes.write(store.q.setChannelSlaClock, { id: next.id, sla_clock: slaClock });
    for (const name of Object.keys(current.credentials))
      if (!(name in next.credentials)) changes.write(store.q.deleteChannelSecret, { channel_id: next.id, name });
    for (const [name, value] of Object.entries(next.credentials))
      if (current.credentials[name] !== value)
        changes.write(store.q.setChannelSecret, { channel_id: next.id, name, value });
    await commitOrConflict(changes, `channel "${input.id}" could not be changed`);
    this.records.channels.set(next.id, next);
    await this.port.channelChanged(next.adapter, next.id, next);
    return publicChannel(next);
  }

  /**
   * Deletes a channel no open conversation depends on. Its secrets go at once (its integration
   * stops being accepted); the row stays, marked deleted, for the conversations that name it.
   * Outbox entries still waiting for it fail for good: there is nowhere left to send them.
   */
  async delete(id: string, book: Pick<ConversationBook, 'all'>): Promise<Channel> {
    const channel = this.records.channels.get(id);
    if (!channel) throw new DeskError('NOT_FOUND', `channel ${id} does not exist`);
    const open = book.all().filter((c) => c.channelId === id);
    if (open.length > 0) {
      const waiting = open.filter((c) => c.status === 'queued').length;
      throw new DeskError(
        'CONFLICT',
        `channel ${id} cannot be deleted: ${open.length} open conversation${open.length > 1 ? 's' : ''} came through it ` +
          `(${waiting} waiting, ${open.length - waiting} assigned): resolve ${open.length > 1 ? 'them' : 'it'} first`,
      );
    }
    // Forgotten before the commit, so no new message is taken on it meanwhile.
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    changes.write(this.ctx.store.q.deleteChannelSecrets, { channel_id: id });
    changes.write(this.ctx.store.q.markChannelDeleted, { id, deleted_at: changes.at });
    this.records.channels.delete(id);
    this.records.formerChannels.set(id, channel);
    await changes.commit();
    await this.port.channelChanged(channel.adapter, id, undefined);
    this.ctx.log.info({ channelId: id }, 'channel deleted');
    return publicChannel(channel);
  }

  list(): ChannelListing[] {
    return [...this.records.channels.values()].map(listedChannel);
  }

  async probe(id: string): Promise<ChannelProbe> {
    const channel = this.records.channels.get(id);
    if (!channel) throw new DeskError('NOT_FOUND', `channel ${id} does not exist`);
    const outcome = await this.port.probe(channel, AbortSignal.timeout(PROBE_TIMEOUT_MS));
    return { channelId: id, adapter: channel.adapter, ...outcome };
  }
}

/** `changes` applied to `current`: a value replaces, null removes. */
function withChanges<T>(current: Record<string, T>, changes: Record<string, T | null> | undefined): Record<string, T> {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes ?? {})) {
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return next;
}
