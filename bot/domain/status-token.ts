/**
 * A visit's status page is reached by a secret token in its link: 32 random bytes (256 bits) as base64url,
 * so it cannot be guessed, and it is safe in a URL path and as a storage key.
 */
export const STATUS_TOKEN_BYTES = 32;

const STATUS_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function isStatusToken(raw: string): boolean {
  return STATUS_TOKEN.test(raw);
}

export function statusPagePath(token: string): string {
  return `/status/${token}`;
}
