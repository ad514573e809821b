// What a console connecting or leaving does. The first connection makes an operator eligible
// again; losing the last starts the grace period, after which their dialogs return to the
// queue ahead of newcomers.
import { requeued } from '../domain/conversation';
import { ChangeSet } from './changes';
import type { Connections } from './connections';
import type { Deadlines } from './deadlines';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { Directory } from './directory';

const GRACE = 'grace';

export class Presence {
  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
    private readonly book: ConversationBook,
    private readonly connections: Connections,
    private readonly deadlines: Deadlines,
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

  /** Sets the deadline for the earliest grace period's end; call after anything that may change it. */
  armGraceTimer(): void {
    const deadline = this.ctx.router.nextGraceDeadline();
    if (deadline === null) this.deadlines.clear(GRACE);
    else this.deadlines.set(GRACE, deadline, () => this.expireGrace());
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
