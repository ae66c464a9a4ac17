import { TableClient, TransactionAction, odata } from '@azure/data-tables';
import type { Booking, Surgery, Visit } from '../../domain/model';
import { settleEnded } from '../../domain/queue';
import { settleCancelled } from '../../domain/cancel-surgery';
import {
  AlreadyExists,
  ConcurrencyConflict,
  OutboxEntryChanged,
  OutboxWrites,
  SaveRefused,
  StoredQueue,
  SurgeryRepository,
} from '../ports';
import { SURGERY_ROW, assertKeySafe, assertSaveFits } from './storage-keys';
import { isEntityNotFound, isServiceError } from './table-errors';
import { entryRow, entryRowKey, promiseRow } from './table-outbox-repository';
import { TableSurgeryIndex } from './table-surgery-index';

// One partition per surgery (PartitionKey = surgery id): the surgery row, its visit and booking rows, and
// its outbox (see table-outbox-repository), so a whole queue is one partition query and one transaction. `data` holds the domain object as JSON, which keeps
// its shape exact; `kind` and `status` are there for people and queries reading the table directly.
const visitRowKey = (visitId: string): string => `visit-${visitId}`;
const bookingRowKey = (bookingId: string): string => `booking-${bookingId}`;

// Domain changes stay well inside ROWS_PER_TRANSACTION: ending a surgery saves the surgery alone, and alerts and
// reminders are raised a bounded number at a time.

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

export class TableSurgeryRepository implements SurgeryRepository {
  private readonly index: TableSurgeryIndex;

  constructor(
    private readonly table: TableClient,
    index: TableClient,
  ) {
    this.index = new TableSurgeryIndex(index, (surgeryId) => this.find(surgeryId));
  }

  /** Lists the surgeries stored before the index existed; later starts find it built and read nothing else. */
  buildIndex(): Promise<void> {
    return this.index.buildOnce(() => this.all());
  }

  async create(surgery: Surgery): Promise<void> {
    assertKeySafe('Surgery id', surgery.id);
    const marks = await this.index.mark(undefined, surgery);
    try {
      await this.table.createEntity(surgeryRow(surgery));
    } catch (error) {
      if (isServiceError(error, 409)) throw new AlreadyExists(`Surgery ${surgery.id}`);
      throw error;
    }
    await this.index.confirm(surgery, marks);
  }

  current(): Promise<Surgery[]> {
    return this.index.current();
  }

  holdingDetails(): Promise<Surgery[]> {
    return this.index.held();
  }

  withoutWardCode(): Promise<Surgery[]> {
    return this.index.unplaced();
  }

  startingIn(months: readonly string[]): Promise<Surgery[]> {
    return this.index.startingIn(months);
  }

  released(surgeryId: string): Promise<void> {
    assertKeySafe('Surgery id', surgeryId);
    return this.index.release(surgeryId);
  }

  async all(): Promise<Surgery[]> {
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
    const filter = odata`PartitionKey eq ${surgeryId} and kind ne 'outbox' and kind ne 'promise'`;
    for await (const row of this.table.listEntities<QueueRow>({ queryOptions: { filter } })) {
      // Never trust a filter alone to keep one surgery's residents out of another's queue.
      if (row.partitionKey !== surgeryId) continue;
      if (row.kind === 'surgery') {
        surgery = JSON.parse(row.data) as Surgery;
        etag = row.etag;
      } else if (row.kind === 'booking') {
        bookings.push(JSON.parse(row.data) as Booking);
      } else if (row.kind === 'visit') {
        visits.push(JSON.parse(row.data) as Visit);
      }
    }
    return surgery ? { surgery, visits: settleEnded(surgery, visits), bookings: settleCancelled(surgery, bookings), etag } : undefined;
  }

  /** One transaction, conditional on the surgery row's ETag (and the outcome's entry's): all of it applies, or none. */
  async saveQueue(
    surgery: Surgery,
    visits: Visit[],
    etag: string,
    bookings: Booking[] = [],
    outbox: OutboxWrites = {},
    listedBefore?: Surgery,
  ): Promise<string> {
    assertSaveFits(surgery, visits, bookings, outbox);
    const marks = listedBefore && (await this.index.mark(listedBefore, surgery));
    const saved = await this.save(surgery, visits, etag, bookings, outbox);
    if (marks) await this.index.confirm(surgery, marks);
    return saved;
  }

  private async save(surgery: Surgery, visits: Visit[], etag: string, bookings: Booking[], outbox: OutboxWrites): Promise<string> {
    const actions: TransactionAction[] = [
      ['update', surgeryRow(surgery), 'Replace', { etag }],
      ...visits.map((visit): TransactionAction => ['upsert', visitRow(visit), 'Replace']),
      ...bookings.map((booking): TransactionAction => ['upsert', bookingRow(booking), 'Replace']),
      ...(outbox.promises ?? []).map((promise): TransactionAction => ['create', promiseRow(promise)]),
      ...(outbox.outcome
        ? [['update', entryRow(outbox.outcome.entry), 'Replace', { etag: outbox.outcome.etag }] as TransactionAction]
        : []),
      ...(outbox.shown ?? []).map((entry): TransactionAction => ['upsert', entryRow(entry), 'Replace']),
    ];
    try {
      const result = await this.table.submitTransaction(actions);
      // Sub-responses come in request order, so the surgery row's is first. Azure and Azurite both send its
      // ETag; the SDK types it as optional, hence the read-back.
      return result.subResponses[0]?.etag ?? (await this.table.getEntity(surgery.id, SURGERY_ROW)).etag;
    } catch (error) {
      // 400 or 413: the service would not take a row, or the whole; a transaction applies whole or not at all.
      if (isServiceError(error, 400) || isServiceError(error, 413))
        throw new SaveRefused(`Storage refused a change to surgery ${surgery.id}: ${(error as Error).message}`, { cause: error });
      // 412: an ETag is stale. 404: the surgery row (or the entry) is missing, so no ETag can be current.
      if (!isServiceError(error, 412) && !isEntityNotFound(error)) throw error;
      if (outbox.outcome && (await this.entryChanged(surgery.id, outbox.outcome.entry.id, outbox.outcome.etag)))
        throw new OutboxEntryChanged(outbox.outcome.entry.id);
      throw new ConcurrencyConflict(surgery.id);
    }
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

  async find(surgeryId: string): Promise<Surgery | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    try {
      return JSON.parse(
        (await this.table.getEntity<QueueRow>(surgeryId, SURGERY_ROW, { queryOptions: { select: ['data'] } })).data,
      ) as Surgery;
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  private async entryChanged(surgeryId: string, entryId: string, etag: string): Promise<boolean> {
    try {
      return (await this.table.getEntity(surgeryId, entryRowKey(entryId), { queryOptions: { select: ['kind'] } })).etag !== etag;
    } catch (error) {
      if (isEntityNotFound(error)) return true;
      throw error;
    }
  }
}
