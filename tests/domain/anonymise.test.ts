import {
  OPEN_CASE_LIMIT_DAYS,
  anonymiseBooking,
  anonymiseVisit,
  chatsInUse,
  dueForRetention,
  forgetResidents,
  visitDueAt,
} from '../../bot/domain/anonymise';
import type { Booking, QueueState, Visit } from '../../bot/domain/model';
import { bookingMatches, isOfficer, parseResidentKey, visitMatches } from '../../bot/domain/data-request';
import { visitFigures } from '../../bot/domain/statistics';
import { aSurgery, aVisit } from '../support/builders';

const DAY = 86_400_000;
const NOW = new Date('2025-06-01T09:00:00.000Z');
// The builders' surgery ends 2025-03-01T12:00Z.
const ENDED = aSurgery({ status: 'ended', endedAt: '2025-03-01T12:00:00.000Z' });
const daysAfterEnd = (days: number) => new Date(Date.parse(ENDED.endedAt!) + days * DAY);

const PERSONAL = [
  'Jane Smith',
  'Jane S',
  'SW1A 1AA',
  'jane@example.com',
  'Broken street light',
  'Needs captions',
  'Reported to highways',
  'Still with someone',
  'Raised with Highways',
  'SQ-7K4M',
  'chat-1',
  'secret-token',
  'Great, thanks Amina',
  'Riverside North',
];

const fullVisit = (overrides: Partial<Visit> = {}): Visit =>
  aVisit({
    surgeryId: ENDED.id,
    name: 'Jane Smith',
    contact: { kind: 'email', value: 'jane@example.com' },
    accessNeeds: 'Needs captions.',
    chatKey: 'chat-1',
    statusToken: 'secret-token',
    status: 'seen',
    calledAt: '2025-03-01T10:20:00.000Z',
    calledBy: 'Cllr Amina Patel',
    joinedAt: '2025-03-01T10:21:00.000Z',
    finishedAt: '2025-03-01T10:35:00.000Z',
    outcome: 'Reported to highways.',
    topic: 'waste',
    followUp: false,
    caseReference: 'SQ-7K4M',
    messages: [{ id: 'm1', text: 'Still with someone', at: '2025-03-01T10:10:00.000Z', by: 'Cllr Amina Patel', delivered: true }],
    caseUpdates: [
      { id: 'u1', text: 'Raised with Highways', at: '2025-03-02T10:00:00.000Z', by: 'Cllr Amina Patel', delivered: true, closesCase: true },
    ],
    feedback: { answer: 'yes', comment: 'Great, thanks Amina', at: '2025-03-01T10:40:00.000Z' },
    alerts: { getting_close: '2025-03-01T10:15:00.000Z' },
    wardCheck: 'outside',
    postcodeWard: 'Riverside North',
    booked: true,
    bookingId: 'booking-1',
    slotStartsAt: '2025-03-01T10:20:00.000Z',
    lastMessage: { kind: 'summary', delivered: true, at: '2025-03-01T10:36:00.000Z' },
    ...overrides,
  });

const aBooking = (overrides: Partial<Booking> = {}): Booking => ({
  id: 'booking-1',
  surgeryId: ENDED.id,
  reference: 'SQ-BOOK-1234',
  manageToken: 'manage-secret',
  slot: 2,
  slotStartsAt: '2025-03-01T10:20:00.000Z',
  slotEndsAt: '2025-03-01T10:30:00.000Z',
  name: 'Jane Smith',
  address: '12 High Street',
  postcode: 'SW1A 1AA',
  issue: 'Broken street light',
  contact: { kind: 'mobile', value: '+447700900123' },
  accessNeeds: 'Needs captions',
  wardCheck: 'in_ward',
  channel: 'web',
  chatKey: 'chat-1',
  status: 'checked_in',
  bookedAt: '2025-02-20T09:00:00.000Z',
  visitId: 'visit-x',
  ...overrides,
});

describe('anonymiseVisit', () => {
  const visit = fullVisit();
  const anonymous = anonymiseVisit(visit, NOW);

  it.each(PERSONAL)('When a visit is anonymised, then "%s" is nowhere in it', (personal) => {
    expect(JSON.stringify(anonymous)).not.toContain(personal);
  });

  it('When a visit is anonymised, then it keeps exactly what statistics count, the ticket code and when it was anonymised', () => {
    expect(anonymous).toEqual({
      id: visit.id,
      surgeryId: visit.surgeryId,
      ticket: 1,
      lobbyTag: 'A1',
      name: '',
      postcode: '',
      issue: '',
      channel: 'msteams',
      status: 'seen',
      checkedInAt: visit.checkedInAt,
      calledAt: visit.calledAt,
      joinedAt: visit.joinedAt,
      finishedAt: visit.finishedAt,
      topic: 'waste',
      followUp: false,
      wardCheck: 'outside',
      booked: true,
      feedback: { answer: 'yes', at: '2025-03-01T10:40:00.000Z' },
      anonymisedAt: NOW.toISOString(),
    });
  });

  it('When visits are anonymised, then the statistics figures count the same, bar the feedback comments', () => {
    const visits = [
      fullVisit({ ticket: 1 }),
      fullVisit({ ticket: 2, status: 'no_show', topic: undefined }),
      fullVisit({ ticket: 3, feedback: { answer: 'no', at: NOW.toISOString() } }),
    ];
    const before = visitFigures(visits);
    const after = visitFigures(visits.map((v) => anonymiseVisit(v, NOW)));
    expect(after).toEqual({ ...before, listened: { ...before.listened!, comments: [] } });
  });

  it('When an anonymised visit is anonymised again, then it is unchanged', () => {
    expect(anonymiseVisit(anonymous, new Date(NOW.getTime() + DAY))).toBe(anonymous);
  });
});

