import { CheckInDetails, parseCheckIn } from './check-in';
import { calendarChange } from './invitation-sequence';
import type { Booking, BookingRequest, Channel, Creating, QueueChange, QueueState, Visit } from './model';
import { MAX_TICKETS, lobbyTag } from './lobby-tag';
import { FieldProblem, Parsed, Refusal, isRefusal, refuse } from './refusal';
import { Slot, slotsOf, takesBookings } from './slots';
import { overRefusal } from './surgery';
import { cleanLine } from './text';
import { isActive } from './visit';
import { OutsideWardPolicy, WardCheck } from './ward-check';

/** A booked resident still expected is shown as late this many minutes after their slot starts. */
export const LATE_AFTER_MINUTES = 10;

const ADDRESS_LIMIT = 120;

/** Checks a booking form: the check-in's rules, plus the first line of the address, a contact and a slot. */
export function parseBookingRequest(input: Record<string, unknown>): Parsed<BookingRequest> {
  const details = parseCheckIn(input);
  const problems: FieldProblem[] = details.ok ? [] : [...details.problems];
  const address = cleanLine(input.address);
  if (address === '') problems.push({ field: 'address', message: 'Enter the first line of your address, like 12 High Street.' });
  else if (address.length > ADDRESS_LIMIT)
    problems.push({ field: 'address', message: `The first line of your address must be ${ADDRESS_LIMIT} characters or fewer.` });
  if (details.ok && !details.value.contact) {
    problems.push({ field: 'contact', message: 'Enter an email address or a UK mobile number, so we can send your confirmation.' });
  }
  const slot = parseSlot(input.slot);
  if (slot === undefined) problems.push({ field: 'slot', message: 'Choose a time.' });
  if (!details.ok || problems.length > 0 || slot === undefined || !details.value.contact)
    return { ok: false, problems: sortProblems(problems) };
  const { name, postcode, issue, contact, accessNeeds } = details.value;
  return { ok: true, value: { slot, name, address, postcode, issue, contact, ...(accessNeeds ? { accessNeeds } : {}) } };
}

const FIELD_ORDER = ['slot', 'name', 'address', 'postcode', 'issue', 'contact', 'accessNeeds'];
const sortProblems = (problems: FieldProblem[]) =>
  [...problems].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));

export function parseSlot(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 1000 ? n : undefined;
}

/** A booking that still holds its slot. */
export function holdsSlot(booking: Booking): boolean {
  return booking.status === 'booked' || booking.status === 'checked_in';
}

export function isLate(booking: Booking, now: Date): boolean {
  return booking.status === 'booked' && now.getTime() >= new Date(booking.slotStartsAt).getTime() + LATE_AFTER_MINUTES * 60_000;
}

/** Slots a resident may book now: not kept for drop-ins, not held, not started. */
export function freeSlots(state: QueueState, now: Date): Slot[] {
  if (!takesBookings(state.surgery) || state.surgery.status === 'ended') return [];
  const held = new Set((state.bookings ?? []).filter(holdsSlot).map((b) => b.slot));
  const at = now.toISOString();
  return slotsOf(state.surgery).filter((slot) => !slot.keptForDropIns && !held.has(slot.index) && slot.startsAt > at);
}

export interface NewBooking {
  id: string;
  reference: string;
  manageToken: string;
  request: BookingRequest;
  ward: WardCheck;
  channel: Channel;
  chatKey?: string;
}

