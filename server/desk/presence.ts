// What a console connecting or leaving does. The first connection makes an operator eligible
// again; losing the last starts the grace period, after which their dialogs return to the
// queue ahead of newcomers.
import { requeued } from '../domain/conversation';
import { ChangeSet } from './changes';
import type { Connections } from './connections';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { Directory } from './directory';

export class Presence {
  private graceTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
    private readonly book: ConversationBook,
    private readonly connections: Connections,
  ) {}

  async connected(operatorId: string): Promise<void> {
    if (!this.connections.open(operatorId)) return;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    this.book.applyAssignments(changes, this.ctx.router.connect(operatorId));
    this.announce(changes, operatorId);
    await changes.commit();
  }

  async disconnected(operatorId: string): Promise<void> {
    if (!this.connections.close(operatorId)) return;
    this.ctx.router.disconnect(operatorId);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    this.announce(changes, operatorId);
    await changes.commit();
    this.armGraceTimer();
  }

  /** Sets one timer for the earliest grace deadline; call after anything that may change it. */
  armGraceTimer(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    const deadline = this.ctx.router.nextGraceDeadline();
    if (deadline === null || this.stopped) return;
    this.graceTimer = setTimeout(() => void this.expireGrace(), Math.max(0, deadline - this.ctx.clock.now()));
    this.graceTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
  }

  private async expireGrace(): Promise<void> {
    const { requeued: returned, assignments } = this.ctx.router.expireGrace();
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    for (const { operatorId, conversationIds } of returned) {
      for (const id of conversationIds) {
        const conversation = this.book.save(changes, requeued(this.book.require(id), changes.at), { returned: true });
        this.book.announce(changes, conversation, null);
        changes.event(
          this.ctx.bus,
          operatorId,
          { type: 'conversation.removed', conversationId: conversation.id, reason: 'requeued' },
          id,
        );
      }
      this.ctx.log.info(
        { operatorId, conversations: conversationIds.length },
        'grace period over: dialogs returned to the queue',
      );
    }
    this.book.applyAssignments(changes, assignments);
    await changes.commit();
    this.armGraceTimer();
  }

  private announce(changes: ChangeSet, operatorId: string): void {
    const operator = this.directory.operators.get(operatorId);
    if (!operator) return;
    changes.event(this.ctx.bus, operatorId, {
      type: 'operator.updated',
      operator: this.directory.operatorView(operator),
    });
  }
}
