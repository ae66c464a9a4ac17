/** Stable codes for every way a request can be turned down; mapped to HTTP and bot replies in one place each. */
export type RefusalCode =
  | 'SURGERY.NOT_FOUND'
  | 'SURGERY.NOT_OPEN'
  | 'SURGERY.ALREADY_OPEN'
  | 'SURGERY.ENDED'
  | 'SURGERY.NOT_ENDED'
  | 'SURGERY.TOO_EARLY'
  | 'SURGERY.ON_BREAK'
  | 'SURGERY.NOT_ON_BREAK'
  | 'UNDO.TOO_LATE'
  | 'QUEUE.EMPTY'
  | 'QUEUE.ALREADY_JOINED'
  | 'QUEUE.FULL'
  | 'QUEUE.BUSY'
  | 'VISIT.NOT_FOUND'
  | 'VISIT.WRONG_STATE'
  | 'INPUT.INVALID'
  | 'AUTH.REQUIRED'
  | 'AUTH.UNAVAILABLE'
  | 'AUTH.INVALID_TOKEN'
  | 'AUTH.TENANT_NOT_ALLOWED'
  | 'AUTH.INVALID_TICKET'
  | 'AUTH.OFFICERS_ONLY'
  | 'SURGERY.COUNCILLORS_ONLY'
  | 'MEETING.NO_SURGERY'
  | 'MEETING.DETAILS_UNAVAILABLE'
  | 'MEETING.ROLE_REQUIRED'
  | 'MEETING.CREATION_OFF'
  | 'GRAPH.CONSENT_REQUIRED'
  | 'GRAPH.PERMISSION_MISSING'
  | 'GRAPH.UNAVAILABLE'
  | 'WARD.NOT_FOUND'
  | 'BOOKING.NOT_FOUND'
  | 'BOOKING.NOT_TAKEN'
  | 'BOOKING.SLOT_TAKEN'
  | 'BOOKING.ALREADY_BOOKED'
  | 'BOOKING.OUTSIDE_WARD'
  | 'BOOKING.CANCELLED'
  | 'BOOKING.ALREADY_CHECKED_IN'
  | 'BOOKING.WRONG_STATE';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Refusal {
  refused: true;
  code: RefusalCode;
  message: string;
  problems?: FieldProblem[];
}

/** What a parser gives: the checked value, or every problem with the input at once, by field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export function refuse(code: RefusalCode, message: string, problems?: FieldProblem[]): Refusal {
  return problems ? { refused: true, code, message, problems } : { refused: true, code, message };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as Refusal).refused === true;
}
