// Loads the console's Ink app for an interactive terminal. Two process-wide switches must be
// set before Ink and React are first imported, so every caller goes through here:
// - React's production build: the development build costs several times more per keystroke;
// - no CI detection: Ink (is-in-ci) draws nothing until exit when CI=true is set, which would
//   leave an operator's terminal blank in any shell that exports CI. The console only runs on
//   a TTY, so it is interactive by definition.
//
// connectConsole loads its modules (the tRPC client, ws) on its first call, which runConsole makes
// once the first frame is on screen.
export async function loadConsole() {
  process.env.NODE_ENV ??= 'production';
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runConsole } = await import('./run-console');
  const connectConsole = async (wsUrl: string, login: string, password: string) =>
    (await import('./connect-console')).connectConsole(wsUrl, login, password);
  return { runConsole, connectConsole };
}
