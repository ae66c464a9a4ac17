import {
  NewBooking,
  bookSlot,
  cancelBooking,
  checkInBooking,
  freeSlots,
  markBookingNoShow,
  moveBooking,
  parseBookingRequest,
} from '../../bot/domain/booking';
import type { Booking, BookingRequest, QueueChange, QueueState, Surgery } from '../../bot/domain/model';
import { invitationSequence } from '../../bot/domain/invitation-sequence';
import { remindersDue } from '../../bot/domain/booking-reminders';
import { slotTimeline } from '../../bot/domain/slot-timeline';
import { QuotedReference, bookingReference, parseBookingReference, quotedReference } from '../../bot/domain/booking-reference';
import { ReferenceTries, afterWrongAnswer, lockedFor } from '../../bot/domain/reference-tries';
import { admitNext, callOrder } from '../../bot/domain/queue';
import { Refusal, isRefusal } from '../../bot/domain/refusal';
import { slotsOf } from '../../bot/domain/slots';
import { buildQueueView } from '../../bot/domain/queue-view';
import { DEFAULT_WAIT_SETTINGS } from '../../bot/domain/wait-model';
import { parseSurgeryPlan } from '../../bot/domain/surgery';
import { aSurgery, aVisit, uniqueId } from '../support/builders';

const START = '2026-12-01T18:00:00.000Z';
const END = '2026-12-01T20:00:00.000Z';
const BEFORE = new Date('2026-11-20T12:00:00.000Z');
const minutesAfterStart = (minutes: number) => new Date(new Date(START).getTime() + minutes * 60_000);

function aBookableSurgery(overrides: Partial<Surgery> = {}): Surgery {
  return aSurgery({ status: 'scheduled', startsAt: START, endsAt: END, mode: 'both', slotMinutes: 10, freeSlots: 2, ...overrides });
}

const REQUEST: BookingRequest = {
  slot: 1,
  name: 'Jane Smith',
  address: '12 High Street',
  postcode: 'SW1A 1AA',
  issue: 'Bins not collected',
  contact: { kind: 'email', value: 'jane@example.com' },
};

function newBooking(request: Partial<BookingRequest> = {}, ward: NewBooking['ward'] = { result: 'in_ward' }): NewBooking {
  return {
    id: uniqueId('booking'),
    reference: uniqueId('SQ'),
    manageToken: uniqueId('token'),
    request: { ...REQUEST, ...request },
    ward,
    channel: 'msteams',
    chatKey: uniqueId('chat'),
  };
}

function applied(state: QueueState, change: QueueChange | Refusal): QueueState {
  if (isRefusal(change)) throw new Error(`Refused: ${change.message}`);
  const visits = new Map(change.visits.map((v) => [v.id, v]));
  const bookings = new Map((change.bookings ?? []).map((b) => [b.id, b]));
  return {
    surgery: change.surgery,
    visits: state.visits.filter((v) => !visits.has(v.id)).concat(change.visits),
    bookings: (state.bookings ?? []).filter((b) => !bookings.has(b.id)).concat(change.bookings ?? []),
  };
}

function booked(state: QueueState, request: Partial<BookingRequest> = {}, now = BEFORE): { state: QueueState; booking: Booking } {
  const change = bookSlot(state, newBooking(request), 'allow', now);
  const next = applied(state, change);
  return { state: next, booking: (change as QueueChange).bookings![0]! };
}

