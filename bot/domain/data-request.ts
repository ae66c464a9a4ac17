import { LIMITS, normaliseMobile } from './check-in';
import { normaliseLandline } from './phone-resident';
import { FieldProblem, Parsed } from './refusal';
import { Person } from './surgery-access';
import { cleanLine } from './text';
import type { Booking, Visit } from './model';

/**
 * What an officer knows a resident by, for a subject access or erasure request: their email address,
 * their phone number (mobile, or the landline of a resident added by phone), or a reference they were
 * given (a case or booking reference, a lobby tag, an id).
 */
export type ResidentKey = { kind: 'email'; value: string } | { kind: 'phone'; value: string } | { kind: 'reference'; value: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REFERENCE_LIMIT = 100;
// "mobile" is the same as "phone": officers are asked for whichever they have.
const FIELDS = ['email', 'phone', 'mobile', 'reference'] as const;

/** Exactly one of email, phone (or mobile) or reference, checked as the check-in forms check them. */
export function parseResidentKey(input: Record<string, unknown>): Parsed<ResidentKey> {
  const given = FIELDS.filter((field) => input[field] !== undefined && input[field] !== '');
  const unknown = Object.keys(input).filter((key) => !(FIELDS as readonly string[]).includes(key));
  const problems: FieldProblem[] = unknown.map((field) => ({ field, message: 'Search by email, phone or reference only.' }));
  if (given.length !== 1) {
    problems.push({ field: 'email', message: 'Give one of: email, phone or reference.' });
    return { ok: false, problems };
  }
  const field = given[0]!;
  const raw = input[field];
  if (typeof raw !== 'string') return { ok: false, problems: [...problems, { field, message: `The ${field} must be text.` }] };
  const text = cleanLine(raw);
  let key: ResidentKey | undefined;
  if (field === 'email') {
    if (text.length <= LIMITS.contact && EMAIL.test(text)) key = { kind: 'email', value: text.toLowerCase() };
    else problems.push({ field, message: 'Enter an email address like name@example.com.' });
  } else if (field === 'phone' || field === 'mobile') {
    const phone = normaliseMobile(text) ?? normaliseLandline(text);
    if (phone) key = { kind: 'phone', value: phone };
    else problems.push({ field, message: 'Enter a UK phone number, like 07700 900123 or 01632 960123.' });
  } else if (text !== '' && text.length <= REFERENCE_LIMIT) key = { kind: 'reference', value: text };
  else problems.push({ field, message: `Enter a reference of up to ${REFERENCE_LIMIT} characters.` });
  return key && problems.length === 0 ? { ok: true, value: key } : { ok: false, problems };
}

// "Jane S · A7", "jane s a7" and "JANE-S-A7" are the same lobby tag to an officer typing it in.
const plain = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

function contactMatches(contact: { kind: 'email' | 'mobile'; value: string } | undefined, key: ResidentKey): boolean {
  if (contact === undefined || contact.value === '' || contact.value !== key.value) return false;
  return key.kind === (contact.kind === 'email' ? 'email' : 'phone');
}

export function visitMatches(visit: Visit, key: ResidentKey): boolean {
  if (key.kind === 'phone' && visit.phone !== undefined && visit.phone === key.value) return true;
  if (key.kind !== 'reference') return contactMatches(visit.contact, key);
  const wanted = plain(key.value);
  return (
    wanted !== '' &&
    [visit.id, visit.caseReference, visit.bookingId, visit.anonymisedAt ? undefined : visit.lobbyTag].some(
      (ref) => ref !== undefined && plain(ref) === wanted,
    )
  );
}

export function bookingMatches(booking: Booking, key: ResidentKey): boolean {
  if (key.kind !== 'reference') return contactMatches(booking.contact, key);
  const wanted = plain(key.value);
  return wanted !== '' && [booking.id, booking.reference].some((ref) => ref !== '' && plain(ref) === wanted);
}

/** One of OFFICER_ACCOUNTS: an Entra ID account, named by its tenant and its object id, lower case. */
export interface OfficerAccount {
  tenantId: string;
  objectId: string;
}

/**
 * Officers are named by tenant and object id together: a sign-in name can be reused, and several tenants
 * may sign in (ALLOWED_TENANT_IDS), so neither alone says who someone is.
 */
export function isOfficer(person: Person, officerAccounts: readonly OfficerAccount[]): boolean {
  const tenantId = person.tenantId.toLowerCase();
  const objectId = person.id.toLowerCase();
  return officerAccounts.some((officer) => officer.tenantId === tenantId && officer.objectId === objectId);
}
