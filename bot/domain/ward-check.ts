import type { InWard } from './ward';

/**
 * Whether a resident's postcode is in the ward whose surgery they come to, from the postcode lists
 * officers maintain. "unknown" when the postcode is on no list (or no list is loaded).
 */
export type WardCheckResult = 'in_ward' | 'outside' | 'unknown';

export interface WardCheck {
  result: WardCheckResult;
  /** The ward the postcode is in, when a list names it (for "outside", the resident's own ward). */
  postcodeWard?: string;
}

/** Looks a postcode up for a ward's surgery. Postcodes are in their standard form ("SW1A 1AA"). */
export interface WardLookup {
  check(ward: InWard, postcode: string): WardCheck;
}

/** What the council does when a resident from another ward books: take the booking (flagged) or not. */
export type OutsideWardPolicy = 'allow' | 'refuse';

/** No lists loaded: every postcode is "unknown". */
export const NO_WARD_LISTS: WardLookup = { check: () => ({ result: 'unknown' }) };
