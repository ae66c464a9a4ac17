import { TableClient, odata } from '@azure/data-tables';
import { ConcurrencyConflict, OutboxEntry, OutboxRepository, StoredOutboxEntry } from '../ports';
import { assertKeySafe } from './storage-keys';
import { isEntityNotFound, isServiceError } from './table-errors';

// One row per message (RowKey = entry id) in one partition: a council's messages are a few thousand a
// day at most. `status` is a column so the "what is pending" query runs in storage; `data` holds the
// entry as JSON.
const PARTITION = 'outbox';

interface OutboxRow {
  status: string;
  data: string;
}

function row(entry: OutboxEntry) {
  return { partitionKey: PARTITION, rowKey: entry.id, status: entry.status, data: JSON.stringify(entry) };
}

export class TableOutboxRepository implements OutboxRepository {
  constructor(private readonly table: TableClient) {}

  async put(entry: OutboxEntry): Promise<void> {
    assertKeySafe('Outbox id', entry.id);
    await this.table.upsertEntity(row(entry), 'Replace');
  }

  async get(id: string): Promise<StoredOutboxEntry | undefined> {
    assertKeySafe('Outbox id', id);
    try {
      const found = await this.table.getEntity<OutboxRow>(PARTITION, id);
      return { entry: JSON.parse(found.data) as OutboxEntry, etag: found.etag };
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  async pending(limit: number): Promise<StoredOutboxEntry[]> {
    const found: StoredOutboxEntry[] = [];
    const rows = this.table.listEntities<OutboxRow>({ queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and status eq 'pending'` } });
    for await (const stored of rows) {
      const entry = JSON.parse(stored.data) as OutboxEntry;
      // Checked here too: a filter alone is not trusted to decide what gets sent.
      if (entry.status === 'pending') found.push({ entry, etag: stored.etag });
    }
    return found.sort((a, b) => a.entry.createdAt.localeCompare(b.entry.createdAt) || a.entry.id.localeCompare(b.entry.id)).slice(0, limit);
  }

  async update(entry: OutboxEntry, etag: string): Promise<string> {
    assertKeySafe('Outbox id', entry.id);
    try {
      const updated = await this.table.updateEntity(row(entry), 'Replace', { etag });
      return updated.etag ?? (await this.table.getEntity(PARTITION, entry.id)).etag;
    } catch (error) {
      if (isServiceError(error, 412) || isEntityNotFound(error)) throw new ConcurrencyConflict(entry.id);
      throw error;
    }
  }
}
