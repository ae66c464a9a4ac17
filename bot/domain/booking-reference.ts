import { normalisePostcode } from './postcode';

// No 0/O, 1/I/L or 5/S: a reference is read out over the phone and typed from an email.
const ALPHABET = 'ABCDEFGHJKMNPQRTUVWXYZ2346789';
const GROUP = 4;

/** "SQ-7KM4-Q2XD" from 8 random bytes: about 38 bits, drawn again on the rare clash. */
export function bookingReference(random: Uint8Array): string {
  if (random.length < GROUP * 2) throw new Error('A booking reference needs 8 random bytes');
  const chars = [...random.slice(0, GROUP * 2)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return `SQ-${chars.slice(0, GROUP)}-${chars.slice(GROUP)}`;
}

/**
 * What a resident typed, as a reference in its standard form, or undefined when it cannot be one.
 * Case, spaces and dashes do not matter, and the "SQ" may be left off.
 */
export function parseBookingReference(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const compact = text.toUpperCase().replace(/[\s-]/g, '').replace(/^SQ/, '');
  if (compact.length !== GROUP * 2 || [...compact].some((c) => !ALPHABET.includes(c))) return undefined;
  return `SQ-${compact.slice(0, GROUP)}-${compact.slice(GROUP)}`;
}

/** Keys under which a booking is found from what its resident holds: its reference, or its manage page's secret. */
export const referenceLinkKey = (reference: string): string => `ref-${reference}`;
export const manageLinkKey = (token: string): string => `manage-${token}`;

/** The booking's manage page: reached by a secret, like a visit's status page. */
export function managePagePath(token: string): string {
  return `/bookings/${token}`;
}

/** A message quoting a booking reference, and the postcode after it when the resident gave one. */
export interface QuotedReference {
  reference: string;
  /** The postcode in its standard form, when the rest of the message is one. */
  postcode?: string;
  /** Something followed the reference that is not a postcode. */
  unreadable?: true;
}

const QUOTED = /^\s*(?:sq[\s-]*)?([a-z0-9]{4})[\s-]*([a-z0-9]{4})(?![a-z0-9])(.*)$/is;

/**
 * A message that starts with a booking reference, optionally followed by a postcode ("SQ-7KM4-Q2XD RV1 1AA").
 * Without the "SQ" the reference must hold a digit, so an ordinary eight-letter word is never taken for one.
 */
export function quotedReference(text: string): QuotedReference | undefined {
  if (text.length > 80) return undefined;
  const match = QUOTED.exec(text);
  if (!match) return undefined;
  const [, first, second, rest] = match as unknown as [string, string, string, string];
  const reference = parseBookingReference(`${first}${second}`);
  if (!reference || (!/^\s*sq/i.test(text) && !/\d/.test(`${first}${second}`))) return undefined;
  const after = rest.replace(/^[\s,;:.-]+|[\s.]+$/g, '');
  if (after === '') return { reference };
  const postcode = normalisePostcode(after);
  return postcode ? { reference, postcode } : { reference, unreadable: true };
}
