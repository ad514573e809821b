// What the console reads from outside React's props: the terminal's size as it is resized, and
// the clock that moves timers and SLA marks.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export type TerminalSize = { columns: number; rows: number };

export function useTerminalSize(override?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return override ?? size;
}

export function useNow(now: () => number, tickMs: number): number {
  const [at, setAt] = useState(now);
  useEffect(() => {
    if (tickMs <= 0) return;
    const timer = setInterval(() => setAt(now()), tickMs);
    return () => clearInterval(timer);
  }, [now, tickMs]);
  return tickMs <= 0 ? now() : at;
}
