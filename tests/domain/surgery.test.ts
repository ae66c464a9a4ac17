import { FieldProblem } from '../../bot/domain/refusal';
import type { SurgeryPlan } from '../../bot/domain/model';
import { openSurgery, parseSurgeryPlan, planSurgery } from '../../bot/domain/surgery';
import { aSurgery } from '../support/builders';
import { accepted, refused } from './outcomes';

const NOW = new Date('2025-03-01T09:50:00.000Z');
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_riverside%40thread.v2/0';
const SET_UP = { ward: 'Riverside', joinUrl: JOIN_URL, councillors: ['Cllr Amina Patel'] };

function plan(input: Record<string, unknown>): SurgeryPlan {
  const parsed = parseSurgeryPlan(input, NOW);
  if (!parsed.ok) throw new Error(`Expected the set-up to be accepted, but: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

function problems(input: Record<string, unknown>): FieldProblem[] {
  const parsed = parseSurgeryPlan(input, NOW);
  if (parsed.ok) throw new Error(`Expected problems, but it was accepted: ${JSON.stringify(parsed.value)}`);
  return parsed.problems;
}

describe('parseSurgeryPlan times', () => {
  it('When no times are given, then the surgery starts now and ends two hours later', () => {
    expect(plan(SET_UP)).toMatchObject({ startsAt: '2025-03-01T09:50:00.000Z', endsAt: '2025-03-01T11:50:00.000Z' });
  });

  it('When the times are left empty, then the same defaults apply', () => {
    expect(plan({ ...SET_UP, startsAt: '', endsAt: '' })).toMatchObject({
      startsAt: NOW.toISOString(),
      endsAt: '2025-03-01T11:50:00.000Z',
    });
  });

  it('When only a start is given, then the surgery ends two hours after it', () => {
    expect(plan({ ...SET_UP, startsAt: '2025-03-04T18:00:00Z' })).toMatchObject({
      startsAt: '2025-03-04T18:00:00.000Z',
      endsAt: '2025-03-04T20:00:00.000Z',
    });
  });

  it('When a start and an end are given with a UK summer offset, then they are kept as the same moments in UTC', () => {
    expect(plan({ ...SET_UP, startsAt: '2025-07-01T18:00:00+01:00', endsAt: '2025-07-01T19:30:00+01:00' })).toMatchObject({
      startsAt: '2025-07-01T17:00:00.000Z',
      endsAt: '2025-07-01T18:30:00.000Z',
    });
  });

  it('When a surgery lasts exactly 12 hours, then it is accepted', () => {
    expect(plan({ ...SET_UP, startsAt: '2025-03-04T08:00:00Z', endsAt: '2025-03-04T20:00:00Z' }).endsAt).toBe('2025-03-04T20:00:00.000Z');
  });

  it.each<[string, Record<string, unknown>, FieldProblem]>([
    ['a start that is not a time', { startsAt: 'next Tuesday' }, { field: 'startsAt', message: 'Enter the start as a date and time.' }],
    [
      'a start that is a number',
      { startsAt: 1740822600000, endsAt: '2025-03-01T12:00:00Z' },
      { field: 'startsAt', message: 'Enter the start as a date and time.' },
    ],
    ['an end that is not a time', { endsAt: 'soon' }, { field: 'endsAt', message: 'Enter the end as a date and time.' }],
    [
      'an end before the start',
      { startsAt: '2025-03-04T18:00:00Z', endsAt: '2025-03-04T17:00:00Z' },
      { field: 'endsAt', message: 'The end must be after the start.' },
    ],
    [
      'an end equal to the start',
      { startsAt: '2025-03-04T18:00:00Z', endsAt: '2025-03-04T18:00:00Z' },
      { field: 'endsAt', message: 'The end must be after the start.' },
    ],
    [
      'a surgery of 12 hours and a minute',
      { startsAt: '2025-03-04T08:00:00Z', endsAt: '2025-03-04T20:01:00Z' },
      { field: 'endsAt', message: 'A surgery can last at most 12 hours.' },
    ],
  ])('When the councillor gives %s, then that time is refused', (_, times, problem) => {
    expect(problems({ ...SET_UP, ...times })).toContainEqual(problem);
  });
});

describe('parseSurgeryPlan join link', () => {
  it.each([JOIN_URL, 'https://teams.live.com/meet/9312345678901'])('When the join link is %s, then it is accepted', (joinUrl) => {
    expect(plan({ ...SET_UP, joinUrl }).joinUrl).toBe(joinUrl);
  });

  it.each([
    ['not https', 'http://teams.microsoft.com/l/meetup-join/abc'],
    ['another site', 'https://zoom.us/j/123'],
    ['a look-alike site', 'https://teams.microsoft.com.evil.example/l/meetup-join/abc'],
    ['without the scheme', 'teams.microsoft.com/l/meetup-join/abc'],
    ['a script', 'javascript:alert(1)'],
    ['empty', ''],
    ['far too long', `https://teams.microsoft.com/l/meetup-join/${'a'.repeat(2000)}`],
  ])('When the join link is %s, then it is refused', (_, joinUrl) => {
    expect(problems({ ...SET_UP, joinUrl })).toEqual([
      { field: 'joinUrl', message: 'Paste the Teams meeting join link (it starts https://teams.microsoft.com/).' },
    ]);
  });
});

