/**
 * A ward is its code and its name. The code is the identity: an ONS ward code (`E05…` England, `W05…`
 * Wales, `S13…` Scotland, `N08…` Northern Ireland) or, where a council has none, a code of its own.
 * Names are only shown.
 */
export type WardCode = string & { readonly brand: 'WardCode' };

const ONS_WARD_CODE = /^(E05|W05|S13|N08)\d{6}$/;
// A council's own code: letters, digits and hyphens, so it reads safely in a file, a log and an address.
const COUNCIL_WARD_CODE = /^[A-Z][A-Z0-9-]{1,19}$/;

/** The code in its one written form (upper case), or undefined when it is not a ward code. */
export function parseWardCode(text: string): WardCode | undefined {
  const code = text.trim().toUpperCase();
  return ONS_WARD_CODE.test(code) || COUNCIL_WARD_CODE.test(code) ? (code as WardCode) : undefined;
}

/** Whether a code is an ONS ward code, rather than one of a council's own. */
export function isOnsWardCode(code: string): boolean {
  return ONS_WARD_CODE.test(code);
}
