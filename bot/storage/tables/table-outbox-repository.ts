import { TableClient, TransactionAction, odata } from '@azure/data-tables';
import {
  ConcurrencyConflict,
  OutboxEntry,
  OutboxLane,
  OutboxPromise,
  OutboxRepository,
  OutboxWrite,
  StoredOutboxEntry,
  StoredOutboxPromise,
  placeCardEntryId,
} from '../ports';
import { laneOf } from '../outbox-lane';
import { assertKeySafe } from './storage-keys';
import { deleteIfPresent, isEntityNotFound, isServiceError } from './table-errors';
import { textColumns, textOf } from './row-text';

// Entries and promises live in their surgery's partition of the surgeries table, so a queue change and
// what it promises, or an entry's outcome and what the tab shows of it, are one transaction. `status`,
// `chatKey`, `dueAt` and `finishedAt` are columns so "what is due" and "what is pending to this chat, or
// was lately sent to it" run in storage.
// A small index table names the surgeries that may have work, so the sender never reads every surgery.
const WORK_PARTITION = 'work';
const TRANSACTION_ROWS = 100;

export const entryRowKey = (id: string): string => `outbox-${id}`;
const promiseRowKey = (id: string): string => `promise-${id}`;

/** When another instance may next take the entry: after its back-off, and after any lease runs out. */
function dueAt(entry: OutboxEntry): string {
  return entry.leaseUntil && entry.leaseUntil > entry.nextAttemptAt ? entry.leaseUntil : entry.nextAttemptAt;
}

export function entryRow(entry: OutboxEntry) {
  assertKeySafe('Outbox id', entry.id);
  return {
    partitionKey: entry.surgeryId,
    rowKey: entryRowKey(entry.id),
    kind: 'outbox',
    status: entry.status,
    chatKey: entry.chatKey,
    dueAt: dueAt(entry),
    ...(entry.finishedAt ? { finishedAt: entry.finishedAt } : {}),
    ...textColumns(JSON.stringify(entry)),
  };
}

export function promiseRow(promise: OutboxPromise) {
  assertKeySafe('Promise id', promise.id);
  return { partitionKey: promise.surgeryId, rowKey: promiseRowKey(promise.id), kind: 'promise', ...textColumns(JSON.stringify(promise)) };
}

type Row = Record<string, unknown> & { partitionKey?: string; etag: string };

const byAge = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

export class TableOutboxRepository implements OutboxRepository {
  constructor(
    private readonly table: TableClient,
    private readonly work: TableClient,
  ) {}

  async withWork(): Promise<{ surgeryId: string; markedAt: string }[]> {
    const found: { surgeryId: string; markedAt: string }[] = [];
    const rows = this.work.listEntities<{ markedAt: string }>({ queryOptions: { filter: odata`PartitionKey eq ${WORK_PARTITION}` } });
    for await (const row of rows) found.push({ surgeryId: row.rowKey!, markedAt: row.markedAt });
    return found;
  }

  async markWork(surgeryId: string, at: string): Promise<void> {
    assertKeySafe('Surgery id', surgeryId);
    await this.work.upsertEntity({ partitionKey: WORK_PARTITION, rowKey: surgeryId, markedAt: at }, 'Replace');
  }

  async clearWork(surgeryId: string, markedAt: string): Promise<void> {
    assertKeySafe('Surgery id', surgeryId);
    try {
      const row = await this.work.getEntity<{ markedAt: string }>(WORK_PARTITION, surgeryId);
      if (row.markedAt === markedAt) await this.work.deleteEntity(WORK_PARTITION, surgeryId, { etag: row.etag });
    } catch (error) {
      // Gone, or marked again since it was read: either way the mark is as it should be.
      if (!isEntityNotFound(error) && !isServiceError(error, 412)) throw error;
    }
  }

  async promises(surgeryId: string): Promise<StoredOutboxPromise[]> {
    const found: StoredOutboxPromise[] = [];
    // Azurite has been seen to return rows a filter excludes, so each row's kind is checked too.
    for (const row of await this.rows(surgeryId, odata`PartitionKey eq ${surgeryId} and kind eq 'promise'`))
      if (row.kind === 'promise') found.push({ promise: JSON.parse(textOf(row)) as OutboxPromise, etag: row.etag });
    return found.sort((a, b) => byAge(a.promise, b.promise));
  }

  async fulfil({ promise, etag }: StoredOutboxPromise): Promise<void> {
    try {
      await this.table.deleteEntity(promise.surgeryId, promiseRowKey(promise.id), { etag });
    } catch (error) {
      if (!isEntityNotFound(error) && !isServiceError(error, 412)) throw error;
    }
  }

