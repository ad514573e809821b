// A dashboard screen on a fake terminal: input is a stream the test writes keys to, output a
// TTY-looking sink; what blessed drew is read back from screen.lines.
import { PassThrough } from 'node:stream';
import type { Widgets } from 'blessed';
import { createDashboardScreen } from '../../cli/dashboard/screen';

export function fakeTerminal(columns: number, rows: number) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { columns, rows, isTTY: true });
  output.resume(); // discard the escape codes; the test reads the screen buffer
  const screen = createDashboardScreen({ input, output });
  return {
    screen,
    input,
    output,
    /** The screen as text, one string per row. */
    lines: () => screenLines(screen),
    /** Sends keys the way a terminal would (e.g. '\x1b[C' is →) and lets blessed handle them. */
    async press(keys: string) {
      input.write(keys);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function screenLines(screen: Widgets.Screen): string[] {
  const lines = (screen as unknown as { lines: [unknown, string][][] }).lines;
  return lines.map((row) => row.map((cell) => cell[1]).join(''));
}
