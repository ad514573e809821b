// How to watch the running demo from a second terminal: said by `textdesk demo` when it starts,
// and in the console's help while the console runs as the demo.
export const ATTACH_DASHBOARD_COMMAND = 'eval "$(npx textdesk demo --print-env)"; npx textdesk dashboard';