describe('Slots', () => {
  it.each([
    ['drop-in only', { mode: 'drop_in' as const }, 0, []],
    ['bookings only, 10-minute slots over two hours', { mode: 'bookings' as const, freeSlots: 5 }, 12, []],
    ['both, 2 of 12 kept for drop-ins', { mode: 'both' as const, freeSlots: 2 }, 12, [5, 11]],
    ['both, 3 of 12 kept', { mode: 'both' as const, freeSlots: 3 }, 12, [3, 7, 11]],
    ['both, 15-minute slots with 1 kept', { mode: 'both' as const, slotMinutes: 15, freeSlots: 1 }, 8, [7]],
  ])(
    'When a surgery runs %s, then it has the right slots and the kept ones are spread evenly',
    (_, settings: Partial<Surgery>, count, kept) => {
      const slots = slotsOf(aBookableSurgery(settings));
      expect(slots).toHaveLength(count);
      expect(slots.filter((s) => s.keptForDropIns).map((s) => s.index)).toEqual(kept);
      if (count > 0)
        expect(slots[1]!.startsAt).toBe(new Date(new Date(START).getTime() + (settings.slotMinutes ?? 10) * 60_000).toISOString());
    },
  );

  it.each([
    [{ mode: 'bookings', slotMinutes: 4 }, 'slotMinutes', 'Slots must be between 5 and 60 minutes long.'],
    [{ mode: 'both', slotMinutes: 10, freeSlots: 12 }, 'freeSlots', 'Keep fewer than 12 slots free, or choose drop-in only.'],
    [{ mode: 'both', freeSlots: -1 }, 'freeSlots', 'Enter how many slots to keep free for drop-ins, as a whole number.'],
    [{ mode: 'sometimes' }, 'mode', 'Choose drop-in only, bookings only, or both.'],
    [{ mode: 'bookings', slotMinutes: 60, endsAt: '2026-12-01T18:30:00.000Z' }, 'slotMinutes', 'The surgery is shorter than one slot.'],
  ])('When a councillor sets up %j, then they are told what to fix', (settings, field, message) => {
    const plan = parseSurgeryPlan(
      { ward: 'Abbey', startsAt: START, endsAt: END, joinUrl: 'https://teams.microsoft.com/l/x', councillors: 'Cllr A', ...settings },
      BEFORE,
    );
    expect(plan).toEqual({ ok: false, problems: [{ field, message }] });
  });

  it('When a councillor chooses both with form values as text, then the plan keeps the mode, slot length and kept slots', () => {
    const plan = parseSurgeryPlan(
      {
        ward: 'Abbey',
        startsAt: START,
        endsAt: END,
        joinUrl: 'https://teams.microsoft.com/l/x',
        councillors: 'Cllr A',
        mode: 'both',
        slotMinutes: '15',
        freeSlots: '2',
      },
      BEFORE,
    );
    expect(plan.ok && plan.value).toMatchObject({ mode: 'both', slotMinutes: 15, freeSlots: 2 });
  });

  it('When a councillor keeps the default, then the surgery is drop-in only with no slot settings', () => {
    const plan = parseSurgeryPlan({ ward: 'Abbey', joinUrl: 'https://teams.microsoft.com/l/x', councillors: 'Cllr A' }, BEFORE);
    expect(plan.ok && plan.value).not.toHaveProperty('mode');
  });
});

