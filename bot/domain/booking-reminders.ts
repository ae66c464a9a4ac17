import { MOST_CHANGED_AT_ONCE } from './queue';
import type { Booking, BookingReminder, QueueChange, QueueState } from './model';

/** Records that a reminder is on its way; the saved event is what sends it, once. */
export function remindersDue(state: QueueState, now: Date): QueueChange {
  const due: Booking[] = [];
  const events: QueueChange['events'] = [];
  for (const booking of state.bookings ?? []) {
    if (due.length >= MOST_CHANGED_AT_ONCE) break;
    if (booking.status !== 'booked') continue;
    const reminder = reminderDue(booking, now);
    if (!reminder) continue;
    due.push({ ...booking, reminders: { ...booking.reminders, [reminder]: now.toISOString() } });
    events.push({ type: 'booking_reminder', bookingId: booking.id, reminder });
  }
  return { surgery: state.surgery, visits: [], bookings: due, events };
}

const HOUR = 3_600_000;

/**
 * The day-before reminder goes in the 24 hours before the slot and the hour-before one in the last hour,
 * each at most once, and neither when the booking was made (or moved) within that time: its confirmation
 * is fresh.
 */
function reminderDue(booking: Booking, now: Date): BookingReminder | undefined {
  const until = new Date(booking.slotStartsAt).getTime() - now.getTime();
  if (until <= 0) return undefined;
  const sent = booking.reminders ?? {};
  const bookedAhead = new Date(booking.slotStartsAt).getTime() - new Date(booking.changedAt ?? booking.bookedAt).getTime();
  if (until <= HOUR) return sent.hour_before || bookedAhead <= HOUR ? undefined : 'hour_before';
  if (until <= 24 * HOUR && !sent.day_before && bookedAhead > 24 * HOUR) return 'day_before';
  return undefined;
}
