/**
 * A visit's status page is reached by a secret token in its link: 32 random bytes (256 bits) as base64url,
 * so it cannot be guessed, and it is safe in a URL path and as a storage key.
 */
export const STATUS_TOKEN_BYTES = 32;

const SECRET = '[A-Za-z0-9_-]{43}';
const STATUS_TOKEN = new RegExp(`^${SECRET}$`);
const ID = '[A-Za-z0-9_-]{1,64}';
const VISIT_STATUS_TOKEN = new RegExp(`^(${ID})\\.(${ID})\\.${SECRET}$`);

/** A secret alone (a manage page's, or a status page's made before tokens named their visit), or a visit's status token. */
export function isStatusToken(raw: string): boolean {
  return STATUS_TOKEN.test(raw) || VISIT_STATUS_TOKEN.test(raw);
}

/**
 * A visit's status token names its surgery and visit before the secret, so its page finds the visit by
 * reading that one queue, and no link is stored apart from the visit. The secret, kept on the visit, is what
 * proves the holder was given it. Undefined for ids a token cannot carry.
 */
export function visitStatusToken(surgeryId: string, visitId: string, secret: string): string | undefined {
  const token = `${surgeryId}.${visitId}.${secret}`;
  return VISIT_STATUS_TOKEN.test(token) ? token : undefined;
}

/** The surgery and visit a status token names; undefined for a token made before tokens named them. */
export function visitOfStatusToken(token: string): { surgeryId: string; visitId: string } | undefined {
  const match = VISIT_STATUS_TOKEN.exec(token);
  return match ? { surgeryId: match[1]!, visitId: match[2]! } : undefined;
}

export function statusPagePath(token: string): string {
  return `/status/${token}`;
}
