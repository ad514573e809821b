// Dialog numbers that stay with their dialog, as WeeChat's buffer numbers do. The hotlist is
// ordered by urgency and reorders as customers write; the number an operator learns ("Anna is 2",
// Alt+2) must not follow that order, or it opens another customer after a reorder (issue 13 §4).
// A dialog keeps its number until it leaves this console; a new one takes the lowest free number.

/** Dialog id → its number (1, 2, …). */
export type DialogNumbers = ReadonlyMap<string, number>;

export const noNumbers: DialogNumbers = new Map();

/**
 * The numbers once the open dialogs are `open`: a dialog still open keeps its number, a closed
 * one frees its number, and each new one takes the lowest free number, in the order given (so
 * dialogs arriving together, most urgent first, are numbered in that order). Returns `previous`
 * itself when nothing changed.
 */
export function renumber(previous: DialogNumbers, open: readonly string[]): DialogNumbers {
  const still = new Set(open);
  const next = new Map<string, number>();
  for (const [id, number] of previous) if (still.has(id)) next.set(id, number);
  const taken = new Set(next.values());
  let free = 1;
  for (const id of open) {
    if (next.has(id)) continue;
    while (taken.has(free)) free++;
    next.set(id, free);
    taken.add(free);
  }
  if (next.size === previous.size && [...next].every(([id, number]) => previous.get(id) === number)) return previous;
  return next;
}

/** The dialog that has `number`, or null when no open dialog has it. */
export function dialogNumbered(numbers: DialogNumbers, number: number): string | null {
  for (const [id, own] of numbers) if (own === number) return id;
  return null;
}