describe('Booking a slot', () => {
  const empty = (): QueueState => ({ surgery: aBookableSurgery(), visits: [], bookings: [] });

  it('When a resident books a free slot, then it is theirs, with their details, ward check and the slot times', () => {
    const { state, booking } = booked(empty(), { slot: 3 });
    expect(booking).toMatchObject({
      slot: 3,
      slotStartsAt: '2026-12-01T18:30:00.000Z',
      slotEndsAt: '2026-12-01T18:40:00.000Z',
      status: 'booked',
      wardCheck: 'in_ward',
      address: '12 High Street',
    });
    expect(freeSlots(state, BEFORE).map((s) => s.index)).not.toContain(3);
  });

  it.each([
    [
      'a slot someone holds',
      (s: QueueState) => booked(s, { slot: 1, contact: { kind: 'mobile', value: '+447700900123' } }).state,
      { slot: 1 },
      'BOOKING.SLOT_TAKEN',
    ],
    ['a slot kept for drop-ins', (s: QueueState) => s, { slot: 5 }, 'BOOKING.SLOT_TAKEN'],
    ['a slot that does not exist', (s: QueueState) => s, { slot: 40 }, 'BOOKING.SLOT_TAKEN'],
    ['a second slot with the same contact', (s: QueueState) => booked(s, { slot: 2 }).state, { slot: 3 }, 'BOOKING.ALREADY_BOOKED'],
    [
      'at a drop-in-only surgery',
      (s: QueueState) => ({ ...s, surgery: { ...s.surgery, mode: 'drop_in' as const } }),
      { slot: 1 },
      'BOOKING.NOT_TAKEN',
    ],
    [
      'at an ended surgery',
      (s: QueueState) => ({ ...s, surgery: { ...s.surgery, status: 'ended' as const } }),
      { slot: 1 },
      'SURGERY.ENDED',
    ],
  ])('When a resident tries to book %s, then it is refused', (_, arrange, request, code) => {
    const change = bookSlot(arrange(empty()), newBooking(request), 'allow', BEFORE);
    expect(isRefusal(change) && change.code).toBe(code);
  });

  it('When the slot has already started, then it cannot be booked', () => {
    const change = bookSlot(
      { ...empty(), surgery: { ...empty().surgery, status: 'open' } },
      newBooking({ slot: 0 }),
      'allow',
      minutesAfterStart(1),
    );
    expect(isRefusal(change) && change.code).toBe('BOOKING.SLOT_TAKEN');
  });

  it.each([
    ['allow', { result: 'outside' as const, postcodeWard: 'Castle' }, 'booked, flagged outside'],
    ['refuse', { result: 'outside' as const, postcodeWard: 'Castle' }, 'Your postcode is in Castle, not Riverside.'],
    ['refuse', { result: 'unknown' as const }, 'booked, flagged unknown'],
  ] as const)('When the council policy is %s and the postcode is %j, then: %s', (policy, ward, expected) => {
    const change = bookSlot(empty(), newBooking({}, ward), policy, BEFORE);
    if (expected.startsWith('booked')) expect(!isRefusal(change) && change.bookings![0]!.wardCheck).toBe(ward.result);
    else expect(isRefusal(change) && change.message).toContain(expected);
  });

  it('When a booking is cancelled, then its slot is free again for someone else', () => {
    const first = booked(empty(), { slot: 1 });
    const cancelled = applied(first.state, cancelBooking(first.state, first.booking.id, BEFORE));
    expect(freeSlots(cancelled, BEFORE).map((s) => s.index)).toContain(1);
    expect(booked(cancelled, { slot: 1, contact: { kind: 'email', value: 'sam@example.com' } }).booking.slot).toBe(1);
  });

  it('When a booking is moved, then the old slot is free, the new one held, and reminders start again', () => {
    const first = booked(empty(), { slot: 1 });
    const moved = applied(first.state, moveBooking(first.state, first.booking.id, 7, BEFORE));
    const free = freeSlots(moved, BEFORE).map((s) => s.index);
    expect(free).toContain(1);
    expect(free).not.toContain(7);
    expect(moved.bookings![0]).toMatchObject({ slot: 7, slotStartsAt: '2026-12-01T19:10:00.000Z', reminders: {} });
  });

  it('When a booking is moved twice and cancelled within one second, then its invitation’s SEQUENCE goes 0, 1, 2, 3', () => {
    const first = booked(empty(), { slot: 1 });
    const once = applied(first.state, moveBooking(first.state, first.booking.id, 7, BEFORE));
    const twice = applied(once, moveBooking(once, first.booking.id, 8, BEFORE));
    const cancelled = applied(twice, cancelBooking(twice, first.booking.id, BEFORE));
    const sequences = [first.state, once, twice, cancelled].map((state) => invitationSequence(state.bookings![0]!));
    expect(sequences).toEqual([0, 1, 2, 3]);
  });

  it('When a booking changed before the count was kept is moved, then its SEQUENCE goes on above the seconds it had', () => {
    const first = booked(empty(), { slot: 1 });
    const changedAnHourIn = { ...first.booking, changedAt: new Date(new Date(first.booking.bookedAt).getTime() + 3_600_000).toISOString() };
    const state = { ...first.state, bookings: [changedAnHourIn] };
    expect(invitationSequence(changedAnHourIn)).toBe(3600);
    const moved = applied(state, moveBooking(state, first.booking.id, 7, BEFORE));
    expect(invitationSequence(moved.bookings![0]!)).toBe(3601);
  });

  it.each([
    ['to a held slot', 2, 'BOOKING.SLOT_TAKEN'],
    ['to a slot kept for drop-ins', 5, 'BOOKING.SLOT_TAKEN'],
    ['to its own slot', 1, 'BOOKING.SLOT_TAKEN'],
  ])('When a booking is moved %s, then it is refused', (_, slot, code) => {
    let state = booked(empty(), { slot: 2, contact: { kind: 'email', value: 'other@example.com' } }).state;
    const mine = booked(state, { slot: 1 });
    state = mine.state;
    const change = moveBooking(state, mine.booking.id, slot, BEFORE);
    expect(isRefusal(change) && change.code).toBe(code);
  });
});

