import { readCsv } from './csv';
import { normalisePostcode } from './postcode';
import { InWard, wardKey } from './ward';
import type { WardRoster } from './ward-roster';
import type { WardCheck, WardLookup } from './ward-check';

/**
 * The postcode lists officers maintain, read from CSV files: a council-wide file with `postcode` and
 * `ward` columns, and/or a folder with one file per ward. The rules, in one place:
 *
 * - The header row names the columns, in any order and any case; other columns are ignored. Fields may be
 *   quoted as RFC 4180 says. Blank rows are skipped.
 * - A file with a `ward` column says each postcode's ward on its row. A file in the folder of per-ward
 *   lists may leave that column out: its name is then the ward's (`castle.csv` and `Castle Ward.csv` are
 *   Castle ward, `st-marys.csv` is St Marys).
 * - Ward names match however they are written: case, spaces, hyphens, apostrophes, full stops, "&" for
 *   "and" and a trailing "ward" make no difference ("St. Mary's Ward" is `st-marys.csv`). A surgery's
 *   ward is matched the same way.
 * - Every problem is reported with its file and line, all at once: a bad or missing postcode, a missing
 *   ward, a postcode listed in two different wards, a missing header. One problem and no list is used.
 */

/** One CSV file's text, and the name problems are reported with (and, for a per-ward list, its ward's). */
export interface WardListFile {
  name: string;
  text: string;
  /** The file is one ward's list: without a ward column, its name gives the ward. */
  wardFromFileName?: boolean;
}

export interface WardListProblem {
  file: string;
  line: number;
  message: string;
}

export type WardListsResult = { ok: true; lists: WardLists } | { ok: false; problems: WardListProblem[] };

export function describeWardListProblem({ file, line, message }: WardListProblem): string {
  return `${file}, line ${line}: ${message}`;
}

// The name residents read ("Your postcode is in Abbey ward"), so a trailing "ward" would be said twice.
function wardDisplayName(name: string): string {
  const spaced = name.replace(/\s+/g, ' ').trim();
  const bare = spaced.replace(/\s+ward$/i, '');
  return bare === '' ? spaced : bare;
}

/** A per-ward file's ward: "st-marys.csv" is "St Marys". */
export function wardNameFromFileName(fileName: string): string {
  const base = fileName
    .split(/[\\/]/)
    .pop()!
    .replace(/\.csv$/i, '');
  const words = base.replace(/[_-]+/g, ' ');
  return wardDisplayName(words.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, letter: string) => space + letter.toUpperCase()));
}

const columnName = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');
const POSTCODE_COLUMNS = ['postcode'];
const WARD_COLUMNS = ['ward', 'wardname'];

/** Immutable: a reload builds new lists and swaps them in whole. */
export class WardLists implements WardLookup {
  /** Standard postcode → ward key. */
  private readonly wardOfPostcode: ReadonlyMap<string, string>;
  /** Ward key → the name residents read. */
  private readonly wardNames: ReadonlyMap<string, string>;

  constructor(
    wardOfPostcode: ReadonlyMap<string, string>,
    wardNames: ReadonlyMap<string, string>,
    private readonly identify: WardIdentity = byName,
  ) {
    // Copied, so whoever built the maps cannot change the lists afterwards.
    this.wardOfPostcode = new Map(wardOfPostcode);
    this.wardNames = new Map(wardNames);
    Object.freeze(this);
  }

  /** Every ward a list names, as residents read it. */
  get wards(): string[] {
    return [...this.wardNames.values()];
  }

  get postcodeCount(): number {
    return this.wardOfPostcode.size;
  }

  check(ward: InWard, postcode: string): WardCheck {
    const standard = normalisePostcode(postcode);
    const key = standard === undefined ? undefined : this.wardOfPostcode.get(standard);
    if (key === undefined) return { result: 'unknown' };
    return { result: key === this.keyOf(ward) ? 'in_ward' : 'outside', postcodeWard: this.wardNames.get(key)! };
  }

