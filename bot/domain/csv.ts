/** Excel reads a file as UTF-8 only when it starts with a byte order mark. */
const UTF8_BOM = '\uFEFF';

// A cell starting with one of these is run as a formula by Excel and other spreadsheets (CSV injection), and
// spreadsheets skip leading spaces and line breaks before deciding, so those are looked past.
const FORMULA_START = /^\s*[=+\-@\t\r]/;
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

export interface CsvRow {
  line: number;
  cells: string[];
}

/** RFC 4180 rows, each with the line it starts on; a quoted field may run over several lines. */
export function readCsv(text: string): { rows: CsvRow[]; unclosedQuoteLine?: number } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let fieldStart = true;
  const endRow = () => {
    cells.push(cell.trim());
    rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
    fieldStart = true;
  };
  // Excel starts UTF-8 files with a byte order mark.
  for (let i = text.startsWith('\uFEFF') ? 1 : 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        cell += c;
      }
    } else if (c === '"' && fieldStart) {
      quoted = true;
      quoteLine = line;
      fieldStart = false;
    } else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
      fieldStart = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += c;
      if (c !== ' ' && c !== '\t') fieldStart = false;
    }
  }
  if (quoted) return { rows, unclosedQuoteLine: quoteLine };
  if (cell !== '' || cells.length > 0) endRow();
  return { rows };
}