describe('On the day', () => {
  function openWithBooking(slot = 3) {
    const { state, booking } = booked({ surgery: aBookableSurgery(), visits: [], bookings: [] }, { slot });
    return { state: { ...state, surgery: { ...state.surgery, status: 'open' as const } }, booking };
  }

  it('When a booked resident checks in, then they join the queue marked booked, with what they gave when booking', () => {
    const { state, booking } = openWithBooking();
    const next = applied(state, checkInBooking(state, booking.id, { visitId: 'v-booked', channel: 'webchat' }, minutesAfterStart(5)));
    expect(next.visits[0]).toMatchObject({
      id: 'v-booked',
      name: 'Jane Smith',
      issue: 'Bins not collected',
      booked: true,
      bookingId: booking.id,
      slotStartsAt: booking.slotStartsAt,
      wardCheck: 'in_ward',
      lobbyTag: 'Jane S · A1',
      chatKey: booking.chatKey,
    });
    expect(next.bookings![0]).toMatchObject({ status: 'checked_in', visitId: 'v-booked' });
    const again = checkInBooking(next, booking.id, { visitId: 'v-2', channel: 'webchat' }, minutesAfterStart(6));
    expect(isRefusal(again) && again.code).toBe('BOOKING.ALREADY_CHECKED_IN');
  });

  it('When a booked resident checks in before the surgery opens, then they are asked to come back once it has', () => {
    const { state, booking } = openWithBooking();
    const early = checkInBooking(
      { ...state, surgery: { ...state.surgery, status: 'scheduled' } },
      booking.id,
      { visitId: 'v', channel: 'msteams' },
      BEFORE,
    );
    expect(isRefusal(early) && early.code).toBe('SURGERY.NOT_OPEN');
  });

  it('When a drop-in waits and a booked resident has checked in early, then the drop-in is called until the slot comes, then the booked resident first', () => {
    const { state, booking } = openWithBooking(3);
    const withBooked = applied(state, checkInBooking(state, booking.id, { visitId: 'booked', channel: 'msteams' }, minutesAfterStart(1)));
    const dropIn = aVisit({ id: 'drop-in', surgeryId: state.surgery.id, ticket: 2 });
    const queue = { ...withBooked, surgery: { ...withBooked.surgery, ticketsIssued: 2 }, visits: [...withBooked.visits, dropIn] };

    expect(callOrder(queue.visits, minutesAfterStart(10)).map((v) => v.id)).toEqual(['drop-in', 'booked']);
    expect(callOrder(queue.visits, minutesAfterStart(30)).map((v) => v.id)).toEqual(['booked', 'drop-in']);
    const called = admitNext(queue, 'Cllr Amina Patel', minutesAfterStart(31));
    expect(!isRefusal(called) && called.visits[0]!.id).toBe('booked');
  });

  it('When a booked resident checked in before a drop-in, then the councillors see the drop-in listed first until the booked time', () => {
    const { state, booking } = openWithBooking(3);
    const withBooked = applied(state, checkInBooking(state, booking.id, { visitId: 'booked', channel: 'msteams' }, minutesAfterStart(1)));
    const dropIn = aVisit({ id: 'drop-in', surgeryId: state.surgery.id, ticket: 2, checkedInAt: minutesAfterStart(2).toISOString() });
    const queue = { ...withBooked, surgery: { ...withBooked.surgery, ticketsIssued: 2 }, visits: [...withBooked.visits, dropIn] };

    const listed = (at: Date) => buildQueueView(queue, DEFAULT_WAIT_SETTINGS, at).active.map((row) => [row.visitId, row.position]);
    expect(listed(minutesAfterStart(3))).toEqual([
      ['drop-in', 1],
      ['booked', 2],
    ]);
    expect(listed(minutesAfterStart(30))).toEqual([
      ['booked', 1],
      ['drop-in', 2],
    ]);
  });

  it.each([
    [9, 'booked', 'BOOKING.WRONG_STATE'],
    [10, 'late', undefined],
  ])('When a booked resident has not checked in %i minutes after their slot, then the slot is %s', (minutes, slotState, refusal) => {
    const { state, booking } = openWithBooking(3);
    const at = new Date(new Date(booking.slotStartsAt).getTime() + minutes * 60_000);
    expect(slotTimeline(state, at)[3]!.state).toBe(slotState);
    const missed = markBookingNoShow(state, booking.id, at);
    if (refusal) expect(isRefusal(missed) && missed.code).toBe(refusal);
    else expect(slotTimeline(applied(state, missed), at)[3]!.state).toBe('no_show');
  });

  it('When the timeline is drawn, then each slot says what is happening in it', () => {
    const { state, booking } = openWithBooking(3);
    const checkedIn = applied(state, checkInBooking(state, booking.id, { visitId: 'booked', channel: 'msteams' }, minutesAfterStart(25)));
    const states = slotTimeline(checkedIn, minutesAfterStart(25)).map((s) => s.state);
    expect(states.slice(0, 6)).toEqual(['past', 'past', 'past', 'waiting', 'free', 'kept_for_drop_ins']);
  });
});

