import { TableClient, TransactionAction, odata } from '@azure/data-tables';
import { AuditEntry, AuditRepository } from '../ports';
import { assertKeySafe } from './storage-keys';

// One partition per surgery (entries about no surgery share one), so a resident's trail is one partition
// query. RowKey starts with the time, so rows come oldest first and "older than" is a key range.
const NO_SURGERY = 'no-surgery';

// A transaction holds at most 100 operations, all in one partition.
const DELETES_PER_TRANSACTION = 100;

interface AuditRow {
  data: string;
}

const rowKey = (entry: AuditEntry): string => `${entry.at}_${entry.id}`;

export class TableAuditRepository implements AuditRepository {
  constructor(private readonly table: TableClient) {}

  async append(entry: AuditEntry): Promise<void> {
    assertKeySafe('Audit id', entry.id);
    if (entry.surgeryId !== undefined) assertKeySafe('Surgery id', entry.surgeryId);
    await this.table.createEntity({
      partitionKey: entry.surgeryId ?? NO_SURGERY,
      rowKey: rowKey(entry),
      action: entry.action,
      data: JSON.stringify(entry),
    });
  }

  forSurgery(surgeryId: string): Promise<AuditEntry[]> {
    assertKeySafe('Surgery id', surgeryId);
    return this.partition(surgeryId);
  }

  aboutNoSurgery(): Promise<AuditEntry[]> {
    return this.partition(NO_SURGERY);
  }

  private async partition(partitionKey: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for await (const row of this.table.listEntities<AuditRow>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
      if (row.partitionKey === partitionKey) entries.push(JSON.parse(row.data) as AuditEntry);
    }
    return entries;
  }

  async deleteBefore(before: string): Promise<number> {
    const byPartition = new Map<string, string[]>();
    const rows = this.table.listEntities({ queryOptions: { filter: odata`RowKey lt ${before}`, select: ['PartitionKey', 'RowKey'] } });
    for await (const row of rows) {
      // Checked here too: a filter alone is not trusted to decide what is deleted.
      if (row.rowKey! >= before) continue;
      byPartition.set(row.partitionKey!, [...(byPartition.get(row.partitionKey!) ?? []), row.rowKey!]);
    }
    let deleted = 0;
    for (const [partitionKey, keys] of byPartition) {
      for (let start = 0; start < keys.length; start += DELETES_PER_TRANSACTION) {
        const batch = keys.slice(start, start + DELETES_PER_TRANSACTION);
        await this.table.submitTransaction(batch.map((key): TransactionAction => ['delete', { partitionKey, rowKey: key }]));
        deleted += batch.length;
      }
    }
    return deleted;
  }
}
