// Every key of the supervisor dashboard, in one table that drives both input handling and the
// help overlay: a binding that is not here does not exist.
import type { Widgets } from 'blessed';

export type DashboardAction =
  | 'quit'
  | 'nextQueue'
  | 'previousQueue'
  | 'help'
  | 'reassign'
  | 'capacity'
  | 'status'
  | 'transcript'
  | 'search'
  | 'claimCallback'
  | 'doneCallback'
  | 'cancelCallback';

export interface KeyBinding {
  /** blessed key names */
  keys: string[];
  /** How the help overlay names the keys. */
  label: string;
  action: DashboardAction;
  description: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['right', 'tab'], label: '→ Tab', action: 'nextQueue', description: 'next queue filter' },
  {
    keys: ['left', 'S-tab'],
    label: '← S-Tab',
    action: 'previousQueue',
    description: 'previous queue filter',
  },
  { keys: ['r'], label: 'r', action: 'reassign', description: 'reassign a conversation' },
  { keys: ['c'], label: 'c', action: 'capacity', description: "change an operator's capacity" },
  { keys: ['s'], label: 's', action: 'status', description: "change an operator's status" },
  { keys: ['t'], label: 't', action: 'transcript', description: 'open a transcript' },
  { keys: ['/'], label: '/', action: 'search', description: 'search messages and customers' },
  { keys: ['k'], label: 'k', action: 'claimCallback', description: 'claim a call-back (the customer is told)' },
  { keys: ['d'], label: 'd', action: 'doneCallback', description: 'mark a call-back done (asks the outcome)' },
  { keys: ['x'], label: 'x', action: 'cancelCallback', description: 'cancel a call-back' },
  { keys: ['?'], label: '?', action: 'help', description: 'show or hide this help' },
  // C-c too: raw mode swallows SIGINT, and a supervisor expects it to leave.
  { keys: ['q', 'C-c'], label: 'q', action: 'quit', description: 'quit' },
];

export type KeyHandlers = Record<DashboardAction, () => void>;

export function bindKeymap(screen: Widgets.Screen, handlers: KeyHandlers): void {
  for (const binding of KEYMAP) screen.key(binding.keys, () => handlers[binding.action]());
}

export function helpLines(): string[] {
  const width = Math.max(...KEYMAP.map((b) => b.label.length));
  return KEYMAP.map((b) => `${b.label.padEnd(width)}  ${b.description}`);
}
