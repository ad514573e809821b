// Puts a view model on the dashboard's widgets and redraws in place.
import type { Widgets } from 'blessed';
import { fitToWidth, textWidth } from '../console/text-layout';
import type { DashboardWidgets } from './screen';
import type { DashboardViewModel } from './view-model';

export function renderDashboard(ui: DashboardWidgets, vm: DashboardViewModel): void {
  ui.queues.setData({ headers: alignHeaders(vm.queues.headers), data: clipCells(ui.queues, vm.queues.rows) });
  ui.operators.setData({
    headers: alignHeaders(vm.operators.headers),
    data: clipCells(ui.operators, vm.operators.rows),
  });
  ui.chart.setLabel(
    fit(
      ui.chart,
      ui.wide
        ? ` ${vm.scopeName}, last hour: waiting=yellow in/min=green out/min=cyan `
        : ' 1h: wait=yellow in=green out=cyan ',
    ),
  );
  ui.chart.setData([
    { title: 'waiting', x: vm.chart.x, y: vm.chart.waiting, style: { line: 'yellow' } },
    { title: 'in/min', x: vm.chart.x, y: vm.chart.messagesIn, style: { line: 'green' } },
    { title: 'out/min', x: vm.chart.x, y: vm.chart.messagesOut, style: { line: 'cyan' } },
  ]);
  ui.gauge.setLabel(
    fit(ui.gauge, ui.wide ? ` ${vm.scopeName}: SL today ${vm.serviceLevel.label} ` : ` SL ${vm.serviceLevel.label} `),
  );
  // The gauge reads values up to 1.001 as fractions: a share keeps 1 % from drawing as 100 %.
  ui.gauge.setPercent(vm.serviceLevel.share ?? 0);
  ui.callbacks.setLabel(
    fit(
      ui.callbacks,
      ui.wide
        ? ` Call-backs: ${vm.callbacks.rows.length} (oldest first; keys k claim, d done, x cancel) `
        : ` Call-backs: ${vm.callbacks.rows.length} (*claimed; k/d/x) `,
    ),
  );
  ui.callbacks.setData({
    headers: alignHeaders(vm.callbacks.headers),
    data: clipCells(ui.callbacks, vm.callbacks.rows),
  });
  ui.alerts.setItems(vm.alertLines as unknown as Widgets.BlessedElement[]);
  ui.alerts.scrollTo(0);
  ui.screen.render();
}

/**
 * The table widget cuts a long cell at its column width with no space before the next column
 * ("Иван Петроavail"): cut it ourselves one column short, with an ellipsis.
 */
function clipCells(table: Widgets.BoxElement, rows: string[][]): string[][] {
  const widths = (table as unknown as { options: { columnWidth: number[] } }).options.columnWidth;
  return rows.map((row) =>
    row.map((cell, i) => (textWidth(cell) > widths[i] ? fitToWidth(cell, widths[i] - 1).trimEnd() : cell)),
  );
}

/** The widget draws rows one column right of the header; shift the header to line up. */
function alignHeaders(headers: string[]): string[] {
  return headers.map((h, i) => (i === 0 ? ` ${h}` : h));
}

/** A label longer than its box wraps into the box, so it is cut to fit. */
function fit(box: Widgets.BoxElement, label: string): string {
  return label.slice(0, Math.max(0, Number(box.width) - 4));
}
