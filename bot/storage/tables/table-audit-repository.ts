import { TableClient, TransactionAction, odata } from '@azure/data-tables';
import { monthsBack } from '../../domain/surgery';
import { AuditEntry, AuditRepository } from '../ports';
import { assertKeySafe } from './storage-keys';
import { isEntityNotFound } from './table-errors';

// One partition per surgery (entries about no surgery share one), so a resident's trail is one partition
// query. RowKey starts with the time, so rows come oldest first and "older than" is a key range.
const NO_SURGERY = 'no-surgery';
// Each entry is written twice: in its surgery's partition, and in its month's, so the officers' view reads
// the newest months instead of every surgery. "~" sorts after every surgery id, and is no character of one.
const MONTH_PREFIX = '~month-';
const monthOf = (at: string): string => `${MONTH_PREFIX}${at.slice(0, 7)}`;
// Set once the entries written before month copies existed have theirs.
const COPIES_MADE = { partitionKey: '~meta', rowKey: 'month-copies' };

// A transaction holds at most 100 operations, all in one partition.
const DELETES_PER_TRANSACTION = 100;

interface AuditRow {
  data: string;
}

const rowKey = (entry: AuditEntry): string => `${entry.at}_${entry.id}`;

export class TableAuditRepository implements AuditRepository {
  private copiesMade = false;

  constructor(private readonly table: TableClient) {}

  async append(entry: AuditEntry): Promise<void> {
    assertKeySafe('Audit id', entry.id);
    if (entry.surgeryId !== undefined) assertKeySafe('Surgery id', entry.surgeryId);
    const row = { rowKey: rowKey(entry), action: entry.action, data: JSON.stringify(entry) };
    await this.table.createEntity({ partitionKey: entry.surgeryId ?? NO_SURGERY, ...row });
    // Upserted: an append tried again after its copy was written must not fail on it.
    await this.table.upsertEntity({ partitionKey: monthOf(entry.at), ...row }, 'Replace');
  }

  forSurgery(surgeryId: string): Promise<AuditEntry[]> {
    assertKeySafe('Surgery id', surgeryId);
    return this.partition(surgeryId);
  }

  async newest({ now, since, limit, keep }: Parameters<AuditRepository['newest']>[0]): Promise<AuditEntry[]> {
    await this.copyOlderEntries();
    const found: AuditEntry[] = [];
    for (const month of monthsBack(now, since)) {
      if (found.length >= limit) break;
      const entries = (await this.partition(`${MONTH_PREFIX}${month}`)).reverse();
      for (const entry of entries) if (entry.at >= since && keep(entry)) found.push(entry);
    }
    return found.slice(0, limit);
  }

  /**
   * Entries written before month copies existed get theirs once, the first time they are asked for. The
   * table holds only the audit retention's worth, so this reads that once, never history.
   */
  private async copyOlderEntries(): Promise<void> {
    if (this.copiesMade) return;
    try {
      await this.table.getEntity(COPIES_MADE.partitionKey, COPIES_MADE.rowKey, { queryOptions: { select: ['PartitionKey'] } });
    } catch (error) {
      if (!isEntityNotFound(error)) throw error;
      const rows = this.table.listEntities<AuditRow & { action: string }>({ queryOptions: { filter: odata`PartitionKey lt ${'~'}` } });
      for await (const row of rows) {
        const entry = JSON.parse(row.data) as AuditEntry;
        await this.table.upsertEntity(
          { partitionKey: monthOf(entry.at), rowKey: row.rowKey!, action: row.action, data: row.data },
          'Replace',
        );
      }
      await this.table.upsertEntity({ ...COPIES_MADE }, 'Replace');
    }
    this.copiesMade = true;
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
        // A month's copies go with their entries, but are not entries of their own.
        if (!partitionKey.startsWith(MONTH_PREFIX)) deleted += batch.length;
      }
    }
    return deleted;
  }
}
