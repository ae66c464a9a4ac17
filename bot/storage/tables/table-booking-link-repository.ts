import { TableClient } from '@azure/data-tables';
import { AlreadyExists, BookingLink, BookingLinkRepository } from '../ports';
import { assertKeySafe } from './storage-keys';
import { deleteIfPresent, isEntityNotFound, isServiceError } from './table-errors';

const LINK_ROW = 'link';

interface LinkRow {
  surgeryId: string;
  bookingId: string;
}

/** One partition per key, so finding a booking by its reference or manage link is a point read. */
export class TableBookingLinkRepository implements BookingLinkRepository {
  constructor(private readonly table: TableClient) {}

  async create(link: BookingLink): Promise<void> {
    assertKeySafe('Booking link', link.key);
    try {
      await this.table.createEntity({ partitionKey: link.key, rowKey: LINK_ROW, surgeryId: link.surgeryId, bookingId: link.bookingId });
    } catch (error) {
      if (isServiceError(error, 409)) throw new AlreadyExists(`Booking link ${link.key}`);
      throw error;
    }
  }

  async get(key: string): Promise<BookingLink | undefined> {
    assertKeySafe('Booking link', key);
    try {
      const row = await this.table.getEntity<LinkRow>(key, LINK_ROW);
      return { key, surgeryId: row.surgeryId, bookingId: row.bookingId };
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertKeySafe('Booking link', key);
    await deleteIfPresent(this.table, key, LINK_ROW);
  }
}
