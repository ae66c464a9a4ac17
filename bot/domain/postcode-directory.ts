import { normalisePostcode } from './postcode';
import { WardCode, isOnsWardCode, parseWardCode } from './ward';

/**
 * Reading the ONS Postcode Directory (ONSPD) and the National Statistics Postcode Lookup (NSPL), row by
 * row, so the national file (over 1 GB) never has to be held at once. The editions name their columns
 * differently: the ONSPD `pcds, doterm, oslaua, osward`; the NSPL up to 2024 `pcds, doterm, laua, ward`;
 * 2025 editions of both with the year in the name (`lad25cd`, `wd25cd`). All of them are read.
 */

export interface DirectoryColumns {
  postcode: number;
  terminated: number;
  localAuthority: number;
  ward: number;
}

export type Columns<T> = { ok: true; columns: T } | { ok: false; message: string };

const named = (header: readonly string[]) => header.map((cell) => cell.trim().toLowerCase());

/** The column of the latest year among names like `wd24cd`, `wd25cd`, or -1. */
function latestYearColumn(names: readonly string[], pattern: RegExp): number {
  let best = -1;
  let bestYear = -1;
  names.forEach((name, index) => {
    const year = pattern.exec(name)?.[1];
    if (year !== undefined && Number(year) > bestYear) {
      best = index;
      bestYear = Number(year);
    }
  });
  return best;
}

function firstOf(names: readonly string[], candidates: readonly string[], yearPattern?: RegExp): number {
  for (const candidate of candidates) {
    const index = names.indexOf(candidate);
    if (index >= 0) return index;
  }
  return yearPattern ? latestYearColumn(names, yearPattern) : -1;
}

/** Finds the columns an import needs in a directory's header row, or says which are missing. */
export function directoryColumns(header: readonly string[]): Columns<DirectoryColumns> {
  const names = named(header);
  const columns = {
    postcode: firstOf(names, ['pcds']),
    terminated: firstOf(names, ['doterm']),
    localAuthority: firstOf(names, ['oslaua', 'laua'], /^lad(\d\d)cd$/),
    ward: firstOf(names, ['osward', 'ward'], /^wd(\d\d)cd$/),
  };
  const missing = [
    columns.postcode < 0 && '"pcds" (the postcode)',
    columns.terminated < 0 && '"doterm" (when a postcode was terminated)',
    columns.localAuthority < 0 && '"oslaua", "laua" or "ladNNcd" (the local authority)',
    columns.ward < 0 && '"osward", "ward" or "wdNNcd" (the ward)',
  ].filter((m): m is string => m !== false);
  if (missing.length > 0)
    return {
      ok: false,
      message: `This is not an ONS Postcode Directory or NSPL file: its header row has no ${missing.join(', no ')} column. It has: ${shown(header)}.`,
    };
  return { ok: true, columns };
}

/** What one directory row means for the council's list. */
export type DirectoryRow =
  | { kind: 'live'; postcode: string; ward: WardCode }
  | { kind: 'terminated' }
  | { kind: 'other_authority' }
  | { kind: 'no_ward'; postcode: string }
  | { kind: 'not_a_postcode'; written: string };

export function readDirectoryRow(cells: readonly string[], columns: DirectoryColumns, localAuthority: string): DirectoryRow {
  if ((cells[columns.localAuthority] ?? '').trim().toUpperCase() !== localAuthority) return { kind: 'other_authority' };
  if ((cells[columns.terminated] ?? '').trim() !== '') return { kind: 'terminated' };
  const written = cells[columns.postcode] ?? '';
  const postcode = normalisePostcode(written);
  if (postcode === undefined) return { kind: 'not_a_postcode', written };
  // Postcodes not yet placed in a ward carry a pseudo code such as E99999999, which is no ward.
  const ward = parseWardCode(cells[columns.ward] ?? '');
  return ward === undefined || !isOnsWardCode(ward) ? { kind: 'no_ward', postcode } : { kind: 'live', postcode, ward };
}

export interface WardNameColumns {
  code: number;
  name: number;
}

/** The ONS ward names file: `WDnnCD` and `WDnnNM` of the same year (other columns, such as Welsh names, ignored). */
export function wardNameColumns(header: readonly string[]): Columns<WardNameColumns> {
  const names = named(header);
  const code = latestYearColumn(names, /^wd(\d\d)cd$/);
  const year = code < 0 ? undefined : names[code]!.slice(2, 4);
  const name = year === undefined ? -1 : names.indexOf(`wd${year}nm`);
  if (code < 0 || name < 0)
    return {
      ok: false,
      message: `This is not an ONS ward names file: its header row needs a "WDnnCD" column and a "WDnnNM" column of the same year. It has: ${shown(header)}.`,
    };
  return { ok: true, columns: { code, name } };
}

const shown = (header: readonly string[]) =>
  header.length === 0 ? 'nothing' : header.slice(0, 12).join(', ') + (header.length > 12 ? ', …' : '');

/** The local authority code as the directory writes it (`E09000020`), or undefined. */
export function parseLocalAuthorityCode(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  return /^[EWSN]\d{8}$/.test(code) ? code : undefined;
}

/**
 * Splits one CSV line as RFC 4180 says (the ONSPD quotes every field). Returns undefined when the line ends
 * inside a quoted field, so the caller joins the next line to it.
 */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}
