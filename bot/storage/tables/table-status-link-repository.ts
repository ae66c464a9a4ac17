import { TableClient } from '@azure/data-tables';
import { StatusLink, StatusLinkRepository } from '../ports';
import { assertKeySafe } from './storage-keys';
import { deleteIfPresent, isEntityNotFound } from './table-errors';

const LINK_ROW = 'link';

interface LinkRow {
  surgeryId: string;
  visitId: string;
}

/** One partition per token, so opening a status page is a point read, never a scan of visits. */
export class TableStatusLinkRepository implements StatusLinkRepository {
  constructor(private readonly table: TableClient) {}

  async put(link: StatusLink): Promise<void> {
    assertKeySafe('Status token', link.token);
    await this.table.upsertEntity(
      { partitionKey: link.token, rowKey: LINK_ROW, surgeryId: link.surgeryId, visitId: link.visitId },
      'Replace',
    );
  }

  async get(token: string): Promise<StatusLink | undefined> {
    assertKeySafe('Status token', token);
    try {
      const row = await this.table.getEntity<LinkRow>(token, LINK_ROW);
      return { token, surgeryId: row.surgeryId, visitId: row.visitId };
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(token: string): Promise<void> {
    assertKeySafe('Status token', token);
    await deleteIfPresent(this.table, token, LINK_ROW);
  }
}
