// The desk's business-hours calendars (issue 17 §1): kept in memory (every arrival asks whether
// its queue is open), written through to the store, and watched: each calendar has a deadline
// `hours:<id>` at its next open/closed change, which re-decides its queues when it fires.
import type { CalendarInput, CalendarView } from '../../shared/calendar-schemas';
import type { Queue } from '../../shared/schemas';
import { BusinessHours, CalendarInvalid, type Calendar } from '../domain/business-hours';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { Deadlines } from './deadlines';
import { DeskError } from './errors';

/** Told when a calendar's hours turn, or it changed: the queues that keep it are decided again. */
export type HoursTurned = (calendarId: string) => Promise<void>;

export class Calendars {
  private readonly byId = new Map<string, BusinessHours>();
  private turned: HoursTurned = async () => {};

  constructor(
    private readonly ctx: DeskContext,
    private readonly deadlines: Deadlines,
  ) {}

  async load(): Promise<void> {
    const { store } = this.ctx;
    for (const row of await store.all(store.q.listCalendars, {})) {
      this.byId.set(
        row.id,
        new BusinessHours({
          id: row.id,
          name: row.name,
          zone: row.zone,
          week: JSON.parse(row.week) as Calendar['week'],
          exceptions: JSON.parse(row.exceptions) as Calendar['exceptions'],
        }),
      );
    }
  }

  /** Starts the deadlines; `turned` re-decides the queues of a calendar (the directory does). */
  watch(turned: HoursTurned): void {
    this.turned = turned;
    for (const id of this.byId.keys()) this.arm(id);
  }

  get(id: string): BusinessHours | undefined {
    return this.byId.get(id);
  }

  /** The calendar a queue keeps, or null when it has none (always open). */
  of(queue: Pick<Queue, 'calendarId'>): BusinessHours | null {
    return queue.calendarId ? (this.byId.get(queue.calendarId) ?? null) : null;
  }

  /** Whether the router holds the queue's conversations now: closed, and its policy is not `route`. */
  holds(queue: Queue, at: number): boolean {
    if (queue.offHours === 'route') return false;
    const hours = this.of(queue);
    return hours !== null && !hours.isOpen(at);
  }

  requireId(id: string): void {
    if (!this.byId.has(id))
      throw new DeskError('NOT_FOUND', `calendar ${id} does not exist: add it with textdesk admin calendar add`);
  }

  list(queues: Queue[]): CalendarView[] {
    const now = this.ctx.clock.now();
    return [...this.byId.values()].map((hours) => ({
      ...hours.calendar,
      openNow: hours.isOpen(now),
      nextChangeAt: hours.nextChange(now),
      queueIds: queues.filter((q) => q.calendarId === hours.calendar.id).map((q) => q.id),
    }));
  }

  /**
   * Adds (`add`), replaces (`set`) or writes whatever is there (`put`: the config file at start).
   * Checked first; a refusal changes nothing.
   */
  async save(input: CalendarInput, mode: 'add' | 'set' | 'put'): Promise<BusinessHours> {
    if (mode === 'add' && this.byId.has(input.id))
      throw new DeskError(
        'CONFLICT',
        `calendar ${input.id} already exists: change it with textdesk admin calendar set`,
      );
    if (mode === 'set') this.requireId(input.id);
    let hours: BusinessHours;
    try {
      hours = new BusinessHours({ ...input });
    } catch (error) {
      if (error instanceof CalendarInvalid) throw new DeskError('BAD_REQUEST', error.message);
      throw error;
    }
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.upsertCalendar, {
      id: input.id,
      name: input.name,
      zone: input.zone,
      week: JSON.stringify(input.week),
      exceptions: JSON.stringify(input.exceptions),
      created_at: changes.at,
    });
    await changes.commit();
    this.byId.set(input.id, hours);
    this.arm(input.id);
    await this.turned(input.id);
    return hours;
  }

  /** Refused while a queue keeps it: detach it first (admin queue set --calendar none). */
  async delete(id: string, queues: Queue[]): Promise<void> {
    this.requireId(id);
    const users = queues.filter((q) => q.calendarId === id).map((q) => q.id);
    if (users.length > 0)
      throw new DeskError(
        'CONFLICT',
        `calendar ${id} is kept by queue${users.length > 1 ? 's' : ''} ${users.join(', ')}: ` +
          'give them another calendar or none first (textdesk admin queue set --id ID --calendar none)',
      );
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    changes.write(this.ctx.store.q.deleteCalendar, { id });
    await changes.commit();
    this.byId.delete(id);
    this.deadlines.clear(`hours:${id}`);
  }

  private arm(id: string): void {
    const key = `hours:${id}`;
    const next = this.byId.get(id)?.nextChange(this.ctx.clock.now()) ?? null;
    if (next === null) {
      this.deadlines.clear(key);
      return;
    }
    this.deadlines.set(key, next, async () => {
      this.arm(id);
      await this.turned(id);
    });
  }
}
