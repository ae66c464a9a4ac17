import { normalisePostcode } from './postcode';
import { FieldProblem, Parsed } from './refusal';
import { cleanLine, cleanText } from './text';

export const LIMITS = { name: 80, issue: 500, contact: 120, accessNeeds: 200 } as const;

export interface CheckInDetails {
  name: string;
  postcode: string;
  issue: string;
  contact?: { kind: 'mobile' | 'email'; value: string };
  accessNeeds?: string;
  /** A landline (+44…) to ring, for a resident a councillor added by phone; never asked in the chat. */
  phone?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** UK mobile numbers: 07xxx xxxxxx or +44 7xxx xxxxxx, stored as +447xxxxxxxxx. */
export function normaliseMobile(input: string): string | undefined {
  const digits = input.replace(/[\s()-]/g, '');
  const match = /^(?:\+44|0044|0)(7\d{9})$/.exec(digits);
  return match ? `+44${match[1]}` : undefined;
}

function parseContact(raw: string): CheckInDetails['contact'] | FieldProblem | undefined {
  if (raw === '') return undefined;
  if (raw.length > LIMITS.contact) return { field: 'contact', message: 'Your mobile number or email address is too long.' };
  if (raw.includes('@')) {
    return EMAIL.test(raw)
      ? { kind: 'email', value: raw.toLowerCase() }
      : { field: 'contact', message: 'Check your email address: it should look like name@example.com.' };
  }
  const mobile = normaliseMobile(raw);
  return mobile
    ? { kind: 'mobile', value: mobile }
    : { field: 'contact', message: 'Enter a UK mobile number, like 07700 900123, or an email address. You can leave this empty.' };
}

/** Checks what a resident typed into the check-in form. Every problem is listed, so they can fix all at once. */
export function parseCheckIn(input: Record<string, unknown>): Parsed<CheckInDetails> {
  const problems: FieldProblem[] = [];
  const name = cleanLine(input.name);
  const postcodeText = cleanLine(input.postcode);
  const issue = cleanText(input.issue);
  const contactText = cleanLine(input.contact);
  const accessNeeds = cleanText(input.accessNeeds);

  if (name === '') problems.push({ field: 'name', message: 'Enter your name.' });
  else if (name.length > LIMITS.name) problems.push({ field: 'name', message: `Your name must be ${LIMITS.name} characters or fewer.` });

  const postcode = normalisePostcode(postcodeText);
  if (postcodeText === '') problems.push({ field: 'postcode', message: 'Enter your postcode, like SW1A 1AA.' });
  else if (!postcode) problems.push({ field: 'postcode', message: 'Enter a real UK postcode, like SW1A 1AA.' });

  if (issue === '') problems.push({ field: 'issue', message: 'Tell us briefly what you would like to talk about.' });
  else if (issue.length > LIMITS.issue) {
    problems.push({ field: 'issue', message: `What it is about must be ${LIMITS.issue} characters or fewer. You have ${issue.length}.` });
  }

  const contact = parseContact(contactText);
  if (contact && 'field' in contact) problems.push(contact);

  if (accessNeeds.length > LIMITS.accessNeeds) {
    problems.push({ field: 'accessNeeds', message: `Access needs must be ${LIMITS.accessNeeds} characters or fewer.` });
  }

  if (problems.length > 0 || !postcode) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      postcode,
      issue,
      ...(contact && !('field' in contact) ? { contact } : {}),
      ...(accessNeeds ? { accessNeeds } : {}),
    },
  };
}
