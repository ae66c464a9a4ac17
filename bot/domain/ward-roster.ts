import { readCsv } from './csv';
import { InWard, Ward, WardCode, parseWardCode, wardKey, wardSlug } from './ward';

/**
 * The council's roster: every ward, by its code and name, with the councillors who represent it. Officers
 * keep it as one CSV file, a row per councillor (a ward with no councillor listed has one row with the
 * councillor's columns empty):
 *
 * ```csv
 * ward code,ward name,councillor,email,entra object id
 * E05009388,Abbey,Jane Smith,jane.smith@council.gov.uk,
 * ```
 *
 * The header names the columns, in any order and any case; the object id column may be left out. Every
 * problem is reported with its line, all at once; one problem and the roster is not used.
 */

/** The roster's columns, in the order the import writes them. */
export const ROSTER_HEADER = ['ward code', 'ward name', 'councillor', 'email', 'entra object id'] as const;

export interface RosterCouncillor {
  name: string;
  /** Their work email (sign-in name), lower case. */
  email: string;
  /** Their Entra object id, lower case, when the roster gives it. */
  objectId?: string;
}

export interface RosterWard extends Ward {
  /** The ward's part of a web address ("st-marys"), made once here so every address agrees. */
  slug: string;
  councillors: RosterCouncillor[];
}

/** Who is signed in, as far as the roster can tell: by object id when it has one, else by work email. */
export interface RosterAccount {
  email?: string;
  objectId?: string;
}

export type RosterResult = { ok: true; roster: WardRoster } | { ok: false; problems: string[] };

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Immutable: a reload builds a new roster and swaps it in whole. */
export class WardRoster {
  private readonly byCode: ReadonlyMap<string, RosterWard>;
  private readonly byName: ReadonlyMap<string, RosterWard>;
  private readonly bySlug: ReadonlyMap<string, RosterWard>;

  constructor(readonly wards: readonly RosterWard[]) {
    this.byCode = new Map(wards.map((w) => [w.code, w]));
    this.byName = new Map(wards.map((w) => [wardKey(w.name), w]));
    this.bySlug = new Map(wards.map((w) => [w.slug, w]));
    Object.freeze(this);
  }

  /** The ward with this code. */
  ward(code: string): RosterWard | undefined {
    return this.byCode.get(parseWardCode(code) ?? '');
  }

  /** The ward a code or a name (however it is written: "St. Mary's Ward" is St Marys) refers to. */
  find(codeOrName: string): RosterWard | undefined {
    return this.ward(codeOrName) ?? this.byName.get(wardKey(codeOrName));
  }

  /** The ward whose web address part this is. */
  withSlug(slug: string): RosterWard | undefined {
    return this.bySlug.get(slug);
  }

  /** The wards this person represents. */
  wardsOf(account: RosterAccount): RosterWard[] {
    const email = account.email?.toLowerCase();
    const objectId = account.objectId?.toLowerCase();
    return this.wards.filter((w) =>
      w.councillors.some((c) => (objectId !== undefined && c.objectId === objectId) || (email !== undefined && c.email === email)),
    );
  }

  /** A surgery in this roster's ward: its code, and the ward's name as the roster gives it. */
  placed<T extends { ward: string }>(surgery: T): (T & { wardCode: WardCode }) | undefined {
    const ward = this.find(surgery.ward);
    return ward && { ...surgery, ward: ward.name, wardCode: ward.code };
  }

  get councillorCount(): number {
    return new Set(this.wards.flatMap((w) => w.councillors.map((c) => c.email))).size;
  }
}

/** A ward's part of a public address ("st-marys"): the one the roster made for it, else made from its name. */
export type WardSlugs = (ward: InWard) => string;

export function wardSlugs(roster: WardRoster | undefined): WardSlugs {
  return (ward) => (ward.wardCode === undefined ? undefined : roster?.ward(ward.wardCode)?.slug) ?? wardSlug(ward.ward);
}

const columnName = (header: string) => header.toLowerCase().replace(/[^a-z]/g, '');
const COLUMNS = {
  code: ['wardcode', 'code'],
  name: ['wardname', 'ward'],
  councillor: ['councillor', 'councillorname', 'name'],
  email: ['email', 'workemail'],
  objectId: ['entraobjectid', 'objectid'],
};

