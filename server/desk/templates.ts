// The reply templates operators pick from: kept in memory for the consoles' pickers, written
// through to the store, managed by admins. Every console hears of an added or deleted template
// on its live feed, so pickers never wait for a restart.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CreateTemplateInput, DeskEvent, Template } from '../../shared/schemas';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { DirectoryRecords } from './directory-records';
import { DeskError } from './errors';
import { templateFromRow } from './mappers';

export class Templates {
  private readonly byId = new Map<string, Template>();
  private changes = 0;

  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
  ) {}

  async load(): Promise<void> {
    const { store } = this.ctx;
    for (const row of await store.all(store.q.listTemplates, {})) this.byId.set(row.id, templateFromRow(row));
  }

  async create(input: z.output<typeof CreateTemplateInput>): Promise<Template> {
    const template: Template = { id: randomUUID(), name: input.name, text: input.text, lang: input.lang, useCount: 0 };
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.insertTemplate, { ...template, use_count: 0, created_at: changes.at });
    this.toEveryOperator(changes, { type: 'template.changed', template });
    await changes.commit();
    this.byId.set(template.id, template);
    this.changes++;
    return template;
  }

  /** Goes up whenever a template is added or deleted, so what is derived from their texts can be kept current. */
  get revision(): number {
    return this.changes;
  }

  list(): Template[] {
    return [...this.byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async delete(id: string): Promise<void> {
    if (!this.byId.has(id)) throw new DeskError('NOT_FOUND', `template ${id} does not exist`);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.deleteTemplate, { id });
    this.toEveryOperator(changes, { type: 'template.deleted', templateId: id });
    await changes.commit();
    this.byId.delete(id);
    this.changes++;
  }

  /** Counted so the console can float the most-used templates up. */
  async countUse(id: string): Promise<void> {
    const template = this.byId.get(id);
    if (!template) throw new DeskError('NOT_FOUND', `template ${id} does not exist`);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.countTemplateUse, { id });
    await changes.commit();
    template.useCount += 1;
  }

  /**
   * A change every console must hear: one event per operator, so each feed carries it and replays
   * it on reconnect like any other. Templates change seldom; their use, which is frequent, is not
   * published (each console counts its own operator's use).
   */
  private toEveryOperator(changes: ChangeSet, event: DeskEvent): void {
    for (const operatorId of this.records.operators.keys()) changes.event(this.ctx.bus, operatorId, event);
  }
}
