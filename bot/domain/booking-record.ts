import type { BookingStatus } from '../api-statuses';
import type { WardCheck } from './ward-check';

// A booking as stored, apart from the rules about it (booking.ts), so the queue's state can hold bookings
// without importing those rules.

export type { BookingStatus };

export type BookingReminder = 'day_before' | 'hour_before';

/** What a resident gives when booking: the check-in's details, with the first line of their address and a contact. */
export interface BookingDetails {
  name: string;
  /** First line of the address, as the resident wrote it. */
  address: string;
  postcode: string;
  issue: string;
  contact: { kind: 'mobile' | 'email'; value: string };
  accessNeeds?: string;
}

/** A booking form as sent: the details and the slot chosen. */
export interface BookingRequest extends BookingDetails {
  slot: number;
}

export interface Booking extends BookingRequest {
  id: string;
  surgeryId: string;
  /** What the resident quotes to check in or ask about it ("SQ-7KM4-Q2XD"); unique across surgeries. */
  reference: string;
  /** Secret of the booking's manage page, where it can be cancelled or moved without an account. */
  manageToken: string;
  slotStartsAt: string;
  slotEndsAt: string;
  wardCheck: WardCheck['result'];
  postcodeWard?: string;
  /** Where it was booked: a bot channel id, or "web" for the manage page. Where the resident booked in a chat, its key. */
  channel: string;
  chatKey?: string;
  status: BookingStatus;
  bookedAt: string;
  changedAt?: string;
  visitId?: string;
  /** When each reminder was sent on its way: each goes at most once. */
  reminders?: Partial<Record<BookingReminder, string>>;
}