describe('Reminders', () => {
  const slotAt = new Date('2026-12-01T18:30:00.000Z').getTime();
  const hoursBefore = (hours: number) => new Date(slotAt - hours * 3_600_000);
  function bookedAt(when: Date) {
    return booked({ surgery: aBookableSurgery(), visits: [], bookings: [] }, { slot: 3 }, when);
  }
  const due = (state: QueueState, at: Date) =>
    remindersDue(state, at).events.map((e) => (e.type === 'booking_reminder' ? e.reminder : e.type));

  it('When a booking was made days ahead, then the day-before reminder goes within the last day and the hour-before one within the last hour, once each', () => {
    let { state } = bookedAt(BEFORE);
    expect(due(state, hoursBefore(25))).toEqual([]);
    expect(due(state, hoursBefore(23))).toEqual(['day_before']);
    state = applied(state, remindersDue(state, hoursBefore(23)));
    expect(due(state, hoursBefore(22))).toEqual([]);
    expect(due(state, hoursBefore(0.9))).toEqual(['hour_before']);
    state = applied(state, remindersDue(state, hoursBefore(0.9)));
    expect(due(state, hoursBefore(0.5))).toEqual([]);
    expect(due(state, new Date(slotAt + 60_000))).toEqual([]);
  });

  it('When a booking was made the same day, then only the hour-before reminder goes; made within the hour, none', () => {
    expect(due(bookedAt(hoursBefore(5)).state, hoursBefore(0.5))).toEqual(['hour_before']);
    expect(due(bookedAt(hoursBefore(5)).state, hoursBefore(4))).toEqual([]);
    expect(due(bookedAt(hoursBefore(0.75)).state, hoursBefore(0.5))).toEqual([]);
  });

  it('When a booking was cancelled, then no reminder goes', () => {
    const { state, booking } = bookedAt(BEFORE);
    const cancelled = applied(state, cancelBooking(state, booking.id, BEFORE));
    expect(due(cancelled, hoursBefore(0.5))).toEqual([]);
  });
});

