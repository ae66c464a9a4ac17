import { randomBytes } from 'node:crypto';
import type { Booking } from '../../bot/domain/model';
import { bookingReference } from '../../bot/domain/booking-reference';
import { isRefusal } from '../../bot/domain/refusal';
import { STATUS_TOKEN_BYTES } from '../../bot/domain/status-token';
import { WardLookup } from '../../bot/domain/ward-check';
import { BookingService } from '../../bot/services/booking-service';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import type { TestApp } from './test-app';
import { queueServiceOver } from './queue-service';

const randomId = () => randomBytes(9).toString('base64url');

// Riverside postcodes (RV…) are in the surgery's ward; any other is in Castle.
const RIVERSIDE_LISTS: WardLookup = {
  check: (_ward, postcode) => (postcode.startsWith('RV') ? { result: 'in_ward' } : { result: 'outside', postcodeWard: 'Castle' }),
};

export interface BookingDetails {
  name: string;
  postcode: string;
  issue?: string;
}

/** Residents booking and checking in, through a second instance of the app over the same tables. */
export interface BookingDesk {
  book(surgeryId: string, slot: number, resident: BookingDetails): Promise<Booking>;
  /** The booked resident checks in on the day, by web chat. */
  checkIn(booking: Booking): Promise<void>;
}

/**
 * Bookings made as another server would make them: the app under test sees them only through storage,
 * as every instance does (the surgery's ETag changes, so its live stream sends the new view).
 */
export async function bookingDesk(test: Pick<TestApp, 'config'>, clock: () => Date): Promise<BookingDesk> {
  const storage = await createTableStorage({
    connectionString: test.config.storage.connectionString,
    tablePrefix: test.config.storage.tablePrefix,
    allowInsecureConnection: true,
  });
  const queue = queueServiceOver(storage, clock);
  const bookings = new BookingService({
    queue,
    links: storage.bookingLinks,
    statusLinks: storage.statusLinks,
    wards: RIVERSIDE_LISTS,
    outsideWard: 'allow',
    clock,
    newId: randomId,
    newReference: () => bookingReference(randomBytes(8)),
    // Secrets of the length the server makes, so the manage and status pages accept them.
    newToken: () => randomBytes(STATUS_TOKEN_BYTES).toString('base64url'),
  });
  return {
    async book(surgeryId, slot, { name, postcode, issue = 'Potholes on my road.' }) {
      const contact = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
      const booked = await bookings.book(surgeryId, { slot, name, address: '1 High Street', postcode, issue, contact }, { channel: 'web' });
      if (isRefusal(booked))
        throw new Error(`Could not book slot ${slot}: ${booked.code} ${booked.message} ${JSON.stringify(booked.problems ?? [])}`);
      return booked.booking;
    },
    async checkIn(booking) {
      const found = await bookings.findByManageToken(booking.manageToken);
      if (!found) throw new Error(`No booking ${booking.id}`);
      const applied = await bookings.checkIn(found, { channel: 'webchat' });
      if (isRefusal(applied)) throw new Error(`Could not check in: ${applied.code} ${applied.message}`);
    },
  };
}