/** Reads the roster, or lists every problem with its line. */
export function parseRoster(file: string, text: string): RosterResult {
  const problems: string[] = [];
  const problem = (line: number, message: string) => problems.push(`${file}, line ${line}: ${message}`);
  const { rows, unclosedQuoteLine } = readCsv(text);
  if (unclosedQuoteLine !== undefined)
    return { ok: false, problems: [`${file}, line ${unclosedQuoteLine}: a quoted field has no closing quote (").`] };
  const [header, ...records] = rows.filter((row) => row.cells.some((cell) => cell !== ''));
  if (!header) return { ok: false, problems: [`${file}, line 1: the file is empty. It needs a header row: ${ROSTER_HEADER.join(',')}.`] };
  const names = header.cells.map(columnName);
  const column = (candidates: string[]) => names.findIndex((name) => candidates.includes(name));
  const at = {
    code: column(COLUMNS.code),
    name: column(COLUMNS.name),
    councillor: column(COLUMNS.councillor),
    email: column(COLUMNS.email),
    objectId: column(COLUMNS.objectId),
  };
  const missing = (['code', 'name', 'councillor', 'email'] as const).filter((key) => at[key] < 0);
  if (missing.length > 0)
    return {
      ok: false,
      problems: [
        `${file}, line ${header.line}: the header row needs the columns ${ROSTER_HEADER.slice(0, 4).join(', ')} (it has: ${header.cells.join(', ')}).`,
      ],
    };

  const wards = new Map<WardCode, { ward: RosterWard; line: number }>();
  const nameKeys = new Map<string, { code: WardCode; line: number }>();
  for (const { line, cells } of records) {
    const cell = (index: number) => (index < 0 ? '' : (cells[index] ?? '').trim());
    const written = cell(at.code);
    const code = parseWardCode(written);
    // Residents read "Abbey ward": a name ending in "Ward" would say it twice.
    const name = cell(at.name)
      .replace(/\s+/g, ' ')
      .replace(/(.) ward$/i, '$1');
    if (code === undefined)
      problem(line, written === '' ? 'There is no ward code.' : `"${written}" is not a ward code (such as E05009388).`);
    if (name === '') problem(line, 'There is no ward name.');
    const councillor = cell(at.councillor).replace(/\s+/g, ' ');
    const email = cell(at.email).toLowerCase();
    const objectId = cell(at.objectId).toLowerCase();
    if (councillor === '' && (email !== '' || objectId !== '')) problem(line, 'There is no councillor’s name.');
    if (councillor !== '' && !EMAIL.test(email))
      problem(line, email === '' ? `There is no work email for ${councillor}.` : `"${email}" is not an email address.`);
    if (objectId !== '' && !OBJECT_ID.test(objectId))
      problem(line, `"${objectId}" is not an Entra object id (such as 0f8fad5b-d9cb-469f-a165-70867728950e).`);
    if (code === undefined || name === '') continue;

    const known = wards.get(code);
    if (known && known.ward.name !== name) problem(line, `${code} is named ${name} here but ${known.ward.name} on line ${known.line}.`);
    const sameName = nameKeys.get(wardKey(name));
    if (sameName && sameName.code !== code)
      problem(line, `${name} is also the name of ${sameName.code} on line ${sameName.line}: two wards need two names.`);
    if (!sameName) nameKeys.set(wardKey(name), { code, line });
    const ward = known?.ward ?? { code, name, slug: '', councillors: [] };
    if (!known) wards.set(code, { ward, line });
    if (councillor === '' || !EMAIL.test(email)) continue;
    if (ward.councillors.some((c) => c.email === email)) problem(line, `${email} is listed in ${name} twice.`);
    else ward.councillors.push({ name: councillor, email, ...(objectId !== '' && OBJECT_ID.test(objectId) ? { objectId } : {}) });
  }
  if (problems.length === 0 && wards.size === 0) problem(header.line + 1, 'The roster lists no ward.');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, roster: new WardRoster(withSlugs([...wards.values()].map((w) => w.ward))) };
}

/** Each ward's address part from its name; two names that read the same in an address get their codes added. */
function withSlugs(wards: RosterWard[]): RosterWard[] {
  const count = new Map<string, number>();
  for (const w of wards) count.set(wardSlug(w.name), (count.get(wardSlug(w.name)) ?? 0) + 1);
  return wards
    .map((w) => {
      const slug = wardSlug(w.name);
      return { ...w, slug: count.get(slug)! > 1 || slug === '' ? `${slug}-${w.code.toLowerCase()}`.replace(/^-/, '') : slug };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
