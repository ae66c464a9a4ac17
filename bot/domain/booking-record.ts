// A booking as stored, apart from the rules about it (booking.ts), so the queue's state can hold bookings
// without importing those rules.
export type { Booking, BookingReminder, BookingRequest, BookingStatus } from './model';
