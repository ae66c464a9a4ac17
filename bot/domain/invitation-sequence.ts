import type { Booking } from './model';

/**
 * The SEQUENCE of the booking's calendar invitation as it stands. Bookings changed before the count was kept
 * used whole seconds since booking; counting on from there keeps each new version above what residents'
 * calendars already hold.
 */
export function invitationSequence(booking: Pick<Booking, 'bookedAt' | 'changedAt' | 'invitationSequence'>): number {
  if (booking.invitationSequence !== undefined) return booking.invitationSequence;
  if (!booking.changedAt) return 0;
  return Math.max(1, Math.floor((new Date(booking.changedAt).getTime() - new Date(booking.bookedAt).getTime()) / 1000));
}

/** What a change of time or a cancellation stamps on a booking: when, and its invitation's next SEQUENCE. */
export const calendarChange = (booking: Booking, at: string): Pick<Booking, 'changedAt' | 'invitationSequence'> => ({
  changedAt: at,
  invitationSequence: invitationSequence(booking) + 1,
});
