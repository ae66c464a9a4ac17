import { TableClient, odata } from '@azure/data-tables';
import { ConcurrencyConflict, OutboxEntry, OutboxRepository, StoredOutboxEntry } from '../ports';
import { assertKeySafe } from './storage-keys';
import { deleteIfPresent, isEntityNotFound, isServiceError } from './table-errors';

// One row per message (RowKey = entry id) in one partition: a council's messages are a few thousand a
// day at most. `status` and `surgeryId` are columns so the "what is pending" and "what is this
// surgery's" queries run in storage; `data` holds the entry as JSON.
const PARTITION = 'outbox';

interface OutboxRow {
  status: string;
  surgeryId?: string;
  data: string;
}

function row(entry: OutboxEntry) {
  return { partitionKey: PARTITION, rowKey: entry.id, status: entry.status, surgeryId: entry.surgeryId, data: JSON.stringify(entry) };
}

export class TableOutboxRepository implements OutboxRepository {
  constructor(private readonly table: TableClient) {}

  async put(entry: OutboxEntry): Promise<void> {
    assertKeySafe('Outbox id', entry.id);
    await this.table.upsertEntity(row(entry), 'Replace');
  }

  async add(entry: OutboxEntry): Promise<boolean> {
    assertKeySafe('Outbox id', entry.id);
    try {
      await this.table.createEntity(row(entry));
      return true;
    } catch (error) {
      if (isServiceError(error, 409)) return false;
      throw error;
    }
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
    const rows = this.table.listEntities<OutboxRow>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and status eq 'pending'` },
    });
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

  async forSurgery(surgeryId: string): Promise<OutboxEntry[]> {
    const found: OutboxEntry[] = [];
    const rows = this.table.listEntities<OutboxRow>({
      queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and surgeryId eq ${surgeryId}` },
    });
    for await (const stored of rows) {
      const entry = JSON.parse(stored.data) as OutboxEntry;
      if (entry.surgeryId === surgeryId) found.push(entry);
    }
    return found;
  }

  async delete(id: string): Promise<void> {
    assertKeySafe('Outbox id', id);
    await deleteIfPresent(this.table, PARTITION, id);
  }
}
