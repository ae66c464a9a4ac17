import { parseSurgeryPlan } from '../../bot/domain/surgery';
import { currentSurgery, MeetingRole, mayRunSurgery, Person } from '../../bot/domain/surgery-access';
import { aSurgery } from '../support/builders';

const COUNCIL = 'tenant-council';
const ADA: Person = { id: 'oid-ada', tenantId: COUNCIL, name: 'Cllr Ada Khan', account: 'ada.khan@council.example' };
const BEN: Person = { id: 'oid-ben', tenantId: COUNCIL, name: 'Cllr Ben Ode', account: 'ben.ode@council.example' };
const CAT: Person = { id: 'oid-cat', tenantId: COUNCIL, name: 'Cat Orr (officer)', account: 'cat.orr@council.example' };
const GUEST_BEN: Person = { ...BEN, id: 'oid-ben-elsewhere', tenantId: 'tenant-elsewhere' };

const surgery = aSurgery({
  meetingId: 'MCMxOTptZWV0aW5nX2FiY0B0aHJlYWQudjIjMA==',
  organiser: { id: ADA.id, tenantId: COUNCIL },
  councillorAccounts: ['ben.ode@council.example', 'oid-dan'],
});

describe('mayRunSurgery: who sees a surgery’s residents', () => {
  it.each<{ who: string; person: Person; role: MeetingRole | undefined; expected: boolean }>([
    { who: 'the organiser', person: ADA, role: undefined, expected: true },
    { who: 'a councillor added by email', person: BEN, role: undefined, expected: true },
    {
      who: 'a councillor added by email, in capitals',
      person: { ...BEN, account: 'Ben.Ode@Council.Example' },
      role: undefined,
      expected: true,
    },
    {
      who: 'a councillor added by object id',
      person: { id: 'oid-dan', tenantId: COUNCIL, name: 'Cllr Dan' },
      role: undefined,
      expected: true,
    },
    { who: 'someone with the same email from another tenant', person: GUEST_BEN, role: undefined, expected: false },
    {
      who: 'the organiser’s object id in another tenant',
      person: { ...ADA, tenantId: 'tenant-elsewhere' },
      role: undefined,
      expected: false,
    },
    { who: 'an officer not on the list', person: CAT, role: undefined, expected: false },
    { who: 'an officer who is the meeting’s organiser', person: CAT, role: 'Organizer', expected: true },
    { who: 'an officer who presents in the meeting', person: CAT, role: 'Presenter', expected: true },
    { who: 'an attendee (an admitted resident, say)', person: CAT, role: 'Attendee', expected: false },
    { who: 'someone with a role Teams may add later', person: CAT, role: 'Producer', expected: false },
  ])('When the caller is $who, then they may run it: $expected', ({ person, role, expected }) => {
    expect(mayRunSurgery(surgery, person, role)).toBe(expected);
  });

  it('When the surgery runs in no meeting, then a meeting role counts for nothing', () => {
    expect(mayRunSurgery({ ...surgery, meetingId: undefined }, CAT, 'Organizer')).toBe(false);
  });

  it('When a surgery was set up before sign-in existed (no organiser), then only meeting roles let anyone in', () => {
    const old = aSurgery({ meetingId: 'meeting-1234' });
    expect(mayRunSurgery(old, ADA)).toBe(false);
    expect(mayRunSurgery(old, ADA, 'Presenter')).toBe(true);
  });
});

describe('currentSurgery: which of a meeting’s surgeries its panel shows', () => {
  const NOW = new Date('2025-03-01T12:30:00.000Z');
  const ended = aSurgery({ id: 'ended', status: 'ended', startsAt: '2025-02-01T10:00:00.000Z', endsAt: '2025-02-01T12:00:00.000Z' });
  const nextMonth = aSurgery({ id: 'next', status: 'scheduled', startsAt: '2025-04-01T10:00:00.000Z', endsAt: '2025-04-01T12:00:00.000Z' });
  const later = aSurgery({ id: 'later', status: 'scheduled', startsAt: '2025-05-01T10:00:00.000Z', endsAt: '2025-05-01T12:00:00.000Z' });
  const overdue = aSurgery({
    id: 'overdue',
    status: 'scheduled',
    startsAt: '2025-03-01T10:00:00.000Z',
    endsAt: '2025-03-01T12:00:00.000Z',
  });
  const open = aSurgery({ id: 'open', status: 'open' });

  it.each([
    { when: 'one is open', surgeries: [ended, nextMonth, open], expected: 'open' },
    { when: 'none is open', surgeries: [later, ended, nextMonth], expected: 'next' },
    { when: 'the only scheduled one is already over', surgeries: [overdue, ended], expected: 'overdue' },
    { when: 'all have ended', surgeries: [ended], expected: 'ended' },
  ])('When $when, then it shows the $expected one', ({ surgeries, expected }) => {
    expect(currentSurgery(surgeries, NOW)?.id).toBe(expected);
  });

  it('When there are none, then there is nothing to show', () => {
    expect(currentSurgery([], NOW)).toBeUndefined();
  });
});

describe('parseSurgeryPlan: meeting and councillor accounts', () => {
  const SET_UP = { ward: 'Abbey', joinUrl: 'https://teams.microsoft.com/l/meetup-join/x', councillors: ['Cllr Ada Khan'] };

  it('When a meeting, accounts and the organiser are given, then they are kept, accounts tidied to lower case', () => {
    const parsed = parseSurgeryPlan(
      {
        ...SET_UP,
        meetingId: 'MCMxOTptZWV0aW5nX2FiY0B0aHJlYWQudjIjMA==',
        councillorAccounts: ' Ben.Ode@Council.Example, ben.ode@council.example ',
        organiser: { id: 'oid-ada', tenantId: COUNCIL },
      },
      new Date(),
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        meetingId: 'MCMxOTptZWV0aW5nX2FiY0B0aHJlYWQudjIjMA==',
        councillorAccounts: ['ben.ode@council.example'],
        organiser: { id: 'oid-ada', tenantId: COUNCIL },
      },
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a meeting id with spaces', { meetingId: 'not a meeting' }, 'meetingId'],
    ['a meeting id of the wrong type', { meetingId: 42 }, 'meetingId'],
    ['an account that is not an email', { councillorAccounts: 'Ben Ode' }, 'councillorAccounts'],
    ['eleven accounts', { councillorAccounts: Array.from({ length: 11 }, (_, i) => `c${i}@council.example`) }, 'councillorAccounts'],
    ['accounts of the wrong type', { councillorAccounts: [42] }, 'councillorAccounts'],
  ])('When the set-up has %s, then that field is refused', (_what, input, field) => {
    const parsed = parseSurgeryPlan({ ...SET_UP, ...input }, new Date());
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.field)).toEqual([field]);
  });
});
