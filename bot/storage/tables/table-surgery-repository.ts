import { TableClient, TransactionAction, odata } from '@azure/data-tables';
import { Surgery } from '../../domain/surgery';
import { Visit } from '../../domain/visit';
import { Booking } from '../../domain/booking-record';
import { AlreadyExists, ConcurrencyConflict, StoredQueue, SurgeryRepository } from '../ports';
import { assertKeySafe, assertSavable } from './storage-keys';
import { isEntityNotFound, isServiceError } from './table-errors';

// One partition per surgery (PartitionKey = surgery id): the surgery row and its visit rows, so a whole
// queue is one partition query and one transaction. `data` holds the domain object as JSON, which keeps
// its shape exact; `kind` and `status` are there for people and queries reading the table directly.
const SURGERY_ROW = 'surgery';
const visitRowKey = (visitId: string): string => `visit-${visitId}`;
const bookingRowKey = (bookingId: string): string => `booking-${bookingId}`;

// Azure allows 100 operations per transaction: the surgery row and 99 visits or bookings.
const ROWS_PER_TRANSACTION = 99;

interface QueueRow {
  kind: 'surgery' | 'visit' | 'booking';
  status?: string;
  data: string;
}

function surgeryRow(surgery: Surgery) {
  return { partitionKey: surgery.id, rowKey: SURGERY_ROW, kind: 'surgery', data: JSON.stringify(surgery) };
}

function visitRow(visit: Visit) {
  return { partitionKey: visit.surgeryId, rowKey: visitRowKey(visit.id), kind: 'visit', status: visit.status, data: JSON.stringify(visit) };
}

function bookingRow(booking: Booking) {
  return {
    partitionKey: booking.surgeryId,
    rowKey: bookingRowKey(booking.id),
    kind: 'booking',
    status: booking.status,
    data: JSON.stringify(booking),
  };
}

type QueueRowChange = { visit: Visit } | { booking: Booking };

function inBatches<T>(items: T[], size: number): T[][] {
  if (items.length === 0) return [[]];
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

export class TableSurgeryRepository implements SurgeryRepository {
  constructor(private readonly table: TableClient) {}

  async create(surgery: Surgery): Promise<void> {
    assertKeySafe('Surgery id', surgery.id);
    try {
      await this.table.createEntity(surgeryRow(surgery));
    } catch (error) {
      if (isServiceError(error, 409)) throw new AlreadyExists(`Surgery ${surgery.id}`);
      throw error;
    }
  }

  async list(): Promise<Surgery[]> {
    const surgeries: Surgery[] = [];
    const rows = this.table.listEntities<QueueRow>({ queryOptions: { filter: odata`RowKey eq ${SURGERY_ROW}`, select: ['data', 'kind'] } });
    // Azurite has been seen to return visit rows for this filter, so each row's kind is checked too.
    for await (const row of rows) if (row.kind === 'surgery') surgeries.push(JSON.parse(row.data) as Surgery);
    return surgeries;
  }

  async loadQueue(surgeryId: string): Promise<StoredQueue | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    let surgery: Surgery | undefined;
    let etag = '';
    const visits: Visit[] = [];
    const bookings: Booking[] = [];
    for await (const row of this.table.listEntities<QueueRow>({ queryOptions: { filter: odata`PartitionKey eq ${surgeryId}` } })) {
      // Never trust a filter alone to keep one surgery's residents out of another's queue.
      if (row.partitionKey !== surgeryId) continue;
      if (row.kind === 'surgery') {
        surgery = JSON.parse(row.data) as Surgery;
        etag = row.etag;
      } else if (row.kind === 'booking') {
        bookings.push(JSON.parse(row.data) as Booking);
      } else {
        visits.push(JSON.parse(row.data) as Visit);
      }
    }
    return surgery ? { surgery, visits, bookings, etag } : undefined;
  }

  /**
   * Every transaction updates the surgery row on the ETag it was given, so a stale save changes nothing.
   * More than 99 visits do not fit one transaction: they go in consecutive transactions, each conditioned
   * on the ETag the previous one returned. Only such a large save (ending a surgery with a full queue) can
   * be applied in part: if another writer reads and saves between two of its transactions, the later
   * ones fail with ConcurrencyConflict and the earlier ones stay.
   */
  async saveQueue(surgery: Surgery, visits: Visit[], etag: string, bookings: Booking[] = []): Promise<string> {
    assertSavable(surgery, visits, bookings);
    const rows: QueueRowChange[] = [...visits.map((visit) => ({ visit })), ...bookings.map((booking) => ({ booking }))];
    let current = etag;
    for (const batch of inBatches(rows, ROWS_PER_TRANSACTION)) current = await this.saveBatch(surgery, batch, current);
    return current;
  }

  async currentEtag(surgeryId: string): Promise<string | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    try {
      return (await this.table.getEntity(surgeryId, SURGERY_ROW, { queryOptions: { select: ['kind'] } })).etag;
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  private async saveBatch(surgery: Surgery, rows: QueueRowChange[], etag: string): Promise<string> {
    const actions: TransactionAction[] = [
      ['update', surgeryRow(surgery), 'Replace', { etag }],
      ...rows.map((row): TransactionAction => ['upsert', 'visit' in row ? visitRow(row.visit) : bookingRow(row.booking), 'Replace']),
    ];
    try {
      const result = await this.table.submitTransaction(actions);
      // Sub-responses come in request order, so the surgery row's is first. Azure and Azurite both send its
      // ETag; the SDK types it as optional, hence the read-back.
      return result.subResponses[0]?.etag ?? (await this.table.getEntity(surgery.id, SURGERY_ROW)).etag;
    } catch (error) {
      // 412: the ETag is stale. 404: the surgery row is missing, so no ETag can be current.
      if (isServiceError(error, 412) || isEntityNotFound(error)) throw new ConcurrencyConflict(surgery.id);
      throw error;
    }
  }
}
