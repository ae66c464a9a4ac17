import { CANCEL_MESSAGE_LIMIT } from '../api-types';
import type { Booking, NextSurgery, QueueChange, QueueEvent, QueueState, Surgery } from './model';
import { holdsSlot } from './booking';
import { reachedByEnd } from './queue';
import { calendarChange } from './invitation-sequence';
import { Parsed, Refusal, refuse } from './refusal';
import { cleanText } from './text';

/** What the councillors say to residents when they cancel: nothing, or a short message. */
export interface Cancellation {
  message?: string;
}

// Control characters other than line breaks would reach residents' chats, emails and texts as they were typed.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

export function parseCancellation(input: Record<string, unknown>): Parsed<Cancellation> {
  const raw = input.message;
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: {} };
  if (typeof raw !== 'string') return { ok: false, problems: [{ field: 'message', message: 'The message must be text.' }] };
  if (CONTROL.test(raw.replace(/\r\n/g, '\n')))
    return { ok: false, problems: [{ field: 'message', message: 'The message has characters that cannot be sent. Type it again.' }] };
  const message = cleanText(raw);
  if (message.length > CANCEL_MESSAGE_LIMIT)
    return { ok: false, problems: [{ field: 'message', message: `Keep the message to ${CANCEL_MESSAGE_LIMIT} characters or fewer.` }] };
  return { ok: true, value: message === '' ? {} : { message } };
}

/**
 * Cancels a surgery that has not ended, before or while it runs. It ends as cancelled: every resident waiting
 * or called is not reached (their issue kept as a follow-up, as at an end) and every booking is cancelled, each
 * told once. Like ending, it saves the surgery alone, so it fits one storage transaction however many residents
 * it tells; reading the queue settles its visits (settleEnded) and bookings (settleCancelled).
 */
export function cancelSurgery(state: QueueState, cancellation: Cancellation, now: Date, next?: NextSurgery): QueueChange | Refusal {
  const { surgery } = state;
  if (surgery.cancelled) return refuse('SURGERY.CANCELLED', 'This surgery is already cancelled.');
  if (surgery.status === 'ended') return refuse('SURGERY.ENDED', 'This surgery has ended, so it cannot be cancelled.');
  const at = now.toISOString();
  const events: QueueEvent[] = [{ type: 'surgery_cancelled' }];
  for (const booking of state.bookings ?? []) if (holdsSlot(booking)) events.push({ type: 'booking_cancelled', bookingId: booking.id });
  for (const visit of state.visits) if (reachedByEnd(visit)) events.push({ type: 'not_reached', visitId: visit.id });
  const { nextSurgery: _earlier, onBreak: _break, ...rest } = surgery;
  return {
    surgery: {
      ...rest,
      status: 'ended',
      endedAt: at,
      cancelled: { at, ...(cancellation.message ? { message: cancellation.message } : {}) },
      ...(next ? { nextSurgery: next } : {}),
    },
    visits: [],
    events,
  };
}

/** Once a surgery is cancelled, every booking that held a slot is cancelled with it, as of the cancellation. */
export function settleCancelled(surgery: Surgery, bookings: Booking[]): Booking[] {
  const cancelled = surgery.cancelled;
  if (!cancelled) return bookings;
  return bookings.map((booking) =>
    holdsSlot(booking) ? { ...booking, status: 'cancelled', ...calendarChange(booking, cancelled.at) } : booking,
  );
}
