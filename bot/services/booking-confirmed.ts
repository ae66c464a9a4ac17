import { managePagePath } from '../domain/booking-reference';
import type { Booking, Surgery } from '../domain/model';
import type { ResidentMessage } from '../domain/messages';

/** Booked anyway (the council allows it): the resident is told kindly, and the councillors see the flag. */
function outsideWardNote(surgeryWard: string, postcodeWard: string | undefined): string {
  const where = postcodeWard ? `Your postcode is in ${postcodeWard}, not ${surgeryWard}` : `Your postcode is not in ${surgeryWard}`;
  return `${where}. You are still welcome; for some things your own ward's councillors may be able to do more.`;
}

/** The chat's "Your time is booked" card, when booked and again, in place, whenever its time moves. */
export function bookingConfirmed(booking: Booking, surgery: Surgery, publicBaseUrl: string): ResidentMessage {
  const manageUrl = `${publicBaseUrl}${managePagePath(booking.manageToken)}`;
  return {
    kind: 'booking_confirmed',
    surgeryId: surgery.id,
    bookingId: booking.id,
    ward: surgery.ward,
    reference: booking.reference,
    slotStartsAt: booking.slotStartsAt,
    joinUrl: surgery.joinUrl,
    manageUrl,
    calendarUrl: `${manageUrl}/invite.ics`,
    sentTo: booking.contact.kind,
    ...(booking.wardCheck === 'outside' ? { outsideWard: outsideWardNote(surgery.ward, booking.postcodeWard) } : {}),
  };
}
