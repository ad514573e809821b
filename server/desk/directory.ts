// Operators, queues, channels and templates: kept in memory (the router needs them on every
// decision), written through to the store, managed by admins.
import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  Channel,
  CreateChannelInput,
  CreateOperatorInput,
  CreateQueueInput,
  CreateTemplateInput,
  Operator,
  Queue,
  Template,
  UpdateOperatorInput,
} from '../../shared/schemas';
import { DEFAULT_SLA, DEFAULT_WEIGHT } from '../../shared/sla';
import type { Assignment } from '../domain/routing';
import { ConstraintError } from '../store/store';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { DirectoryRecords } from './directory-records';
import { DeskError } from './errors';
import {
  channelFromRow,
  publicChannel,
  queueFromRow,
  templateFromRow,
  type ChannelRecord,
  type OperatorRecord,
} from './mappers';
import { hashPassword } from './secrets';

type ApplyAssignments = (changes: ChangeSet, assignments: Assignment[]) => void;

export class Directory {
  readonly operators: Map<string, OperatorRecord>;
  readonly queues = new Map<string, Queue>();
  readonly channels: Map<string, ChannelRecord>;
  private readonly templates = new Map<string, Template>();
  private readonly operatorIdByLogin = new Map<string, string>();

  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
    private readonly applyAssignments: ApplyAssignments,
    private readonly isConnected: (operatorId: string) => boolean,
  ) {
    this.operators = records.operators;
    this.channels = records.channels;
  }

  async load(): Promise<void> {
    const { store } = this.ctx;
    for (const row of await store.all(store.q.listQueues, {})) this.putQueue(queueFromRow(row));
    for (const row of await store.all(store.q.listChannels, {})) this.channels.set(row.id, channelFromRow(row));
    for (const row of await store.all(store.q.listTemplates, {})) this.templates.set(row.id, templateFromRow(row));
    for (const row of await store.all(store.q.listOperators, {})) {
      this.putOperator({
        id: row.id,
        login: row.login,
        name: row.name,
        role: row.role as OperatorRecord['role'],
        passwordHash: row.password_hash,
        skills: JSON.parse(row.skills),
        capacity: row.capacity,
        status: row.status as OperatorRecord['status'],
        createdAt: row.created_at,
      });
    }
  }

  // ---- operators ---------------------------------------------------------------------------

  operatorByLogin(login: string): OperatorRecord | undefined {
    const id = this.operatorIdByLogin.get(login);
    return id ? this.operators.get(id) : undefined;
  }

  operator(id: string): OperatorRecord {
    return this.records.operator(id);
  }

  operatorView(op: OperatorRecord): Operator {
    const connected = this.isConnected(op.id);
    return {
      id: op.id,
      login: op.login,
      name: op.name,
      role: op.role,
      skills: op.skills,
      capacity: op.capacity,
      status: connected ? op.status : 'offline',
      connected,
      load: this.ctx.router.load(op.id),
    };
  }

  listOperators(): Operator[] {
    return [...this.operators.values()]
      .map((op) => this.operatorView(op))
      .sort((a, b) => a.login.localeCompare(b.login));
  }

  async createOperator(input: z.output<typeof CreateOperatorInput>): Promise<Operator> {
    if (this.operatorIdByLogin.has(input.login)) throw new DeskError('CONFLICT', `login "${input.login}" is taken`);
    const record: OperatorRecord = {
      id: randomUUID(),
      login: input.login,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      skills: input.skills,
      capacity: input.capacity,
      status: 'available',
      createdAt: this.ctx.clock.now(),
    };
    const changes = new ChangeSet(this.ctx, record.createdAt, 'disk-first');
    changes.write(this.ctx.store.q.insertOperator, operatorRow(record));
    await commitOrConflict(changes, `login "${input.login}" is taken`);
    this.putOperator(record);
    return this.operatorView(record);
  }

  async updateOperator(input: z.output<typeof UpdateOperatorInput>): Promise<Operator> {
    const current = this.operator(input.id);
    const next: OperatorRecord = {
      ...current,
      name: input.name ?? current.name,
      role: input.role ?? current.role,
      skills: input.skills ?? current.skills,
      capacity: input.capacity ?? current.capacity,
      passwordHash: input.password ? await hashPassword(input.password) : current.passwordHash,
    };
    return this.saveOperator(next);
  }

  async setOperatorStatus(operatorId: string, status: OperatorRecord['status']): Promise<Operator> {
    return this.saveOperator({ ...this.operator(operatorId), status });
  }

  private async saveOperator(next: OperatorRecord): Promise<Operator> {
    // The router decides the assignments by changing itself, so memory is ahead before the commit.
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    changes.write(this.ctx.store.q.updateOperator, operatorRow(next));
    const assignments = [
      ...this.ctx.router.setOperator({ id: next.id, skills: next.skills, capacity: next.capacity }),
      ...this.ctx.router.setStatus(next.id, next.status),
    ];
    this.operators.set(next.id, next);
    const view = this.operatorView(next);
    changes.event(this.ctx.bus, next.id, { type: 'operator.updated', operator: view });
    this.applyAssignments(changes, assignments);
    await changes.commit();
    return view;
  }

  /** The first admin, created on first start so a fresh install can be managed at all. */
  async ensureFirstAdmin(password: string | undefined): Promise<string | null> {
    if (this.operators.size > 0) return null;
    const chosen = password ?? randomBytes(12).toString('base64url');
    await this.createOperator({
      login: 'admin',
      name: 'Administrator',
      password: chosen,
      role: 'admin',
      skills: [],
      capacity: 0,
    });
    return password ? null : chosen;
  }

  // ---- queues, channels, templates --------------------------------------------------------

  queue(id: string): Queue {
    const queue = this.queues.get(id);
    if (!queue) throw new DeskError('NOT_FOUND', `queue ${id} does not exist`);
    return queue;
  }

  async createQueue(input: z.output<typeof CreateQueueInput>): Promise<Queue> {
    if (this.queues.has(input.id)) throw new DeskError('CONFLICT', `queue "${input.id}" already exists`);
    const queue: Queue = { id: input.id, name: input.name, skills: input.skills, priority: input.priority };
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.insertQueue, { ...queue, skills: JSON.stringify(queue.skills) });
    await commitOrConflict(changes, `queue "${input.id}" already exists`);
    this.putQueue(queue);
    return queue;
  }

  listQueues(): Queue[] {
    return [...this.queues.values()];
  }

  channel(id: string): ChannelRecord {
    return this.records.channel(id);
  }

  async createChannel(input: z.output<typeof CreateChannelInput>): Promise<{ channel: Channel; secret: string }> {
    if (this.channels.has(input.id)) throw new DeskError('CONFLICT', `channel "${input.id}" already exists`);
    this.queue(input.queueId);
    const record: ChannelRecord = {
      id: input.id,
      name: input.name,
      adapter: input.adapter,
      medium: input.medium,
      queueId: input.queueId,
      webhookUrl: input.webhookUrl,
      lang: input.lang,
      weight: input.weight ?? DEFAULT_WEIGHT[input.medium],
      slaFirstResponseMs: input.slaFirstResponseMs ?? DEFAULT_SLA[input.medium].firstResponseMs,
      slaNextResponseMs: input.slaNextResponseMs ?? DEFAULT_SLA[input.medium].nextResponseMs,
      secret: randomBytes(24).toString('base64url'),
    };
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.insertChannel, {
      id: record.id,
      name: record.name,
      adapter: record.adapter,
      medium: record.medium,
      queue_id: record.queueId,
      secret: record.secret,
      webhook_url: record.webhookUrl,
      lang: record.lang,
      weight: record.weight,
      sla_first_ms: record.slaFirstResponseMs,
      sla_next_ms: record.slaNextResponseMs,
      created_at: changes.at,
    });
    await commitOrConflict(changes, `channel "${input.id}" already exists`);
    this.channels.set(record.id, record);
    return { channel: publicChannel(record), secret: record.secret };
  }

  listChannels(): Channel[] {
    return [...this.channels.values()].map(publicChannel);
  }

  async createTemplate(input: z.output<typeof CreateTemplateInput>): Promise<Template> {
    const template: Template = { id: randomUUID(), name: input.name, text: input.text, lang: input.lang, useCount: 0 };
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.insertTemplate, { ...template, use_count: 0, created_at: changes.at });
    await changes.commit();
    this.templates.set(template.id, template);
    return template;
  }

  listTemplates(): Template[] {
    return [...this.templates.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteTemplate(id: string): Promise<void> {
    if (!this.templates.has(id)) throw new DeskError('NOT_FOUND', `template ${id} does not exist`);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.deleteTemplate, { id });
    await changes.commit();
    this.templates.delete(id);
  }

  /** Counted so the console can float the most-used templates up. */
  async countTemplateUse(id: string): Promise<void> {
    const template = this.templates.get(id);
    if (!template) throw new DeskError('NOT_FOUND', `template ${id} does not exist`);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.countTemplateUse, { id });
    await changes.commit();
    template.useCount += 1;
  }

  private putOperator(record: OperatorRecord): void {
    this.operators.set(record.id, record);
    this.operatorIdByLogin.set(record.login, record.id);
    this.ctx.router.setOperator({ id: record.id, skills: record.skills, capacity: record.capacity });
    this.ctx.router.setStatus(record.id, record.status);
  }

  private putQueue(queue: Queue): void {
    this.queues.set(queue.id, queue);
    this.ctx.router.setQueue(queue);
  }
}

function operatorRow(op: OperatorRecord) {
  return {
    id: op.id,
    login: op.login,
    name: op.name,
    role: op.role,
    password_hash: op.passwordHash,
    skills: JSON.stringify(op.skills),
    capacity: op.capacity,
    status: op.status,
    created_at: op.createdAt,
  };
}

async function commitOrConflict(changes: ChangeSet, message: string): Promise<void> {
  try {
    await changes.commit();
  } catch (error) {
    if (error instanceof ConstraintError) throw new DeskError('CONFLICT', message);
    throw error;
  }
}
