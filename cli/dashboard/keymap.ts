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
  | 'live'
  | 'search'
  | 'claimCallback'
  | 'doneCallback'
  | 'cancelCallback'
  | 'review';

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
  { keys: ['l'], label: 'l', action: 'live', description: 'follow an open dialog live (whisper, take over)' },
  { keys: ['/'], label: '/', action: 'search', description: 'search messages and customers' },
  { keys: ['k'], label: 'k', action: 'claimCallback', description: 'claim a call-back (the customer is told)' },
  { keys: ['d'], label: 'd', action: 'doneCallback', description: 'mark a call-back done (asks the outcome)' },
  { keys: ['x'], label: 'x', action: 'cancelCallback', description: 'cancel a call-back' },
  { keys: ['v'], label: 'v', action: 'review', description: 'review a conversation from the quality queue' },
  { keys: ['?'], label: '?', action: 'help', description: 'show or hide this help' },
  // C-c too: raw mode swallows SIGINT, and a supervisor expects it to leave.
  { keys: ['q', 'C-c'], label: 'q', action: 'quit', description: 'quit' },
];

export type KeyHandlers = Record<DashboardAction, () => void>;

export function bindKeymap(screen: Widgets.Screen, handlers: KeyHandlers): void {
  for (const binding of KEYMAP) screen.key(binding.keys, () => handlers[binding.action]());
}

/** The keys of the live view of one dialog (issue 18 §4), which has the keyboard while it is open. */
export type LiveViewAction = 'whisper' | 'takeOver' | 'close';

export interface LiveViewBinding {
  keys: string[];
  label: string;
  action: LiveViewAction;
  description: string;
}

export const LIVE_VIEW_KEYMAP: readonly LiveViewBinding[] = [
  { keys: ['w'], label: 'w', action: 'whisper', description: 'whisper to the operator (the customer never sees it)' },
  { keys: ['o'], label: 'o', action: 'takeOver', description: 'take the dialog over (asks first)' },
  { keys: ['escape', 'q'], label: 'Esc q', action: 'close', description: 'close the view and stop following' },
];

export function helpLines(): string[] {
  const width = Math.max(...[...KEYMAP, ...LIVE_VIEW_KEYMAP].map((b) => b.label.length));
  return [
    ...KEYMAP.map((b) => `${b.label.padEnd(width)}  ${b.description}`),
    'in the live view (l):',
    ...LIVE_VIEW_KEYMAP.map((b) => `${b.label.padEnd(width)}  ${b.description}`),
  ];
}
