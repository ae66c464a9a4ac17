/**
 * The statuses the server and its pages agree on, in a module that imports nothing, so the domain and every
 * API contract (api-types.ts, api-officer-types.ts) can share one definition without importing one another.
 */

export type SurgeryStatus = 'scheduled' | 'open' | 'ended';
export type VisitStatus = 'waiting' | 'called' | 'in_consultation' | 'seen' | 'left' | 'no_show' | 'not_reached' | 'follow_up';
export type BookingStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';

/**
 * Where a resident reached us: a bot channel ("msteams", "webchat", "directline", "emulator", or "other" for
 * any other), "web" for the booking pages, or "phone" for a resident a councillor added by hand.
 */
export type Channel = 'msteams' | 'webchat' | 'directline' | 'emulator' | 'other' | 'web' | 'phone';
