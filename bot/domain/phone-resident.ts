import { CheckInDetails, LIMITS, normaliseMobile, parseCheckIn } from './check-in';
import { FieldProblem, Parsed } from './refusal';
import { cleanLine, cleanText } from './text';

/**
 * UK landlines and other numbers a councillor can ring: geographic (01, 02), non-geographic (03),
 * corporate (05) and freephone or local-rate (08), with 9 or 10 digits after the 0. Premium rate (09)
 * is left out: a councillor should never be asked to ring one.
 */
const LANDLINE = /^(?:\+44|0044|0)([12358]\d{8,9})$/;

/** A UK landline as +44…, or undefined if it is not one. Mobiles go through normaliseMobile instead. */
export function normaliseLandline(input: string): string | undefined {
  const match = LANDLINE.exec(input.replace(/[\s()-]/g, ''));
  return match ? `+44${match[1]}` : undefined;
}

/** A +44 number as people write it in the UK: 020 7946 0123, 01632 960123, 0300 123 4567, 07700 900123. */
export function phoneNumberWords(international: string): string {
  const national = international.startsWith('+44') ? `0${international.slice(3)}` : international;
  const groups = (...sizes: number[]): string => {
    const parts: string[] = [];
    let at = 0;
    for (const size of sizes) {
      parts.push(national.slice(at, at + size));
      at += size;
    }
    if (at < national.length) parts.push(national.slice(at));
    return parts.filter((part) => part !== '').join(' ');
  };
  if (/^02/.test(national)) return groups(3, 4);
  // Cities with a three-digit code: 0113 (Leeds) … 0191 (Tyneside), and 0121 (Birmingham) … 0161 (Manchester).
  if (/^01(1\d|\d1)/.test(national)) return groups(4, 3);
  if (/^0(7|1)/.test(national)) return groups(5);
  return groups(4, 3);
}

/** A resident a councillor or officer adds from the tab, say one who rang the council. A mobile goes in `contact`, so text alerts reach it; a landline in `phone`. */
export type PhoneResident = CheckInDetails;

/**
 * The check-in's words speak to the resident ("Enter your name."); here a councillor fills in the form
 * for someone else. Problems other than a missing answer read the same either way.
 */
function forCouncillors(problem: FieldProblem, input: Record<string, unknown>): FieldProblem {
  const missing = cleanText(input[problem.field]) === '';
  switch (problem.field) {
    case 'name':
      return { field: 'name', message: missing ? 'Enter the resident’s name.' : `The name must be ${LIMITS.name} characters or fewer.` };
    case 'postcode':
      return missing ? { field: 'postcode', message: 'Enter the resident’s postcode, like SW1A 1AA.' } : problem;
    case 'issue':
      return missing ? { field: 'issue', message: 'Enter what they would like to talk about.' } : problem;
    default:
      return problem;
  }
}

/** Checks the "Add a resident" form: the check-in's rules for name, postcode, issue and access needs, plus a UK phone number or "no phone". */
export function parsePhoneResident(input: Record<string, unknown>): Parsed<PhoneResident> {
  const { name, postcode, issue, accessNeeds } = input;
  const details = parseCheckIn({ name, postcode, issue, accessNeeds });
  const problems = details.ok ? [] : details.problems.map((problem) => forCouncillors(problem, input));

  const phoneText = cleanLine(input.phone);
  const noPhone = input.noPhone === true;
  const mobile = normaliseMobile(phoneText);
  const landline = mobile ? undefined : normaliseLandline(phoneText);
  const phoneProblem = (message: string): FieldProblem => ({ field: 'phone', message });
  if (noPhone && phoneText !== '') problems.push(phoneProblem('Remove the phone number, or untick “They have no phone”.'));
  else if (!noPhone && phoneText === '')
    problems.push(phoneProblem('Enter a UK phone number, like 01632 960123 or 07700 900123, or tick “They have no phone”.'));
  else if (!noPhone && !mobile && !landline)
    problems.push(phoneProblem('Enter a UK landline or mobile number, like 01632 960123 or 07700 900123.'));

  // Listed in the order of the form, so the error summary reads top to bottom.
  const order = ['name', 'postcode', 'issue', 'phone', 'accessNeeds'];
  problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (!details.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      ...details.value,
      ...(mobile ? { contact: { kind: 'mobile' as const, value: mobile } } : {}),
      ...(landline ? { phone: landline } : {}),
    },
  };
}