export function bookSlot(state: QueueState, booking: NewBooking, policy: OutsideWardPolicy, now: Date): Creating<Booking> | Refusal {
  const { surgery } = state;
  if (!takesBookings(surgery)) return refuse('BOOKING.NOT_TAKEN', 'This surgery does not take bookings: you can drop in on the day.');
  const over = overRefusal(surgery);
  if (over) return over;
  if (booking.ward.result === 'outside' && policy === 'refuse')
    return refuse('BOOKING.OUTSIDE_WARD', outsideWardWords(surgery.ward, booking.ward));
  const { request } = booking;
  const slot = slotsOf(surgery)[request.slot];
  if (!slot || slot.keptForDropIns || slot.startsAt <= now.toISOString())
    return refuse('BOOKING.SLOT_TAKEN', 'That time cannot be booked now. Please choose another.');
  const bookings = state.bookings ?? [];
  if (bookings.some((b) => b.slot === slot.index && holdsSlot(b)))
    return refuse('BOOKING.SLOT_TAKEN', 'Sorry, someone has just booked that time. Please choose another.');
  if (bookings.some((b) => holdsSlot(b) && b.contact.value === request.contact.value)) {
    return refuse('BOOKING.ALREADY_BOOKED', 'You already have a booking at this surgery. Use the link in your confirmation to change it.');
  }
  const created: Booking = {
    ...request,
    id: booking.id,
    surgeryId: surgery.id,
    reference: booking.reference,
    manageToken: booking.manageToken,
    slot: slot.index,
    slotStartsAt: slot.startsAt,
    slotEndsAt: slot.endsAt,
    wardCheck: booking.ward.result,
    ...(booking.ward.postcodeWard ? { postcodeWard: booking.ward.postcodeWard } : {}),
    channel: booking.channel,
    ...(booking.chatKey ? { chatKey: booking.chatKey } : {}),
    status: 'booked',
    bookedAt: now.toISOString(),
  };
  return { surgery, visits: [], bookings: [created], events: [{ type: 'booked', bookingId: created.id }], created };
}

/** Kind words for a resident from another ward; the ward they are in when the lists know it. */
export function outsideWardWords(surgeryWard: string, check: WardCheck): string {
  const theirs = check.postcodeWard
    ? `Your postcode is in ${check.postcodeWard}, not ${surgeryWard}. `
    : `Your postcode is not in ${surgeryWard}. `;
  return `${theirs}This council asks residents to book with their own ward's councillors, who can do the most for you.`;
}

function findBooking(state: QueueState, bookingId: string): Booking | Refusal {
  return (state.bookings ?? []).find((b) => b.id === bookingId) ?? refuse('BOOKING.NOT_FOUND', 'There is no such booking.');
}

function changeable(booking: Booking, now: Date): Refusal | undefined {
  if (booking.status === 'cancelled') return refuse('BOOKING.CANCELLED', 'This booking was cancelled.');
  if (booking.status !== 'booked') return refuse('BOOKING.WRONG_STATE', 'This booking has already been used, so it cannot be changed.');
  if (booking.slotStartsAt <= now.toISOString())
    return refuse('BOOKING.WRONG_STATE', 'This booking has started, so it cannot be changed now.');
  return undefined;
}

export function cancelBooking(state: QueueState, bookingId: string, now: Date): QueueChange | Refusal {
  const booking = findBooking(state, bookingId);
  if (isRefusal(booking)) return booking;
  const refused = changeable(booking, now);
  if (refused) return refused;
  const cancelled: Booking = { ...booking, status: 'cancelled', ...calendarChange(booking, now.toISOString()) };
  return { surgery: state.surgery, visits: [], bookings: [cancelled], events: [{ type: 'booking_cancelled', bookingId }] };
}

export function moveBooking(state: QueueState, bookingId: string, slotIndex: number, now: Date): QueueChange | Refusal {
  const booking = findBooking(state, bookingId);
  if (isRefusal(booking)) return booking;
  const refused = changeable(booking, now);
  if (refused) return refused;
  if (slotIndex === booking.slot) return refuse('BOOKING.SLOT_TAKEN', 'That is already your time.');
  const slot = freeSlots(state, now).find((s) => s.index === slotIndex);
  if (!slot) return refuse('BOOKING.SLOT_TAKEN', 'Sorry, that time is not free now. Please choose another.');
  const moved: Booking = {
    ...booking,
    slot: slot.index,
    slotStartsAt: slot.startsAt,
    slotEndsAt: slot.endsAt,
    ...calendarChange(booking, now.toISOString()),
    reminders: {},
  };
  return { surgery: state.surgery, visits: [], bookings: [moved], events: [{ type: 'booking_moved', bookingId }] };
}

