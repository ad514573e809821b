// The parsers of `textdesk admin` options that several nouns share.
export const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
export const number = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a number`);
  return n;
};
/** A timer in ms for the reply timers (issue 17); 0 turns it off (null). */
export const timerMs = (value: string): number | null => (number(value) === 0 ? null : number(value));