describe('anonymiseBooking', () => {
  it('When a booking is anonymised, then nothing personal is left, only its slot, state and ward check', () => {
    const booking = aBooking();
    const anonymous = anonymiseBooking(booking);
    for (const personal of [
      'Jane Smith',
      '12 High Street',
      'SW1A 1AA',
      'Broken street light',
      '+447700900123',
      'Needs captions',
      'SQ-BOOK-1234',
      'manage-secret',
      'chat-1',
    ]) {
      expect(JSON.stringify(anonymous)).not.toContain(personal);
    }
    expect(anonymous).toMatchObject({ slot: 2, status: 'checked_in', wardCheck: 'in_ward', visitId: 'visit-x' });
    expect(anonymiseBooking(anonymous)).toBe(anonymous);
  });
});

describe('visitDueAt', () => {
  const RETENTION = 30;
  const closedOn = (day: number) => [{ id: 'u', text: 'Done', at: daysAfterEnd(day).toISOString(), by: 'Cllr', closesCase: true }];
  it.each<[string, Partial<Visit>, number]>([
    ['a visit without a case', { followUp: false, caseUpdates: undefined }, RETENTION],
    ['a visit whose case closed during the surgery period', { followUp: false, caseUpdates: closedOn(5) }, 5 + RETENTION],
    ['a visit whose case is still open', { followUp: true, caseUpdates: undefined }, OPEN_CASE_LIMIT_DAYS],
    [
      'a visit whose case closed just before the limit',
      { followUp: false, caseUpdates: closedOn(OPEN_CASE_LIMIT_DAYS - 10) },
      OPEN_CASE_LIMIT_DAYS,
    ],
    [
      'a resident who left their issue for follow-up',
      { status: 'follow_up', followUp: true, caseUpdates: undefined },
      OPEN_CASE_LIMIT_DAYS,
    ],
  ])('When it is %s, then its details are due that many days after the surgery', (_, overrides, days) => {
    expect(visitDueAt(fullVisit(overrides), ENDED, RETENTION)).toBe(daysAfterEnd(days).getTime());
  });

  it('When RETENTION_DAYS is longer than the open case limit, then open cases are kept that long', () => {
    expect(visitDueAt(fullVisit({ followUp: true, caseUpdates: undefined }), ENDED, 500)).toBe(daysAfterEnd(500).getTime());
  });

  it('When a surgery was never ended, then its planned end counts', () => {
    const surgery = aSurgery({ status: 'open' });
    expect(visitDueAt(fullVisit({ surgeryId: surgery.id, caseUpdates: undefined }), surgery, 1)).toBe(Date.parse(surgery.endsAt) + DAY);
  });
});

describe('dueForRetention and forgetResidents', () => {
  const plain = fullVisit({ id: 'v-plain', caseUpdates: undefined });
  const openCase = fullVisit({ id: 'v-open', followUp: true, caseUpdates: undefined, chatKey: 'chat-open' });
  const state: QueueState = {
    surgery: ENDED,
    visits: [plain, openCase],
    bookings: [
      aBooking({ visitId: 'v-plain' }),
      aBooking({ id: 'booking-2', visitId: undefined, status: 'cancelled', chatKey: undefined }),
    ],
  };

  it.each<[string, number, string[], string[]]>([
    ['before RETENTION_DAYS', 29, [], []],
    ['after RETENTION_DAYS', 31, ['v-plain'], ['booking-1', 'booking-2']],
    ['after the open case limit', OPEN_CASE_LIMIT_DAYS + 1, ['v-plain', 'v-open'], ['booking-1', 'booking-2']],
  ])('When it is %s, then the due visits and bookings are those', (_, days, visitIds, bookingIds) => {
    expect(dueForRetention(state, 30, daysAfterEnd(days))).toEqual({ visitIds, bookingIds });
  });

  it('When the due records are forgotten, then only they change, and forgetting them again changes nothing', () => {
    const due = dueForRetention(state, 30, daysAfterEnd(31));
    const change = forgetResidents(state, due, NOW);
    expect(change.visits.map((v) => v.id)).toEqual(['v-plain']);
    expect(change.bookings!.map((b) => b.id)).toEqual(['booking-1', 'booking-2']);
    expect(change.events).toEqual([]);
    const after: QueueState = { ...state, visits: [change.visits[0]!, openCase], bookings: change.bookings! };
    expect(forgetResidents(after, due, NOW)).toEqual({ surgery: ENDED, visits: [], events: [] });
    expect(dueForRetention(after, 30, daysAfterEnd(31))).toEqual({ visitIds: [], bookingIds: [] });
  });

  it('When chats are counted as in use, then only those of kept records count', () => {
    const due = dueForRetention(state, 30, daysAfterEnd(31));
    expect([...chatsInUse([state], () => due)]).toEqual(['chat-open']);
    expect([...chatsInUse([state], () => ({ visitIds: [], bookingIds: [] }))].sort()).toEqual(['chat-1', 'chat-open']);
  });
});

