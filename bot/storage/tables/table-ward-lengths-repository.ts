import { TableClient } from '@azure/data-tables';
import type { SurgeryLengths } from '../../domain/ward-lengths';
import { WardLengthsRepository } from '../ports';
import { assertKeySafe } from './storage-keys';
import { isEntityNotFound, isServiceError } from './table-errors';

interface LengthsRow {
  data: string;
  etag: string;
}

// Two surgeries of one ward ending in the same moment: a few more goes always settle it.
const ATTEMPTS = 5;
const ROW = 'recent';

/** One row per ward (PartitionKey = ward code) in its own table; each change is ETag-guarded. */
export class TableWardLengthsRepository implements WardLengthsRepository {
  constructor(private readonly table: TableClient) {}

  async recent(wardCode: string): Promise<SurgeryLengths[]> {
    const row = await this.read(wardCode);
    return row ? (JSON.parse(row.data) as SurgeryLengths[]) : [];
  }

  async update(wardCode: string, change: (recent: SurgeryLengths[]) => SurgeryLengths[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const row = await this.read(wardCode);
      const entity = {
        partitionKey: wardCode,
        rowKey: ROW,
        data: JSON.stringify(change(row ? (JSON.parse(row.data) as SurgeryLengths[]) : [])),
      };
      try {
        if (row) await this.table.updateEntity(entity, 'Replace', { etag: row.etag });
        else await this.table.createEntity(entity);
        return;
      } catch (error) {
        const raced = isServiceError(error, 412) || isServiceError(error, 409) || isEntityNotFound(error);
        if (!raced || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async read(wardCode: string): Promise<LengthsRow | undefined> {
    assertKeySafe('Ward code', wardCode);
    try {
      return await this.table.getEntity<LengthsRow>(wardCode, ROW);
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }
}