describe('The booking form', () => {
  it('When everything is missing, then every problem is listed in the order of the form', () => {
    const parsed = parseBookingRequest({});
    expect(!parsed.ok && parsed.problems.map((p) => p.field)).toEqual(['slot', 'name', 'address', 'postcode', 'issue']);
  });

  it('When no contact is given, then the resident is asked for one, since the confirmation goes there', () => {
    const parsed = parseBookingRequest({ slot: '2', name: 'Jane', address: '1 Road', postcode: 'sw1a1aa', issue: 'Bins' });
    expect(!parsed.ok && parsed.problems).toEqual([
      { field: 'contact', message: 'Enter an email address or a UK mobile number, so we can send your confirmation.' },
    ]);
  });

  it('When the form is right, then the request is clean: slot number, standard postcode, contact', () => {
    const parsed = parseBookingRequest({
      slot: '2',
      name: ' Jane ',
      address: '1 Road',
      postcode: 'sw1a1aa',
      issue: 'Bins',
      contact: '07700 900123',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        slot: 2,
        name: 'Jane',
        address: '1 Road',
        postcode: 'SW1A 1AA',
        issue: 'Bins',
        contact: { kind: 'mobile', value: '+447700900123' },
      },
    });
  });
});

describe('Booking references', () => {
  it('When references are drawn, then they read SQ-XXXX-XXXX without easily confused characters', () => {
    const reference = bookingReference(new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253]));
    expect(reference).toMatch(/^SQ-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(reference.slice(3)).not.toMatch(/[01OIL5S]/);
  });

  it.each([
    ['SQ-7KM4-Q2XD', 'SQ-7KM4-Q2XD'],
    ['sq 7km4 q2xd', 'SQ-7KM4-Q2XD'],
    ['7KM4Q2XD', 'SQ-7KM4-Q2XD'],
    ['SQ-7KM4-Q2X', undefined],
    ['SQ-7KM4-Q2X0', undefined],
    ['hello there', undefined],
  ])('When a resident types "%s", then it is read as %s', (typed, expected) => {
    expect(parseBookingReference(typed)).toBe(expected);
  });

  it.each<[string, QuotedReference | undefined]>([
    ['SQ-7KM4-Q2XD', { reference: 'SQ-7KM4-Q2XD' }],
    ['sq-7km4-q2xd sw1a1aa', { reference: 'SQ-7KM4-Q2XD', postcode: 'SW1A 1AA' }],
    ['7KM4 Q2XD, SW1A 1AA.', { reference: 'SQ-7KM4-Q2XD', postcode: 'SW1A 1AA' }],
    ['SQ-7KM4-Q2XD please', { reference: 'SQ-7KM4-Q2XD', unreadable: true }],
    ['SQ-7KM4-Q2XDSW1A1AA', undefined],
    ['park here', undefined],
    ['need help with my bins', undefined],
    ['SW1A 1AA', undefined],
    [`SQ-7KM4-Q2XD ${'x'.repeat(80)}`, undefined],
  ])('When a resident sends "%s", then the reference and postcode read are %j', (typed, expected) => {
    expect(quotedReference(typed)).toEqual(expected);
  });
});

describe('Wrong postcodes with a reference', () => {
  const AT = new Date('2026-12-01T18:00:00.000Z');
  const later = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);

  it('When three wrong postcodes are given, then the third locks the reference for 15 minutes and the count starts again', () => {
    const first = afterWrongAnswer(undefined, AT);
    const second = afterWrongAnswer(first, AT);
    const third = afterWrongAnswer(second, AT);
    expect([first, second, third]).toEqual([{ wrong: 1 }, { wrong: 2 }, { wrong: 0, lockedUntil: later(15).toISOString() }]);
  });

  it.each<[string, ReferenceTries | undefined, Date, number | undefined]>([
    ['nothing was tried', undefined, AT, undefined],
    ['two wrong postcodes, no lock', { wrong: 2 }, AT, undefined],
    ['just locked', { wrong: 0, lockedUntil: later(15).toISOString() }, AT, 15],
    ['locked, half a minute left', { wrong: 0, lockedUntil: later(15).toISOString() }, new Date(later(14).getTime() + 30_000), 1],
    ['the lock has run out', { wrong: 0, lockedUntil: later(15).toISOString() }, later(15), undefined],
  ])('When %s, then the minutes left of the lock are %s', (_, tries, now, expected) => {
    expect(lockedFor(tries, now)).toBe(expected);
  });

  it('When a lock has run out, then the next wrong postcode counts as the first again', () => {
    expect(afterWrongAnswer({ wrong: 0, lockedUntil: later(15).toISOString() }, later(20))).toEqual({ wrong: 1 });
  });
});
