import { hasOpenCase } from './case-update';
import { ticketCode } from './lobby-tag';
import type { Booking, QueueChange, QueueState, Surgery, Visit } from './model';

const DAY_MS = 86_400_000;

/**
 * An open case keeps its resident's details until it closes, but never longer than this after the surgery
 * (or RETENTION_DAYS, when that is longer): a case still open after a year belongs in the council's own
 * case system, not in a queue app.
 */
export const OPEN_CASE_LIMIT_DAYS = 365;

/** A surgery's visits and bookings chosen to be forgotten. */
export interface ResidentRecords {
  visitIds: readonly string[];
  bookingIds: readonly string[];
}

export const NO_RECORDS: ResidentRecords = { visitIds: [], bookingIds: [] };

/** When the surgery was over: when a councillor ended it, else when it was planned to end. */
function surgeryOverAt(surgery: Surgery): number {
  return Date.parse(surgery.endedAt ?? surgery.endsAt);
}

function caseClosedAt(visit: Visit): number | undefined {
  const closings = (visit.caseUpdates ?? []).filter((update) => update.closesCase).map((update) => Date.parse(update.at));
  if (visit.caseClosedAt) closings.push(Date.parse(visit.caseClosedAt));
  return closings.length > 0 ? Math.max(...closings) : undefined;
}

/**
 * When a visit's personal details are due to go: RETENTION_DAYS after the surgery, or after its case
 * closed when that was later; an open case waits for closing, up to OPEN_CASE_LIMIT_DAYS.
 */
export function visitDueAt(visit: Visit, surgery: Surgery, retentionDays: number): number {
  const over = surgeryOverAt(surgery);
  const limit = over + Math.max(retentionDays, OPEN_CASE_LIMIT_DAYS) * DAY_MS;
  if (hasOpenCase(visit)) return limit;
  const from = Math.max(over, caseClosedAt(visit) ?? over);
  return Math.min(from + retentionDays * DAY_MS, limit);
}

/** A booking goes with the visit it became (which may be kept for its case), else RETENTION_DAYS after the surgery. */
function bookingDueAt(booking: Booking, state: QueueState, retentionDays: number): number {
  const visit = booking.visitId === undefined ? undefined : state.visits.find((v) => v.id === booking.visitId);
  return visit ? visitDueAt(visit, state.surgery, retentionDays) : surgeryOverAt(state.surgery) + retentionDays * DAY_MS;
}

export function isAnonymisedVisit(visit: Visit): boolean {
  return visit.anonymisedAt !== undefined;
}

/** Bookings have no marker of their own; a real one always has a name and a manage token. */
export function isAnonymisedBooking(booking: Booking): boolean {
  return booking.name === '' && booking.manageToken === '';
}

/** The visits and bookings of a surgery whose personal details are due to go by `now`. */
export function dueForRetention(state: QueueState, retentionDays: number, now: Date): ResidentRecords {
  const at = now.getTime();
  return {
    visitIds: state.visits.filter((v) => !isAnonymisedVisit(v) && visitDueAt(v, state.surgery, retentionDays) <= at).map((v) => v.id),
    bookingIds: (state.bookings ?? [])
      .filter((b) => !isAnonymisedBooking(b) && bookingDueAt(b, state, retentionDays) <= at)
      .map((b) => b.id),
  };
}

function present<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]])) as Pick<T, K>;
}

// Only what statistics count (bot/domain/statistics.ts): states, times, topic, follow-up, ward check,
// booked or not, and the feedback answer. Everything else, including fields added later, is left behind.
const COUNTED_VISIT_FIELDS = ['calledAt', 'joinedAt', 'finishedAt', 'topic', 'topicWords', 'followUp', 'wardCheck', 'booked'] as const;

/**
 * The visit with nothing left that names or reaches the resident. The lobby tag keeps only its ticket
 * code; the feedback keeps its answer, not the comment (free text can name people).
 */
export function anonymiseVisit(visit: Visit, now: Date): Visit {
  if (isAnonymisedVisit(visit)) return visit;
  return {
    id: visit.id,
    surgeryId: visit.surgeryId,
    ticket: visit.ticket,
    lobbyTag: ticketCode(visit.ticket),
    name: '',
    postcode: '',
    issue: '',
    channel: visit.channel,
    status: visit.status,
    checkedInAt: visit.checkedInAt,
    ...present(visit, COUNTED_VISIT_FIELDS),
    ...(visit.feedback ? { feedback: { answer: visit.feedback.answer, at: visit.feedback.at } } : {}),
    anonymisedAt: now.toISOString(),
  };
}

/** The booking with its slot, state and ward check only; its reference and manage link stop working. */
export function anonymiseBooking(booking: Booking): Booking {
  if (isAnonymisedBooking(booking)) return booking;
  return {
    id: booking.id,
    surgeryId: booking.surgeryId,
    reference: '',
    manageToken: '',
    slot: booking.slot,
    slotStartsAt: booking.slotStartsAt,
    slotEndsAt: booking.slotEndsAt,
    name: '',
    address: '',
    postcode: '',
    issue: '',
    contact: { kind: booking.contact.kind, value: '' },
    wardCheck: booking.wardCheck,
    channel: booking.channel,
    status: booking.status,
    bookedAt: booking.bookedAt,
    ...present(booking, ['changedAt', 'invitationSequence', 'visitId'] as const),
  };
}

/** Anonymises the chosen visits and bookings; those already anonymised are left alone, so this is safe to repeat. */
export function forgetResidents(state: QueueState, records: ResidentRecords, now: Date): QueueChange {
  const visitIds = new Set(records.visitIds);
  const bookingIds = new Set(records.bookingIds);
  const visits = state.visits.filter((v) => visitIds.has(v.id) && !isAnonymisedVisit(v)).map((v) => anonymiseVisit(v, now));
  const bookings = (state.bookings ?? []).filter((b) => bookingIds.has(b.id) && !isAnonymisedBooking(b)).map(anonymiseBooking);
  return { surgery: state.surgery, visits, ...(bookings.length > 0 ? { bookings } : {}), events: [] };
}

/** Chats that kept visits or bookings still need: retention and erasure must not delete them. */
export function chatsInUse(states: readonly QueueState[], forgotten: (surgeryId: string) => ResidentRecords): Set<string> {
  const inUse = new Set<string>();
  for (const state of states) {
    const gone = forgotten(state.surgery.id);
    const goneVisits = new Set(gone.visitIds);
    const goneBookings = new Set(gone.bookingIds);
    for (const v of state.visits) if (v.chatKey && !isAnonymisedVisit(v) && !goneVisits.has(v.id)) inUse.add(v.chatKey);
    for (const b of state.bookings ?? []) if (b.chatKey && !isAnonymisedBooking(b) && !goneBookings.has(b.id)) inUse.add(b.chatKey);
  }
  return inUse;
}
