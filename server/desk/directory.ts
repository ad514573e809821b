// Operators and queues (channels have ./channels.ts): kept in memory (the router needs them on every
// decision), written through to the store, managed by admins.
import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  CreateOperatorInput,
  CreateQueueInput,
  DeletedOperator,
  Operator,
  Queue,
  UpdateOperatorInput,
  UpdateQueueInput,
} from '../../shared/schemas';
import { requeued } from '../domain/conversation';
import type { Assignment } from '../domain/routing';
import { ConstraintError, DataError } from '../store/store';
import type { Calendars } from './calendars';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { DirectoryRecords } from './directory-records';
import { waitingItem, type ConversationBook } from './conversation-book';
import { DeskError } from './errors';
import { queueFromRow, withHours, type ChannelRecord, type OperatorRecord } from './mappers';
import { hashPassword } from './secrets';

type ApplyAssignments = (changes: ChangeSet, assignments: Assignment[]) => void;

export class Directory {
  readonly operators: Map<string, OperatorRecord>;
  readonly queues: Map<string, Queue>;
  readonly channels: Map<string, ChannelRecord>;
  private readonly operatorIdByLogin = new Map<string, string>();

  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
    private readonly applyAssignments: ApplyAssignments,
    private readonly isConnected: (operatorId: string) => boolean,
    /** Business hours: a queue whose calendar says closed is held by the router (issue 17 §1). */
    readonly calendars: Calendars,
  ) {
    this.operators = records.operators;
    this.queues = records.queues;
    this.channels = records.channels;
  }

  async load(): Promise<void> {
    const { store } = this.ctx;
    for (const row of await store.all(store.q.listQueues, {})) this.putQueue(queueFromRow(row));
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
    if (input.role !== undefined && input.role !== 'admin') this.keepAnAdmin(current, 'demoted');
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

  /** The desk must stay manageable: the last admin can be neither deleted nor demoted. */
  private keepAnAdmin(operator: OperatorRecord, change: 'deleted' | 'demoted'): void {
    if (operator.role !== 'admin') return;
    if ([...this.operators.values()].some((op) => op.role === 'admin' && op.id !== operator.id)) return;
    throw new DeskError(
      'CONFLICT',
      `${operator.login} is the last admin and cannot be ${change}: make another operator admin first ` +
        '(textdesk admin operator set --login LOGIN --role admin)',
    );
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

  /**
   * Removes an operator for good, keeping the history. Their sessions end (the token stops
   * working at once), their open conversations go back to their queues ahead of newcomers, as
   * when a disconnected operator's grace period runs out, and their row moves to
   * former_operators: the login is free again, while conversations, messages and events keep
   * their id and name; their own spelling dictionary goes with them. The last admin cannot be
   * deleted, so the desk can always be managed.
   */
  async deleteOperator(
    id: string,
    book: Pick<ConversationBook, 'require' | 'save' | 'announce'>,
  ): Promise<DeletedOperator> {
    const operator = this.operator(id);
    this.keepAnAdmin(operator, 'deleted');
    const { router, store, bus } = this.ctx;
    // The router and the directory forget the operator before the commit, so nothing is routed
    // to them and their token fails while it runs.
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const farewell: Operator = { ...this.operatorView(operator), status: 'offline', connected: false, load: 0 };
    router.setStatus(id, 'offline');
    router.setOperator({ id, skills: [], capacity: 0 });
    const assignments: Assignment[] = [];
    const held = router.conversationsOf(id);
    for (const conversationId of held) {
      const conversation = book.require(conversationId);
      // Released and enqueued again as returned: it keeps its place in time and goes first.
      assignments.push(...router.release(conversationId));
      const next = router.enqueue(waitingItem(conversation), { returned: true });
      const back = book.save(changes, requeued(conversation, changes.at), { returned: true });
      book.announce(changes, back, null);
      changes.event(bus, id, { type: 'conversation.removed', conversationId, reason: 'requeued' }, conversationId);
      if (next) assignments.push(next);
    }
    changes.write(store.q.deleteSessionsOfOperator, { operator_id: id });
    changes.write(store.q.deleteWordsOfOperator, { operator_id: id });
    changes.write(store.q.deleteOperator, { id });
    changes.write(store.q.insertFormerOperator, {
      id,
      login: operator.login,
      name: operator.name,
      role: operator.role,
      created_at: operator.createdAt,
      deleted_at: changes.at,
    });
    changes.event(bus, id, { type: 'operator.updated', operator: farewell });
    this.operators.delete(id);
    this.operatorIdByLogin.delete(operator.login);
    this.applyAssignments(changes, assignments);
    await changes.commit();
    this.ctx.log.info({ operatorId: id, login: operator.login, requeued: held.length }, 'operator deleted');
    return { id, login: operator.login, name: operator.name, requeued: held.length };
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

  // ---- queues (channels: ./channels.ts) ----------------------------------------------------

  queue(id: string): Queue {
    const queue = this.queues.get(id);
    if (!queue) throw new DeskError('NOT_FOUND', `queue ${id} does not exist`);
    return queue;
  }

  async createQueue(input: z.output<typeof CreateQueueInput>): Promise<Queue> {
    if (this.queues.has(input.id)) throw new DeskError('CONFLICT', `queue "${input.id}" already exists`);
    const queue = this.newQueue(input);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.insertQueue, queueRow(queue));
    changes.write(this.ctx.store.q.setQueueHours, hoursRow(queue));
    await commitOrConflict(changes, `queue "${input.id}" already exists`);
    this.putQueue(queue);
    return queue;
  }

  listQueues(): Queue[] {
    return [...this.queues.values()];
  }

  /** Adds a queue, or brings back a deleted one under the same id: its past conversations are its history. */
  async addQueue(input: z.output<typeof CreateQueueInput>): Promise<Queue> {
    const { store } = this.ctx;
    if (this.queues.has(input.id) || !(await store.get(store.q.deletedQueueById, { id: input.id })))
      return this.createQueue(input);
    const queue = this.newQueue(input);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(store.q.reviveQueue, queueRow(queue));
    changes.write(store.q.setQueueHours, hoursRow(queue));
    await changes.commit();
    this.putQueue(queue);
    return queue;
  }

  /** Changes what is given; the router re-files operators by the new skills and serves by the new priority at once. */
  async updateQueue(input: z.output<typeof UpdateQueueInput>): Promise<Queue> {
    const current = this.queue(input.id);
    if (input.calendarId) this.calendars.requireId(input.calendarId);
    const noReplyMs = input.noReplyMs === undefined ? current.noReplyMs : input.noReplyMs;
    const next = withHours(
      {
        id: current.id,
        name: input.name ?? current.name,
        skills: input.skills ?? current.skills,
        priority: input.priority ?? current.priority,
        ...(noReplyMs != null && { noReplyMs }),
      },
      input.calendarId === undefined ? current.calendarId : input.calendarId,
      input.offHours ?? current.offHours,
    );
    // The router hands out whatever the new skills, priority or hours make possible as it changes.
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    changes.write(this.ctx.store.q.updateQueue, queueRow(next));
    changes.write(this.ctx.store.q.setQueueHours, hoursRow(next));
    this.queues.set(next.id, next);
    this.applyAssignments(changes, this.ctx.router.setQueue(this.routingQueue(next, changes.at)));
    await changes.commit();
    return next;
  }

  /**
   * Deletes a queue nothing uses: no channel sends conversations to it and none is open in it.
   * The row stays, marked deleted, for the conversations and reports that name it.
   */
  async deleteQueue(id: string, book: Pick<ConversationBook, 'all'>): Promise<Queue> {
    const queue = this.queue(id);
    const channels = [...this.channels.values()].filter((c) => c.queueId === id).map((c) => c.id);
    const open = book.all().filter((c) => c.queueId === id);
    const reasons: string[] = [];
    if (channels.length > 0)
      reasons.push(
        `channel${channels.length > 1 ? 's' : ''} ${channels.join(', ')} send${channels.length > 1 ? '' : 's'} conversations to it`,
      );
    if (open.length > 0) {
      const waiting = open.filter((c) => c.status === 'queued').length;
      reasons.push(
        `${open.length} open conversation${open.length > 1 ? 's are' : ' is'} in it (${waiting} waiting, ${open.length - waiting} assigned): transfer or resolve ${open.length > 1 ? 'them' : 'it'} first`,
      );
    }
    if (reasons.length > 0) throw new DeskError('CONFLICT', `queue ${id} cannot be deleted: ${reasons.join('; ')}`);
    // Forgotten before the commit, so no transfer can put a conversation into it meanwhile.
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    changes.write(this.ctx.store.q.markQueueDeleted, { id, deleted_at: changes.at });
    this.queues.delete(id);
    await changes.commit();
    return queue;
  }

  channel(id: string): ChannelRecord {
    return this.records.channel(id);
  }
  private putOperator(record: OperatorRecord): void {
    this.operators.set(record.id, record);
    this.operatorIdByLogin.set(record.login, record.id);
    this.ctx.router.setOperator({ id: record.id, skills: record.skills, capacity: record.capacity });
    this.ctx.router.setStatus(record.id, record.status);
  }

  private putQueue(queue: Queue): void {
    this.queues.set(queue.id, queue);
    this.ctx.router.setQueue(this.routingQueue(queue, this.ctx.clock.now()));
  }

  private newQueue(input: z.output<typeof CreateQueueInput>): Queue {
    if (input.calendarId) this.calendars.requireId(input.calendarId);
    const queue = {
      id: input.id,
      name: input.name,
      skills: input.skills,
      priority: input.priority,
      ...(input.noReplyMs !== null && { noReplyMs: input.noReplyMs }),
    };
    return withHours(queue, input.calendarId, input.offHours);
  }

  /** The queue as the router sees it: closed while its calendar says so, unless it routes anyway. */
  private routingQueue(queue: Queue, at: number) {
    return { id: queue.id, skills: queue.skills, priority: queue.priority, closed: this.calendars.holds(queue, at) };
  }

  /** Whether the queue takes messages through the web widget's offline form now (closed, policy offline-form). */
  offlineFormNow(queueId: string): boolean {
    const queue = this.queues.get(queueId);
    return queue?.offHours === 'offline-form' && this.calendars.holds(queue, this.ctx.clock.now());
  }

  /**
   * A calendar's hours turned (or it was changed): its queues open or close in the router, and
   * what opening makes possible is assigned in one commit.
   */
  async hoursTurned(calendarId: string): Promise<void> {
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    for (const queue of this.queues.values()) {
      if (queue.calendarId !== calendarId) continue;
      this.applyAssignments(changes, this.ctx.router.setQueue(this.routingQueue(queue, changes.at)));
    }
    await changes.commit();
  }
}

function queueRow(queue: Queue) {
  return {
    id: queue.id,
    name: queue.name,
    skills: JSON.stringify(queue.skills),
    priority: queue.priority,
    no_reply_ms: queue.noReplyMs ?? null,
  };
}

function hoursRow(queue: Queue) {
  return { id: queue.id, calendar_id: queue.calendarId ?? null, off_hours: queue.offHours ?? 'queue' };
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

export async function commitOrConflict(changes: ChangeSet, message: string): Promise<void> {
  try {
    await changes.commit();
  } catch (error) {
    // A value the store cannot hold is the caller's bad input, not a clash with an existing row.
    if (error instanceof DataError) throw new DeskError('BAD_REQUEST', `the store refused a value: ${error.message}`);
    if (error instanceof ConstraintError) throw new DeskError('CONFLICT', message);
    throw error;
  }
}
