// Kysely builds every query once, with named placeholders, and the store keeps the compiled SQL
// as a prepared statement. Compiling a Kysely query costs tens of microseconds; doing it per
// message would eat the throughput budget, so hot paths only bind values.
import type { Compilable } from 'kysely';

const MARK = '\u0000param:';

/** A named placeholder: put it where a value goes in a Kysely builder. */
export function param<T = string>(name: string): T {
  return (MARK + name) as unknown as T;
}

type Slot = { name: string } | { value: unknown };

export interface PreparedQuery<Args extends object = Record<string, unknown>, Row = unknown> {
  readonly sql: string;
  readonly slots: readonly Slot[];
  /** Phantom fields so callers get typed arguments and rows. */
  readonly __args?: Args;
  readonly __row?: Row;
}

export function prepare<Args extends object = Record<string, unknown>, Row = unknown>(
  query: Compilable,
): PreparedQuery<Args, Row> {
  const compiled = query.compile();
  const slots = compiled.parameters.map((value): Slot =>
    typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) } : { value },
  );
  return { sql: compiled.sql, slots };
}

export function bind(query: PreparedQuery<object, unknown>, args: object): unknown[] {
  const values = args as Record<string, unknown>;
  return query.slots.map((slot) => {
    if (!('name' in slot)) return slot.value;
    const value = values[slot.name];
    if (value === undefined) throw new Error(`query parameter "${slot.name}" is missing`);
    return value;
  });
}

/** The parameters of a statement that takes none. */
export type NoArgs = Record<string, never>;

type Values<T> = { [K in keyof T]: T[K] };

/** A row-shaped object of named placeholders, one per column. */
export function params<T extends object>(columns: readonly (keyof T & string)[]): Values<T> {
  return Object.fromEntries(columns.map((c) => [c, param(c)])) as Values<T>;
}
