// Benches that run the console in-process measure it as the binary runs it: with the V8 flags of
// the binary's shebang (cli/server-node-flags.ts; the console and the server share the binary).
// V8 sizes the young generation only at start-up, so a process started without them runs itself
// again with them.
import { spawnSync } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '../../cli/server-node-flags';

/** Re-runs this process with the binary's V8 flags unless it has them; exits with the child's code. */
export function runWithBinaryNodeFlags(): void {
  if (SERVER_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) return;
  const child = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}
