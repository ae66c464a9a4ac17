/** Excel reads a file as UTF-8 only when it starts with a byte order mark. */
export const UTF8_BOM = '\uFEFF';

// A cell starting with one of these is run as a formula by Excel and other spreadsheets (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: defused if a spreadsheet would take it for a formula, quoted as RFC 4180 says when needed. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180: a header row, CRLF line ends (after the last row too), with the BOM Excel needs. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  return UTF8_BOM + [header, ...rows].map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}