  async addAll(surgeryId: string, entries: OutboxEntry[]): Promise<void> {
    // Most often none of them exists yet, so they are first added without reading what is there.
    let missing = entries;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        const existing = new Set((await this.forSurgery(surgeryId)).map((entry) => entry.id));
        missing = entries.filter((entry) => !existing.has(entry.id));
      }
      try {
        for (let start = 0; start < missing.length; start += TRANSACTION_ROWS) {
          const batch = missing.slice(start, start + TRANSACTION_ROWS);
          await this.table.submitTransaction(batch.map((entry): TransactionAction => ['create', entryRow(entry)]));
        }
        return;
      } catch (error) {
        // Another instance added some of them meanwhile: read again and add the rest.
        if (!isServiceError(error, 409) || attempt >= 6) throw error;
      }
    }
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.table.upsertEntity(entryRow(entry), 'Replace');
  }

  placeCards(surgeryId: string): Promise<StoredOutboxEntry[]> {
    // Row keys of place cards all start with the same prefix; '.' is the character after '-'.
    const first = entryRowKey(placeCardEntryId(''));
    const afterLast = `${first.slice(0, -1)}.`;
    return this.entries(
      surgeryId,
      odata`PartitionKey eq ${surgeryId} and RowKey ge ${first} and RowKey lt ${afterLast} and kind eq 'outbox'`,
    );
  }

  async saveAll(surgeryId: string, writes: OutboxWrite[]): Promise<void> {
    assertKeySafe('Surgery id', surgeryId);
    for (const { entry } of writes)
      if (entry.surgeryId !== surgeryId) throw new Error(`Outbox entry ${entry.id} is not surgery ${surgeryId}'s`);
    for (let start = 0; start < writes.length; start += TRANSACTION_ROWS) {
      const batch = writes.slice(start, start + TRANSACTION_ROWS);
      try {
        await this.table.submitTransaction(
          batch.map(({ entry, etag }): TransactionAction =>
            etag === undefined ? ['upsert', entryRow(entry), 'Replace'] : ['update', entryRow(entry), 'Replace', { etag }],
          ),
        );
      } catch (error) {
        if (isServiceError(error, 412) || isEntityNotFound(error)) throw new ConcurrencyConflict(batch[0]!.entry.id);
        throw error;
      }
    }
  }

  async get(surgeryId: string, id: string): Promise<StoredOutboxEntry | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    assertKeySafe('Outbox id', id);
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(surgeryId, entryRowKey(id));
      return { entry: JSON.parse(textOf(row)) as OutboxEntry, etag: row.etag };
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  async dueWork(surgeryId: string, now: string, limit: number): Promise<{ promises: StoredOutboxPromise[]; due: StoredOutboxEntry[] }> {
    const filter = odata`PartitionKey eq ${surgeryId} and (kind eq 'promise' or (kind eq 'outbox' and status eq 'pending' and dueAt le ${now}))`;
    const promises: StoredOutboxPromise[] = [];
    const due: StoredOutboxEntry[] = [];
    // Checked here too: a filter alone is not trusted to decide what gets sent.
    for (const row of await this.rows(surgeryId, filter)) {
      if (row.kind === 'promise') promises.push({ promise: JSON.parse(textOf(row)) as OutboxPromise, etag: row.etag });
      if (row.kind !== 'outbox') continue;
      const entry = JSON.parse(textOf(row)) as OutboxEntry;
      if (entry.status === 'pending' && dueAt(entry) <= now) due.push({ entry, etag: row.etag });
    }
    return {
      promises: promises.sort((a, b) => byAge(a.promise, b.promise)),
      due: due.sort((a, b) => byAge(a.entry, b.entry)).slice(0, limit),
    };
  }

  async lane(surgeryId: string, chatKey: string, since: string): Promise<OutboxLane> {
    const read = await this.entries(
      surgeryId,
      odata`PartitionKey eq ${surgeryId} and kind eq 'outbox' and chatKey eq ${chatKey} and (status eq 'pending' or finishedAt ge ${since})`,
    );
    return laneOf(read, chatKey, since);
  }

  async hasPending(surgeryId: string): Promise<boolean> {
    assertKeySafe('Surgery id', surgeryId);
    const rows = this.table.listEntities<{ kind: string; status: string }>({
      queryOptions: {
        filter: odata`PartitionKey eq ${surgeryId} and kind eq 'outbox' and status eq 'pending'`,
        select: ['PartitionKey', 'kind', 'status'],
      },
    });
    for await (const row of rows) if (row.partitionKey === surgeryId && row.kind === 'outbox' && row.status === 'pending') return true;
    return false;
  }

  async update(entry: OutboxEntry, etag: string): Promise<string> {
    try {
      const updated = await this.table.updateEntity(entryRow(entry), 'Replace', { etag });
      return updated.etag ?? (await this.table.getEntity(entry.surgeryId, entryRowKey(entry.id))).etag;
    } catch (error) {
      if (isServiceError(error, 412) || isEntityNotFound(error)) throw new ConcurrencyConflict(entry.id);
      throw error;
    }
  }

  async forSurgery(surgeryId: string): Promise<OutboxEntry[]> {
    const found = await this.entries(surgeryId, odata`PartitionKey eq ${surgeryId} and kind eq 'outbox'`);
    return found.map(({ entry }) => entry);
  }

  async delete(surgeryId: string, id: string): Promise<void> {
    assertKeySafe('Surgery id', surgeryId);
    assertKeySafe('Outbox id', id);
    await deleteIfPresent(this.table, surgeryId, entryRowKey(id));
  }

  private async entries(surgeryId: string, filter: string): Promise<StoredOutboxEntry[]> {
    const found: StoredOutboxEntry[] = [];
    for (const row of await this.rows(surgeryId, filter))
      if (row.kind === 'outbox') found.push({ entry: JSON.parse(textOf(row)) as OutboxEntry, etag: row.etag });
    return found.sort((a, b) => byAge(a.entry, b.entry));
  }

  private async rows(surgeryId: string, filter: string): Promise<Row[]> {
    assertKeySafe('Surgery id', surgeryId);
    const found: Row[] = [];
    // Never trust a filter alone to keep one surgery's messages out of another's.
    for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
      if (row.partitionKey === surgeryId) found.push(row as Row);
    return found;
  }
}
