import type { ApiError, RefusalCode } from '../api-types';
import { Refusal } from '../domain/refusal';

/** The one map from a refusal to its HTTP status, for the API and the resident pages alike. */
const STATUS: Record<RefusalCode, number> = {
  'SURGERY.NOT_FOUND': 404,
  'VISIT.NOT_FOUND': 404,
  'INPUT.INVALID': 400,
  'AUTH.REQUIRED': 401,
  'AUTH.UNAVAILABLE': 503,
  'AUTH.INVALID_TOKEN': 401,
  'AUTH.INVALID_TICKET': 401,
  'AUTH.TENANT_NOT_ALLOWED': 403,
  'AUTH.OFFICERS_ONLY': 403,
  'SURGERY.COUNCILLORS_ONLY': 403,
  'MEETING.ROLE_REQUIRED': 403,
  'MEETING.CREATION_OFF': 409,
  'GRAPH.CONSENT_REQUIRED': 403,
  'GRAPH.PERMISSION_MISSING': 403,
  'GRAPH.UNAVAILABLE': 503,
  'MEETING.NO_SURGERY': 404,
  'MEETING.DETAILS_UNAVAILABLE': 404,
  'WARD.NOT_FOUND': 404,
  'SURGERY.NOT_OPEN': 409,
  'SURGERY.ALREADY_OPEN': 409,
  'SURGERY.ENDED': 409,
  'SURGERY.CANCELLED': 409,
  'SURGERY.DROPS_BOOKINGS': 409,
  'SURGERY.NOT_ENDED': 409,
  'SURGERY.TOO_EARLY': 409,
  'SURGERY.ON_BREAK': 409,
  'SURGERY.NOT_ON_BREAK': 409,
  'UNDO.TOO_LATE': 409,
  'QUEUE.EMPTY': 409,
  'QUEUE.ALREADY_JOINED': 409,
  'QUEUE.FULL': 409,
  'QUEUE.BUSY': 503,
  'VISIT.WRONG_STATE': 409,
  'BOOKING.NOT_FOUND': 404,
  'BOOKING.NOT_TAKEN': 409,
  'BOOKING.SLOT_TAKEN': 409,
  'BOOKING.ALREADY_BOOKED': 409,
  'BOOKING.OUTSIDE_WARD': 409,
  'BOOKING.CANCELLED': 409,
  'BOOKING.ALREADY_CHECKED_IN': 409,
  'BOOKING.WRONG_STATE': 409,
};

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export function refusalStatus(refusal: Refusal): number {
  return STATUS[refusal.code];
}

export function refusalAnswer(refusal: Refusal): HttpAnswer {
  const body: ApiError = { code: refusal.code, message: refusal.message, ...(refusal.problems ? { problems: refusal.problems } : {}) };
  return { status: refusalStatus(refusal), body };
}