/** Remembers the chat's "Your time is booked" card, so a move can update it in place. */
export function noteChatCard(state: QueueState, bookingId: string, activityId: string): QueueChange | Refusal {
  const booking = findBooking(state, bookingId);
  if (isRefusal(booking)) return booking;
  return { surgery: state.surgery, visits: [], bookings: [{ ...booking, chatCardActivityId: activityId }], events: [] };
}

export interface BookedArrival {
  visitId: string;
  statusToken?: string;
  channel: Channel;
  chatKey?: string;
}

/**
 * A booked resident checks in on the day: they join the queue with what they gave when booking, marked
 * booked, to be called at their slot. Checking in again leads to the same visit.
 */
export function checkInBooking(state: QueueState, bookingId: string, arrival: BookedArrival, now: Date): Creating<Visit> | Refusal {
  const { surgery } = state;
  const booking = findBooking(state, bookingId);
  if (isRefusal(booking)) return booking;
  if (booking.status === 'cancelled') return refuse('BOOKING.CANCELLED', 'This booking was cancelled.');
  if (booking.status === 'checked_in') return refuse('BOOKING.ALREADY_CHECKED_IN', 'You have already checked in.');
  if (booking.status === 'no_show')
    return refuse(
      'BOOKING.WRONG_STATE',
      'The councillors marked this booking as missed. You can still drop in if the surgery takes drop-ins.',
    );
  const over = overRefusal(surgery);
  if (over) return over;
  if (surgery.status !== 'open') return refuse('SURGERY.NOT_OPEN', 'The surgery has not started yet. Check in again once it has.');
  if (arrival.chatKey && state.visits.some((v) => v.chatKey === arrival.chatKey && isActive(v))) {
    return refuse('QUEUE.ALREADY_JOINED', 'You are already in the queue for this surgery.');
  }
  if (surgery.ticketsIssued >= MAX_TICKETS) return refuse('QUEUE.FULL', 'The queue for this surgery is full.');
  const ticket = surgery.ticketsIssued + 1;
  const details: CheckInDetails = {
    name: booking.name,
    postcode: booking.postcode,
    issue: booking.issue,
    contact: booking.contact,
    ...(booking.accessNeeds ? { accessNeeds: booking.accessNeeds } : {}),
  };
  const chatKey = arrival.chatKey ?? booking.chatKey;
  const visit: Visit = {
    ...details,
    id: arrival.visitId,
    surgeryId: surgery.id,
    ticket,
    lobbyTag: lobbyTag(booking.name, ticket),
    channel: arrival.channel,
    ...(chatKey ? { chatKey } : {}),
    ...(arrival.statusToken ? { statusToken: arrival.statusToken } : {}),
    status: 'waiting',
    checkedInAt: now.toISOString(),
    wardCheck: booking.wardCheck,
    ...(booking.postcodeWard ? { postcodeWard: booking.postcodeWard } : {}),
    booked: true,
    bookingId: booking.id,
    slotStartsAt: booking.slotStartsAt,
  };
  const used: Booking = { ...booking, status: 'checked_in', visitId: visit.id, changedAt: now.toISOString() };
  return {
    surgery: { ...surgery, ticketsIssued: ticket },
    visits: [visit],
    bookings: [used],
    events: [{ type: 'checked_in', visitId: visit.id }],
    created: visit,
  };
}

/** A booked resident who has not checked in by LATE_AFTER_MINUTES after their slot can be marked missed. */
export function markBookingNoShow(state: QueueState, bookingId: string, now: Date): QueueChange | Refusal {
  const booking = findBooking(state, bookingId);
  if (isRefusal(booking)) return booking;
  if (!isLate(booking, now)) {
    return refuse(
      'BOOKING.WRONG_STATE',
      booking.status === 'booked'
        ? `You can mark a booking as missed ${LATE_AFTER_MINUTES} minutes after its time.`
        : 'This booking is not waiting for its resident.',
    );
  }
  const missed: Booking = { ...booking, status: 'no_show', changedAt: now.toISOString() };
  return { surgery: state.surgery, visits: [], bookings: [missed], events: [{ type: 'booking_no_show', bookingId }] };
}
