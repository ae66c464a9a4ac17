import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { bookingReference } from '../domain/booking-reference';
import { NO_WARD_LISTS } from '../domain/ward-check';
import { BookingService } from '../services/booking-service';
import type { QueueService } from '../services/queue-service';
import type { Basics } from './basics';
import type { Wards } from './wards';

/** Invitations sent from the council's mailbox name it as organiser, so replies and updates match the sender. */
export function invitationsOrganiserOf(settings: Config['bookings']): string {
  return settings.invitesMailbox || settings.organiserEmail;
}

/** Booked slots, as the bot and the manage pages use them; a postcode in another ward is refused or marked, as set. */
export function bookingsFeature(
  settings: Config['bookings'],
  basics: Basics,
  needs: { queue: QueueService; wards: Wards; newId(): string; newStatusToken(): string },
): BookingService {
  return new BookingService({
    queue: needs.queue,
    links: basics.storage.bookingLinks,
    statusLinks: basics.storage.statusLinks,
    wards: needs.wards.postcodes ?? NO_WARD_LISTS,
    outsideWard: settings.outsideWard,
    clock: basics.clock,
    newId: needs.newId,
    newReference: () => bookingReference(randomBytes(8)),
    newToken: needs.newStatusToken,
  });
}
