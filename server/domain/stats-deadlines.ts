// A min-heap of SLA moments (80 % of the target, the target itself) so each tick only looks at
// the deadlines that have just passed. Entries are never removed early: the engine ignores a
// popped entry whose conversation has since been answered, closed or queued anew.
export interface Deadline {
  at: number;
  conversationId: string;
  /** The conversation's queuedAt when the entry was made, to recognise stale entries. */
  queuedAt: number;
  kind: 'near' | 'breach';
}

export class DeadlineHeap {
  private readonly items: Deadline[] = [];

  push(d: Deadline): void {
    const a = this.items;
    a.push(d);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].at <= a[i].at) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  /** Removes and returns the earliest deadline if it is at or before `now`. */
  popDue(now: number): Deadline | undefined {
    const a = this.items;
    if (a.length === 0 || a[0].at > now) return undefined;
    const top = a[0];
    const last = a.pop() as Deadline;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].at < a[m].at) m = l;
        if (r < a.length && a[r].at < a[m].at) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
