/** The widget's code, as served at /widget.js (widget/build.mjs). */
export function buildWidget(): Promise<string>;
