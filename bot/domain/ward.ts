/**
 * A ward is its code and its name. The code is the identity: an ONS ward code (`E05…` England, `W05…`
 * Wales, `S13…` Scotland, `N08…` Northern Ireland) or, where a council has none, a code of its own.
 * Names are only shown.
 */
export type WardCode = string & { readonly brand: 'WardCode' };

export interface Ward {
  code: WardCode;
  /** As residents read it, without a trailing "ward": "Abbey". */
  name: string;
}

const ONS_WARD_CODE = /^(E05|W05|S13|N08)\d{6}$/;
// A council's own code: letters, digits and hyphens, so it reads safely in a file, a log and an address, with a
// digit or a hyphen so that a ward's name ("Abbey") is never taken for a code, and not a letter and digits
// alone, so that a mistyped ONS code ("E0500938") is refused rather than taken for a council's own.
const COUNCIL_WARD_CODE = /^(?=.*[0-9-])(?![A-Z]\d+$)[A-Z][A-Z0-9-]{1,19}$/;

/** The code in its one written form (upper case), or undefined when it is not a ward code. */
export function parseWardCode(text: string): WardCode | undefined {
  const code = text.trim().toUpperCase();
  return ONS_WARD_CODE.test(code) || COUNCIL_WARD_CODE.test(code) ? (code as WardCode) : undefined;
}

/** Anything in a ward: a surgery (its ward's name, and its code once matched to the roster), or a ward asked for. */
export interface InWard {
  ward: string;
  wardCode?: WardCode | undefined;
}

/**
 * The one place the code base decides "same ward": by code when both have one; otherwise by name however it
 * is written ("St. Mary's Ward" is St Marys), for surgeries set up before the roster and wards asked for by name.
 */
export function sameWard(a: InWard, b: InWard): boolean {
  if (a.wardCode !== undefined && b.wardCode !== undefined) return a.wardCode === b.wardCode;
  return wardKey(a.ward) === wardKey(b.ward);
}

/** Whether a code is an ONS ward code, rather than one of a council's own. */
export function isOnsWardCode(code: string): boolean {
  return ONS_WARD_CODE.test(code);
}

/** What ward names are matched on: "St. Mary's Ward", "st-marys" and "ST MARYS" are the same ward. */
export function wardKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’.]/g, '')
    .replace(/[\s_-]+/g, ' ')
    .trim()
    .replace(/ ward$/, '');
}

/** "St Mary's & Priory" -> "st-marys-priory": the ward's part of a web address. */
export function wardSlug(ward: string): string {
  return ward
    .normalize('NFKD')
    .replace(/[\u0300-\u036f'’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
