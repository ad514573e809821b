// CSV as RFC 4180 has it: comma-separated, CRLF line ends, and a field in double quotes (inner
// quotes doubled) when it holds a comma, a quote, a line break or leading/trailing spaces.
// A field a spreadsheet would run as a formula (=, +, -, @ at the start, for text) gets a leading
// apostrophe, since names come from admins and customers.

export type CsvValue = string | number | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((r) => `${csvLine(r)}\r\n`).join('');
}
