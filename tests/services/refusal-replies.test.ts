import type { RefusalCode } from '../../bot/api-types';
import { refuse } from '../../bot/domain/refusal';
import { refusalAnswer } from '../../bot/server/http-errors';
import { refusalReply } from '../../bot/services/refusal-replies';

/** Every refusal code; the type makes sure none is missed. */
const EVERY_CODE: Record<RefusalCode, true> = {
  'SURGERY.NOT_FOUND': true,
  'SURGERY.NOT_OPEN': true,
  'SURGERY.ALREADY_OPEN': true,
  'SURGERY.ENDED': true,
  'SURGERY.CANCELLED': true,
  'SURGERY.DROPS_BOOKINGS': true,
  'SURGERY.NOT_ENDED': true,
  'SURGERY.TOO_EARLY': true,
  'SURGERY.ON_BREAK': true,
  'SURGERY.NOT_ON_BREAK': true,
  'UNDO.TOO_LATE': true,
  'QUEUE.EMPTY': true,
  'QUEUE.ALREADY_JOINED': true,
  'QUEUE.FULL': true,
  'QUEUE.BUSY': true,
  'VISIT.NOT_FOUND': true,
  'VISIT.WRONG_STATE': true,
  'INPUT.INVALID': true,
  'AUTH.REQUIRED': true,
  'AUTH.UNAVAILABLE': true,
  'AUTH.INVALID_TOKEN': true,
  'AUTH.TENANT_NOT_ALLOWED': true,
  'AUTH.INVALID_TICKET': true,
  'AUTH.OFFICERS_ONLY': true,
  'SURGERY.COUNCILLORS_ONLY': true,
  'MEETING.NO_SURGERY': true,
  'MEETING.DETAILS_UNAVAILABLE': true,
  'MEETING.ROLE_REQUIRED': true,
  'MEETING.CREATION_OFF': true,
  'GRAPH.CONSENT_REQUIRED': true,
  'GRAPH.PERMISSION_MISSING': true,
  'GRAPH.UNAVAILABLE': true,
  'WARD.NOT_FOUND': true,
  'BOOKING.NOT_FOUND': true,
  'BOOKING.NOT_TAKEN': true,
  'BOOKING.SLOT_TAKEN': true,
  'BOOKING.ALREADY_BOOKED': true,
  'BOOKING.OUTSIDE_WARD': true,
  'BOOKING.CANCELLED': true,
  'BOOKING.ALREADY_CHECKED_IN': true,
  'BOOKING.WRONG_STATE': true,
};
const CODES = Object.keys(EVERY_CODE) as RefusalCode[];

// Refused in the rules' own words where those are written to residents; staff's words must not reach one.
const STAFF_WORDS = 'Cllr Ada Khan cannot do that for Jane S · A7.';

describe('what a refusal becomes', () => {
  it.each(CODES)('When a request is refused with %s, then the API answers with an error status and that code', (code) => {
    const { status, body } = refusalAnswer(refuse(code, STAFF_WORDS));

    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(body).toMatchObject({ code });
  });

  it.each(CODES)('When a resident’s request is refused with %s, then the bot replies in a sentence of its own or of the rules', (code) => {
    const reply = refusalReply(refuse(code, STAFF_WORDS));

    expect(reply.kind).toBe('refused');
    expect(reply.kind === 'refused' && reply.message).toMatch(/^\S.*\.$/);
  });

  it('When a refusal becomes a reply, then only codes whose messages the rules write to residents pass them on as they are', () => {
    const passedOn = CODES.filter((code) => {
      const reply = refusalReply(refuse(code, STAFF_WORDS));
      return reply.kind === 'refused' && reply.message === STAFF_WORDS;
    });

    expect(passedOn).toEqual([
      'QUEUE.ALREADY_JOINED',
      'QUEUE.FULL',
      'QUEUE.BUSY',
      'VISIT.WRONG_STATE',
      'BOOKING.NOT_FOUND',
      'BOOKING.NOT_TAKEN',
      'BOOKING.SLOT_TAKEN',
      'BOOKING.ALREADY_BOOKED',
      'BOOKING.OUTSIDE_WARD',
      'BOOKING.CANCELLED',
      'BOOKING.ALREADY_CHECKED_IN',
      'BOOKING.WRONG_STATE',
    ]);
  });
});
