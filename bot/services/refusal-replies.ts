import type { RefusalCode } from '../api-types';
import { Refusal } from '../domain/refusal';
import type { ResidentMessage } from '../domain/messages';

/** The refusal's own message is written to the resident already: the rules that refuse a resident's request word it so. */
const AS_REFUSED = Symbol('as refused');

// For what a resident never asks for (running a surgery, signing in, Teams and Graph): no detail meant for staff.
const NOT_NOW = 'Sorry, I cannot do that just now. Send me any message to see where things stand.';

/**
 * The one map from a refusal to what the bot tells a resident, as http-errors.ts is the one to an HTTP
 * status: every conversation that turns a refusal into words goes through it, and a code added without a
 * reply here does not compile. Codes whose messages are written for councillors get words of their own.
 */
const REPLY: Record<RefusalCode, string | typeof AS_REFUSED> = {
  'SURGERY.NOT_FOUND': 'Sorry, I could not find that surgery.',
  'SURGERY.NOT_OPEN': 'The surgery has not started yet. Check in again once it has.',
  'SURGERY.ALREADY_OPEN': NOT_NOW,
  'SURGERY.ENDED': 'This surgery has ended.',
  'SURGERY.CANCELLED': 'This surgery was cancelled.',
  'SURGERY.DROPS_BOOKINGS': NOT_NOW,
  'SURGERY.NOT_ENDED': NOT_NOW,
  'SURGERY.TOO_EARLY': NOT_NOW,
  'SURGERY.ON_BREAK': 'The councillors are on a short break. Please try again in a few minutes.',
  'SURGERY.NOT_ON_BREAK': NOT_NOW,
  'UNDO.TOO_LATE': NOT_NOW,
  'QUEUE.EMPTY': NOT_NOW,
  'QUEUE.ALREADY_JOINED': AS_REFUSED,
  'QUEUE.FULL': AS_REFUSED,
  'QUEUE.BUSY': AS_REFUSED,
  'VISIT.NOT_FOUND': 'Sorry, I could not find that visit.',
  'VISIT.WRONG_STATE': AS_REFUSED,
  'INPUT.INVALID': 'Sorry, something in that was not right. Please check it and try again.',
  'AUTH.REQUIRED': NOT_NOW,
  'AUTH.UNAVAILABLE': NOT_NOW,
  'AUTH.INVALID_TOKEN': NOT_NOW,
  'AUTH.TENANT_NOT_ALLOWED': NOT_NOW,
  'AUTH.INVALID_TICKET': NOT_NOW,
  'AUTH.OFFICERS_ONLY': NOT_NOW,
  'SURGERY.COUNCILLORS_ONLY': NOT_NOW,
  'MEETING.NO_SURGERY': NOT_NOW,
  'MEETING.DETAILS_UNAVAILABLE': NOT_NOW,
  'MEETING.ROLE_REQUIRED': NOT_NOW,
  'MEETING.CREATION_OFF': NOT_NOW,
  'GRAPH.CONSENT_REQUIRED': NOT_NOW,
  'GRAPH.PERMISSION_MISSING': NOT_NOW,
  'GRAPH.UNAVAILABLE': NOT_NOW,
  'WARD.NOT_FOUND': NOT_NOW,
  'BOOKING.NOT_FOUND': AS_REFUSED,
  'BOOKING.NOT_TAKEN': AS_REFUSED,
  'BOOKING.SLOT_TAKEN': AS_REFUSED,
  'BOOKING.ALREADY_BOOKED': AS_REFUSED,
  'BOOKING.OUTSIDE_WARD': AS_REFUSED,
  'BOOKING.CANCELLED': AS_REFUSED,
  'BOOKING.ALREADY_CHECKED_IN': AS_REFUSED,
  'BOOKING.WRONG_STATE': AS_REFUSED,
};

export function refusalWords(refusal: Refusal): string {
  const words = REPLY[refusal.code];
  return words === AS_REFUSED ? refusal.message : words;
}

export function refusalReply(refusal: Refusal): ResidentMessage {
  return { kind: 'refused', message: refusalWords(refusal) };
}
