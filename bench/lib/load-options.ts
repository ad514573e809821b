// Command-line options the load benches share, so each measures the desk DESIGN.md §5 states
// its targets for unless told otherwise: 2,000 customers, 500 operators.
export const DESK_SIZE_OPTIONS = {
  customers: { type: 'string', default: '2000' },
  operators: { type: 'string', default: '500' },
} as const;

/** `--server-node-args "--a --b"` as an argument list (for profiling or a V8 flag to try). */
export const splitNodeArgs = (value: string | undefined): string[] | undefined => value?.split(/\s+/).filter(Boolean);
