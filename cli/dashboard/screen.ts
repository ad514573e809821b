// The blessed-contrib grid of the supervisor dashboard. Two layouts: one that fits 80×24, and
// one with more columns and rows once the terminal has room for them.
import blessed, { type Widgets } from 'blessed';
import contrib from 'blessed-contrib';
import { helpLines } from './keymap';

export interface DashboardWidgets {
  screen: Widgets.Screen;
  wide: boolean;
  queues: contrib.Widgets.TableElement;
  operators: contrib.Widgets.TableElement;
  chart: contrib.Widgets.LineElement;
  gauge: contrib.Widgets.GaugeElement;
  alerts: contrib.Widgets.LogElement;
  /** Call-back requests not closed yet, oldest first (issue 17 §5). */
  callbacks: contrib.Widgets.TableElement;
  help: Widgets.BoxElement;
  /** Removes every widget, before laying the screen out again after a resize. */
  destroy(): void;
}

// The wide queue table needs 89 columns inside 7/12 of the width: narrower would wrap its header.
export const WIDE_MIN = { columns: 156, rows: 36 };

// [row, col, rowSpan, colSpan] on a 12×12 grid.
type Cell = [number, number, number, number];
interface Layout {
  queues: Cell;
  operators: Cell;
  chart: Cell;
  gauge: Cell;
  alerts: Cell;
  callbacks: Cell;
  queueColumns: number[];
  operatorColumns: number[];
  callbackColumns: number[];
}

const NARROW: Layout = {
  queues: [0, 0, 4, 8],
  gauge: [0, 8, 4, 4],
  chart: [4, 0, 4, 6],
  operators: [4, 6, 4, 6],
  // The bottom row is shared: alerts on the left, call-backs on the right.
  alerts: [8, 0, 4, 6],
  callbacks: [8, 6, 4, 6],
  queueColumns: [16, 7, 7, 4, 8],
  operatorColumns: [10, 6, 6, 4, 6],
  callbackColumns: [6, 17, 9],
};

const WIDE: Layout = {
  queues: [0, 0, 4, 7],
  chart: [0, 7, 5, 5],
  operators: [4, 0, 4, 7],
  callbacks: [8, 0, 4, 7],
  gauge: [5, 7, 2, 5],
  alerts: [7, 7, 5, 5],
  queueColumns: [20, 7, 8, 4, 9, 5, 4, 8, 6],
  operatorColumns: [20, 6, 8, 4, 7, 7, 7, 6],
  callbackColumns: [6, 17, 13, 20, 12, 15],
};

/** A blessed screen on the given streams; 'xterm' avoids blessed's xterm-256color Setulc bug. */
export function createDashboardScreen(streams: Pick<Widgets.IScreenOptions, 'input' | 'output'> = {}): Widgets.Screen {
  const screen = blessed.screen({
    ...streams,
    terminal: 'xterm',
    smartCSR: true,
    title: 'textdesk dashboard',
    autoPadding: true,
  });
  // Draw box lines as Unicode (the product assumes UTF-8 anyway: Cyrillic, emoji), not with the
  // VT100 alternate character set, which comes out as "lqqk" in tmux and many SSH terminals.
  (screen.program as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
  return screen;
}

export function layoutDashboard(screen: Widgets.Screen): DashboardWidgets {
  const wide = Number(screen.width) >= WIDE_MIN.columns && Number(screen.height) >= WIDE_MIN.rows;
  const layout = wide ? WIDE : NARROW;
  const grid = new contrib.grid({ rows: 12, cols: 12, screen });
  const table = (cell: Cell, label: string, columnWidth: number[]) => {
    const t: contrib.Widgets.TableElement = grid.set(...cell, contrib.table, {
      label,
      columnWidth,
      // The widget pads with columnSpacing - 1 spaces.
      columnSpacing: 2,
      // No row cursor: the typings say string, the widget reads a boolean.
      interactive: false as unknown as string,
      fg: 'white',
    });
    // Names come from admins and customers: a "{bold}" in one must show, not style the row.
    (t as unknown as { rows: { parseTags: boolean } }).rows.parseTags = false;
    return t;
  };
  const queues = table(layout.queues, ' Queues ', layout.queueColumns);
  const operators = table(layout.operators, ' Operators ', layout.operatorColumns);
  const callbacks = table(layout.callbacks, ' Call-backs (oldest first) ', layout.callbackColumns);
  const chart: contrib.Widgets.LineElement = grid.set(...layout.chart, contrib.line, {
    label: ' Last hour ',
    showLegend: false,
    wholeNumbersOnly: true,
    xPadding: 3,
    style: { line: 'yellow', text: 'white', baseline: 'white' },
  } as contrib.Widgets.LineOptions);
  const gauge: contrib.Widgets.GaugeElement = grid.set(...layout.gauge, contrib.gauge, {
    label: ' Service level ',
    percent: [0],
    stroke: 'green',
    fill: 'white',
  } as contrib.Widgets.GaugeOptions);
  const alerts: contrib.Widgets.LogElement = grid.set(...layout.alerts, contrib.log, {
    label: ' Alerts (newest first) ',
    bufferLength: 200,
  } as contrib.Widgets.LogOptions);
  const help = blessed.box({
    parent: screen,
    top: 'center',
    left: 'center',
    width: Math.max(...helpLines().map((l) => l.length)) + 4,
    height: helpLines().length + 2,
    label: ' Keys ',
    content: helpLines().join('\n'),
    border: { type: 'line' },
    hidden: true,
  });
  const widgets = [queues, operators, chart, gauge, alerts, callbacks, help];
  return {
    screen,
    wide,
    queues,
    operators,
    chart,
    gauge,
    alerts,
    callbacks,
    help,
    destroy: () => widgets.forEach((w) => w.destroy()),
  };
}
