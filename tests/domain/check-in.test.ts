import { CheckInDetails, normaliseMobile, parseCheckIn } from '../../bot/domain/check-in';
import { FieldProblem } from '../../bot/domain/refusal';

const FORM = { name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Bins not collected for three weeks.', contact: '', accessNeeds: '' };

function details(input: Record<string, unknown>): CheckInDetails {
  const parsed = parseCheckIn(input);
  if (!parsed.ok) throw new Error(`Expected the form to be accepted, but: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

function problems(input: Record<string, unknown>): FieldProblem[] {
  const parsed = parseCheckIn(input);
  if (parsed.ok) throw new Error(`Expected problems, but the form was accepted: ${JSON.stringify(parsed.value)}`);
  return parsed.problems;
}

describe('parseCheckIn accepts and tidies what residents type', () => {
  it('When the form is filled in plainly, then the details are kept as typed, with no contact or access needs', () => {
    const value = details(FORM);

    expect(value).toEqual({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Bins not collected for three weeks.' });
  });

  it.each<[string, Record<string, unknown>, Partial<CheckInDetails>]>([
    ['a postcode in lower case with no space', { postcode: 'sw1a1aa' }, { postcode: 'SW1A 1AA' }],
    ['a postcode with extra spaces', { postcode: '  ec1a   1bb ' }, { postcode: 'EC1A 1BB' }],
    ['a mobile number with spaces', { contact: '07700 900123' }, { contact: { kind: 'mobile', value: '+447700900123' } }],
    ['a mobile number with +44', { contact: '+44 7700 900123' }, { contact: { kind: 'mobile', value: '+447700900123' } }],
    ['a mobile number with brackets and a dash', { contact: '(07700) 900-123' }, { contact: { kind: 'mobile', value: '+447700900123' } }],
    [
      'an email address in capitals',
      { contact: ' Jane.Smith@Example.COM ' },
      { contact: { kind: 'email', value: 'jane.smith@example.com' } },
    ],
    ['a name with extra spaces', { name: '   Jane    Smith  ' }, { name: 'Jane Smith' }],
    ['a name with a tab between the words', { name: 'Jane\t Smith' }, { name: 'Jane Smith' }],
    ['a name with control characters', { name: 'Ja\u0000ne\u0007 Smith\u001b' }, { name: 'Jane Smith' }],
    ['an issue over several lines', { issue: '  Bins not collected.\r\nSince May.  ' }, { issue: 'Bins not collected.\nSince May.' }],
    ['access needs', { accessNeeds: '  BSL interpreter ' }, { accessNeeds: 'BSL interpreter' }],
    ['a name of 80 characters', { name: 'J'.repeat(80) }, { name: 'J'.repeat(80) }],
    ['an issue of 500 characters', { issue: 'x'.repeat(500) }, { issue: 'x'.repeat(500) }],
    ['access needs of 200 characters', { accessNeeds: 'x'.repeat(200) }, { accessNeeds: 'x'.repeat(200) }],
  ])('When a resident types %s, then it is accepted and tidied', (_, change, expected) => {
    expect(details({ ...FORM, ...change })).toMatchObject(expected);
  });
});

describe('parseCheckIn says what to fix', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['an empty name', { name: '' }, 'name', 'Enter your name.'],
    ['a name of only spaces', { name: '   ' }, 'name', 'Enter your name.'],
    ['a name of 81 characters', { name: 'J'.repeat(81) }, 'name', 'Your name must be 80 characters or fewer.'],
    ['no postcode', { postcode: undefined }, 'postcode', 'Enter your postcode, like SW1A 1AA.'],
    ['a number for a postcode', { postcode: '12345' }, 'postcode', 'Enter a real UK postcode, like SW1A 1AA.'],
    ['letters for a postcode', { postcode: 'ABC' }, 'postcode', 'Enter a real UK postcode, like SW1A 1AA.'],
    ['an empty issue', { issue: '' }, 'issue', 'Tell us briefly what you would like to talk about.'],
    ['an issue of 501 characters', { issue: 'x'.repeat(501) }, 'issue', 'What it is about must be 500 characters or fewer. You have 501.'],
    [
      'a landline number',
      { contact: '020 7946 0000' },
      'contact',
      'Enter a UK mobile number, like 07700 900123, or an email address. You can leave this empty.',
    ],
    [
      'a mobile number one digit short',
      { contact: '07700 90012' },
      'contact',
      'Enter a UK mobile number, like 07700 900123, or an email address. You can leave this empty.',
    ],
    [
      'an email address with no domain',
      { contact: 'jane@example' },
      'contact',
      'Check your email address: it should look like name@example.com.',
    ],
    [
      'a contact of 121 characters',
      { contact: `${'j'.repeat(109)}@example.com` },
      'contact',
      'Your mobile number or email address is too long.',
    ],
    ['access needs of 201 characters', { accessNeeds: 'x'.repeat(201) }, 'accessNeeds', 'Access needs must be 200 characters or fewer.'],
    ['a number for a name', { name: 42 }, 'name', 'Enter your name.'],
    ['an object for a name', { name: { first: 'Jane' } }, 'name', 'Enter your name.'],
    ['an array for a postcode', { postcode: ['SW1A 1AA'] }, 'postcode', 'Enter your postcode, like SW1A 1AA.'],
    ['an object for an issue', { issue: { toString: () => 'Bins' } }, 'issue', 'Tell us briefly what you would like to talk about.'],
  ])('When a resident gives %s, then only the %s field has a problem', (_, change, field, message) => {
    expect(problems({ ...FORM, ...change })).toEqual([{ field, message }]);
  });

  it('When everything required is missing, then every problem is listed at once, in the order of the form', () => {
    expect(problems({ contact: 'not a number', accessNeeds: 'x'.repeat(201) }).map((p) => p.field)).toEqual([
      'name',
      'postcode',
      'issue',
      'contact',
      'accessNeeds',
    ]);
  });

  it('When the form is not a form at all, then each required field is reported', () => {
    expect(problems({}).map((p) => p.field)).toEqual(['name', 'postcode', 'issue']);
  });
});

describe('normaliseMobile', () => {
  it.each([
    ['07700900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['+447700900123', '+447700900123'],
    ['01632 960001', undefined],
    ['+33 6 12 34 56 78', undefined],
    ['077009001234', undefined],
  ])('When the number is "%s", then it is stored as %s', (input, expected) => {
    expect(normaliseMobile(input)).toBe(expected);
  });
});
