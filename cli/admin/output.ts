// Printing admin results: aligned columns for people, JSON for scripts (--json).
import { sanitizeLine } from '../../shared/terminal-text';

export function printResult(value: unknown, json: boolean, columns?: string[]): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(value)}\n`);
    return;
  }
  const rows = Array.isArray(value) ? value : [value];
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const keys = columns ?? Object.keys(rows[0] as object);
  const cell = (v: unknown) =>
    sanitizeLine(Array.isArray(v) ? v.join(',') : v === null || v === undefined ? '-' : String(v));
  const table = [keys, ...rows.map((row) => keys.map((k) => cell((row as Record<string, unknown>)[k])))];
  const widths = keys.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const row of table)
    process.stdout.write(
      `${row
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}\n`,
    );
}