describe('parseResidentKey', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['an email address', { email: ' Jane@Example.com ' }, { kind: 'email', value: 'jane@example.com' }],
    ['a mobile number', { mobile: '07700 900123' }, { kind: 'phone', value: '+447700900123' }],
    ['a landline as phone', { phone: '01632 960123' }, { kind: 'phone', value: '+441632960123' }],
    ['a reference', { reference: 'SQ-7K4M' }, { kind: 'reference', value: 'SQ-7K4M' }],
  ])('When an officer gives %s, then it is accepted in standard form', (_, input, value) => {
    expect(parseResidentKey(input)).toEqual({ ok: true, value });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['nothing', {}, ['email']],
    ['two keys', { email: 'a@b.co', mobile: '07700900123' }, ['email']],
    ['an email that is not one', { email: 'jane' }, ['email']],
    ['a premium rate number', { phone: '0909 879 0000' }, ['phone']],
    ['a number as a reference', { reference: 42 }, ['reference']],
    ['a very long reference', { reference: 'x'.repeat(101) }, ['reference']],
    ['an unknown field too', { email: 'a@b.co', name: 'Jane' }, ['name']],
  ])('When an officer gives %s, then those fields have problems', (_, input, fields) => {
    const parsed = parseResidentKey(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual(fields);
  });
});

describe('visitMatches and bookingMatches', () => {
  const visit = fullVisit();
  it.each<[string, Record<string, unknown>, boolean]>([
    ['its email', { email: 'jane@example.com' }, true],
    ['another email', { email: 'john@example.com' }, false],
    ['its case reference, in lower case', { reference: 'sq-7k4m' }, true],
    ['its lobby tag, typed plainly', { reference: 'jane s a1' }, true],
    ['its booking id', { reference: 'booking-1' }, true],
    ['a ticket code alone', { reference: 'A1' }, false],
  ])('When a visit is looked for by %s, then it matches or not', (_, input, expected) => {
    const key = parseResidentKey(input);
    if (!key.ok) throw new Error('bad key');
    expect(visitMatches(visit, key.value)).toBe(expected);
  });

  it('When a visit is anonymised, then its contact, case reference and lobby tag find it no more', () => {
    const anonymous = anonymiseVisit(visit, NOW);
    for (const input of [{ email: 'jane@example.com' }, { reference: 'SQ-7K4M' }, { reference: 'A1' }, { reference: 'booking-1' }]) {
      const key = parseResidentKey(input);
      if (key.ok) expect(visitMatches(anonymous, key.value)).toBe(false);
    }
  });

  it('When a booking is looked for by its reference or mobile, then it matches until anonymised', () => {
    const booking = aBooking();
    const byReference = { kind: 'reference', value: 'sq-book-1234' } as const;
    const byMobile = { kind: 'phone', value: '+447700900123' } as const;
    expect([bookingMatches(booking, byReference), bookingMatches(booking, byMobile)]).toEqual([true, true]);
    expect([bookingMatches(anonymiseBooking(booking), byReference), bookingMatches(anonymiseBooking(booking), byMobile)]).toEqual([
      false,
      false,
    ]);
  });
});

describe('isOfficer', () => {
  const COUNCIL = '6f1c3e2a-4b5d-4c7e-8f90-a1b2c3d4e5f6';
  const OTHER = '0a0b0c0d-1e1f-4a2b-9c3d-4e5f6a7b8c9d';
  const accounts = [{ tenantId: COUNCIL, objectId: '00000000-0000-0000-0000-0000000000aa' }];
  it.each<[string, { id: string; tenantId: string; account?: string }, boolean]>([
    ['the officer, by tenant and object id', { id: '00000000-0000-0000-0000-0000000000AA', tenantId: COUNCIL.toUpperCase() }, true],
    ['the same object id in another tenant', { id: '00000000-0000-0000-0000-0000000000aa', tenantId: OTHER }, false],
    [
      'a councillor of the council',
      { id: '22222222-2222-2222-2222-222222222222', tenantId: COUNCIL, account: 'cllr@council.gov.uk' },
      false,
    ],
  ])('When %s signs in, then they are an officer or not', (_, person, expected) => {
    expect(isOfficer({ name: 'Someone', ...person }, accounts)).toBe(expected);
  });
});