  /** Lists read with the roster know wards by code, so a surgery's code decides; lists without, by name. */
  private keyOf(ward: InWard): string | undefined {
    const byCode = ward.wardCode === undefined ? undefined : this.identify(ward.wardCode)?.key;
    return byCode === ward.wardCode && byCode !== undefined ? byCode : this.identify(ward.ward)?.key;
  }
}

/** Which ward a name or code written in a list or a surgery is: its key, and the name residents read. */
type WardIdentity = (written: string) => { key: string; name: string } | undefined;

const byName: WardIdentity = (written) => {
  const key = wardKey(written);
  return key === '' ? undefined : { key, name: wardDisplayName(written) };
};

/** With a roster, a list names each ward by its code or its roster name, and residents read the roster's name. */
const byRoster =
  (roster: WardRoster): WardIdentity =>
  (written) => {
    const ward = roster.find(written);
    return ward && { key: ward.code, name: ward.name };
  };

/** Reads every file into one set of lists, or lists every problem in every file. */
export function parseWardLists(files: readonly WardListFile[], roster?: WardRoster): WardListsResult {
  const identify = roster ? byRoster(roster) : byName;
  const problems: WardListProblem[] = [];
  const wardOfPostcode = new Map<string, string>();
  const firstSeen = new Map<string, { file: string; line: number }>();
  const wardNames = new Map<string, string>();

  for (const file of files) {
    const problem = (line: number, message: string) => problems.push({ file: file.name, line, message });
    const { rows, unclosedQuoteLine } = readCsv(file.text);
    if (unclosedQuoteLine !== undefined) {
      problem(unclosedQuoteLine, 'A quoted field has no closing quote (").');
      continue;
    }
    const [header, ...records] = rows.filter((row) => row.cells.some((cell) => cell !== ''));
    if (!header) {
      problem(1, 'The file is empty. It needs a header row naming its postcode and ward columns.');
      continue;
    }
    const columns = header.cells.map(columnName);
    const postcodeColumn = columns.findIndex((name) => POSTCODE_COLUMNS.includes(name));
    const wardColumn = columns.findIndex((name) => WARD_COLUMNS.includes(name));
    if (postcodeColumn < 0) problem(header.line, `The header row has no "postcode" column (it has: ${header.cells.join(', ')}).`);
    if (wardColumn < 0 && !file.wardFromFileName)
      problem(header.line, `The header row has no "ward" column (it has: ${header.cells.join(', ')}).`);
    if (postcodeColumn < 0 || (wardColumn < 0 && !file.wardFromFileName)) continue;
    const fileWard = wardNameFromFileName(file.name);

    for (const { line, cells } of records) {
      const written = cells[postcodeColumn] ?? '';
      const ward = wardColumn < 0 ? fileWard : wardDisplayName(cells[wardColumn] ?? '');
      const postcode = normalisePostcode(written);
      if (written === '') problem(line, 'There is no postcode.');
      else if (!postcode) problem(line, `"${written}" is not a UK postcode.`);
      const identified = identify(ward);
      if (wardKey(ward) === '') problem(line, 'There is no ward.');
      else if (!identified) problem(line, `${ward} is not a ward on the roster (WARDS_FILE).`);
      if (!postcode || !identified) continue;

      const key = identified.key;
      if (!wardNames.has(key)) wardNames.set(key, identified.name);
      const earlier = wardOfPostcode.get(postcode);
      if (earlier === undefined) {
        wardOfPostcode.set(postcode, key);
        firstSeen.set(postcode, { file: file.name, line });
      } else if (earlier !== key) {
        const first = firstSeen.get(postcode)!;
        problem(
          line,
          `${postcode} is listed in ${ward} ward here, but in ${wardNames.get(earlier)} ward at ${first.file}, line ${first.line}.`,
        );
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lists: new WardLists(wardOfPostcode, wardNames, identify) };
}