describe('parseSurgeryPlan phone line', () => {
  it('When the invitation’s phone number and conference ID are given, then residents can be told them', () => {
    expect(plan({ ...SET_UP, dialInNumber: ' +44 20 3443 1234 ', dialInConferenceId: '123 456 789#' }).dialIn).toEqual({
      number: '+44 20 3443 1234',
      conferenceId: '123 456 789',
    });
  });

  it('When neither is given, then the surgery has no phone line', () => {
    expect(plan({ ...SET_UP, dialInNumber: '', dialInConferenceId: '' }).dialIn).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a number without its conference ID', { dialInNumber: '+44 20 3443 1234' }, ['dialInConferenceId']],
    ['a conference ID without its number', { dialInConferenceId: '123456789' }, ['dialInNumber']],
    ['a number in words', { dialInNumber: 'call the office', dialInConferenceId: '123456789' }, ['dialInNumber']],
    ['a conference ID with letters', { dialInNumber: '020 3443 1234', dialInConferenceId: 'abc' }, ['dialInConferenceId']],
    ['something that is not text', { dialInNumber: { evil: true }, dialInConferenceId: ['1'] }, ['dialInNumber', 'dialInConferenceId']],
  ])('When the phone line is %s, then the councillor is told which field to fix', (_, input, fields) => {
    expect(problems({ ...SET_UP, ...input }).map((problem) => problem.field)).toEqual(fields);
  });
});

describe('parseSurgeryPlan ward and councillors', () => {
  it.each<[string, unknown, string[]]>([
    ['a list', ['Cllr Amina Patel', ' Cllr Tom Reid '], ['Cllr Amina Patel', 'Cllr Tom Reid']],
    ['a comma-separated line', 'Cllr Amina Patel, Cllr Tom Reid', ['Cllr Amina Patel', 'Cllr Tom Reid']],
    ['a line with stray commas', ',Cllr Amina Patel,, Cllr Tom Reid,', ['Cllr Amina Patel', 'Cllr Tom Reid']],
    ['ten names', Array.from({ length: 10 }, (_, i) => `Cllr ${i + 1}`), Array.from({ length: 10 }, (_, i) => `Cllr ${i + 1}`)],
  ])('When councillors are given as %s, then each name is kept, tidied', (_, councillors, expected) => {
    expect(plan({ ...SET_UP, councillors }).councillors).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['an empty list', []],
    ['an empty line', '  '],
    ['only commas', ',,'],
    ['eleven names', Array.from({ length: 11 }, (_, i) => `Cllr ${i + 1}`)],
    ['a name over 80 characters', ['C'.repeat(81)]],
    ['a number', 3],
  ])('When the councillors are %s, then they are refused', (_, councillors) => {
    expect(problems({ ...SET_UP, councillors })).toEqual([
      { field: 'councillors', message: 'Enter between one and ten councillor names.' },
    ]);
  });

  it.each([
    ['empty', ''],
    ['over 80 characters', 'W'.repeat(81)],
  ])('When the ward is %s, then it is refused', (_, ward) => {
    expect(problems({ ...SET_UP, ward })).toEqual([{ field: 'ward', message: 'Enter the ward name (up to 80 characters).' }]);
  });

  it('When several things are wrong, then every problem is listed at once', () => {
    expect(problems({ startsAt: 'soon', endsAt: 'later' }).map((p) => p.field)).toEqual([
      'ward',
      'startsAt',
      'endsAt',
      'joinUrl',
      'councillors',
    ]);
  });
});

describe('planSurgery and openSurgery', () => {
  it('When a surgery is planned, then it is scheduled with no tickets issued', () => {
    const surgery = planSurgery('surgery-x', plan(SET_UP), 'Cllr Amina Patel', NOW);

    expect(surgery).toMatchObject({
      id: 'surgery-x',
      ward: 'Riverside',
      status: 'scheduled',
      ticketsIssued: 0,
      createdBy: 'Cllr Amina Patel',
      createdAt: NOW.toISOString(),
    });
  });

  it('When a scheduled surgery is opened, then it is open from now', () => {
    const opened = accepted(openSurgery(aSurgery({ status: 'scheduled', openedAt: undefined }), NOW));

    expect(opened).toMatchObject({ status: 'open', openedAt: NOW.toISOString() });
  });

  it.each([
    ['open', 'SURGERY.ALREADY_OPEN'],
    ['ended', 'SURGERY.ENDED'],
  ] as const)('When the surgery is already %s, then opening it is refused with %s', (status, code) => {
    refused(openSurgery(aSurgery({ status }), NOW), code);
  });
});
