// The dashboard's call-backs pane as rows of terminal-safe text: requests not closed yet, oldest
// first, with their age, phone, customer, reason, who asked and state. The state is a word
// ("open", "claimed Sue"), never a colour alone; customer text is sanitised here.
import type { Callback } from '../../shared/schemas';
import { formatDuration } from '../../shared/stats';
import { sanitizeLine } from '../../shared/terminal-text';

export interface CallbackTable {
  headers: string[];
  rows: string[][];
}

const line = (text: string | null | undefined, max = 80) => sanitizeLine(text ?? '', { maxLength: max });

/** Oldest first, ties by id: the order the pane and the pickers show them in. */
export function oldestFirst(callbacks: readonly Callback[]): Callback[] {
  return [...callbacks].sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id));
}

/** Who is being called back: the customer's name, or their id when they gave none. */
export function callbackCustomer(c: Callback): string {
  return line(c.customerName ?? c.customerId, 40);
}

export function callbackState(c: Callback, operatorNames: ReadonlyMap<string, string> = new Map()): string {
  if (c.status !== 'claimed') return c.status;
  return `claimed ${line(operatorNames.get(c.claimedBy ?? '') ?? c.claimedBy, 20)}`;
}

/** One line for a picker: everything a supervisor needs to choose the right request. */
export function callbackLabel(c: Callback, now: number, operatorNames: ReadonlyMap<string, string>): string {
  const reason = c.reason.trim() ? ` "${line(c.reason, 40)}"` : '';
  return (
    `${formatDuration(Math.max(0, now - c.requestedAt)).padStart(6)}  ${line(c.phone, 32)}  ${callbackCustomer(c)}` +
    `${reason}  by ${line(c.requestedByName ?? c.requestedBy, 20)}  [${callbackState(c, operatorNames)}]`
  );
}

export function callbackTable(
  callbacks: readonly Callback[],
  options: { now: number; wide: boolean; queueId: string | null; operatorNames?: ReadonlyMap<string, string> },
): CallbackTable {
  const shown = oldestFirst(callbacks).filter(
    (c) =>
      (c.status === 'open' || c.status === 'claimed') && (options.queueId === null || c.queueId === options.queueId),
  );
  const names = options.operatorNames ?? new Map<string, string>();
  const headers = options.wide
    ? ['Age', 'Phone', 'Customer', 'Reason', 'Asked by', 'State']
    : ['Age', 'Phone', 'Customer'];
  const rows = shown.map((c) => {
    const age = formatDuration(Math.max(0, options.now - c.requestedAt));
    return options.wide
      ? [
          age,
          line(c.phone, 32),
          callbackCustomer(c),
          line(c.reason),
          line(c.requestedByName ?? c.requestedBy, 40),
          callbackState(c, names),
        ]
      : // 40 columns hold no state column: a claimed one is marked "*" (the label says so); a phone is never cut.
        [age, line(c.phone, 32), `${c.status === 'claimed' ? '*' : ''}${callbackCustomer(c)}`];
  });
  return { headers, rows };
}
