// The hotlist's geometry once a customer's threads are drawn together (issue 18 §1): which entries
// make one customer, how many rows each takes, and which customers fit the pane around the open one.
import type { SlaMark } from '../../shared/sla-mark';

/** Entries of one customer side by side (the desk's hotlist order keeps them so) make one group. */
export function customerGroups<E extends { customerId: string }>(entries: readonly E[]): E[][] {
  const groups: E[][] = [];
  for (const entry of entries) {
    const last = groups[groups.length - 1];
    if (last && last[0].customerId === entry.customerId) last.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

/** Rows a group takes: a lone dialog two (name, channel) or one; a customer's name and a row per thread, or one. */
export function groupRows(group: readonly unknown[], twoRows: boolean): number {
  if (!twoRows) return 1;
  return group.length === 1 ? 2 : 1 + group.length;
}

/**
 * The groups shown, [top, end), for rows per group and the open group: as many from the top as
 * fit, scrolled just enough that the open one is shown whole.
 */
export function visibleGroups(
  rows: readonly number[],
  selected: number,
  capacity: number,
): { top: number; end: number } {
  let top = 0;
  let used = rows.slice(0, selected + 1).reduce((sum, n) => sum + n, 0);
  while (top < selected && used > capacity) used -= rows[top++];
  let end = top;
  let shown = 0;
  while (end < rows.length && shown + rows[end] <= capacity) shown += rows[end++];
  return { top, end: Math.max(end, Math.min(rows.length, top + 1)) };
}

const SEVERITY: Record<SlaMark, number> = { breached: 3, near: 2, ok: 1, none: 0 };

/** A customer's mark is their worst thread's. */
export function worstMark(marks: readonly SlaMark[]): SlaMark {
  return marks.reduce((worst, mark) => (SEVERITY[mark] > SEVERITY[worst] ? mark : worst), 'none');
}
