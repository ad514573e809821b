// The middle value of a set of figures (the upper middle for an even count), as the benches
// report repeated runs and rounds.
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
