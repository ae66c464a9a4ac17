import { TableClient } from '@azure/data-tables';
import type { ReferenceTries } from '../../domain/reference-tries';
import { ReferenceTryRepository } from '../ports';
import { assertKeySafe } from './storage-keys';
import { deleteIfPresent, isEntityNotFound, isServiceError } from './table-errors';

interface TriesRow {
  data: string;
  etag: string;
}

// Another instance changed the same tries in between: a few more goes always settle it.
const ATTEMPTS = 5;

const rowOf = (reference: string) => `tries-${reference}`;

/** In the chats table, beside the chat they were made in (PartitionKey = chat key); each change is ETag-guarded. */
export class TableReferenceTryRepository implements ReferenceTryRepository {
  constructor(private readonly table: TableClient) {}

  async get(chatKey: string, reference: string): Promise<ReferenceTries | undefined> {
    const row = await this.read(chatKey, reference);
    return row && (JSON.parse(row.data) as ReferenceTries);
  }

  async update(chatKey: string, reference: string, change: (tries: ReferenceTries | undefined) => ReferenceTries): Promise<ReferenceTries> {
    for (let attempt = 1; ; attempt++) {
      const row = await this.read(chatKey, reference);
      const tries = change(row && (JSON.parse(row.data) as ReferenceTries));
      const entity = { partitionKey: chatKey, rowKey: rowOf(reference), data: JSON.stringify(tries) };
      try {
        if (row) await this.table.updateEntity(entity, 'Replace', { etag: row.etag });
        else await this.table.createEntity(entity);
        return tries;
      } catch (error) {
        const raced = isServiceError(error, 412) || isServiceError(error, 409) || isEntityNotFound(error);
        if (!raced || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  async delete(chatKey: string, reference: string): Promise<void> {
    assertKeySafe('Chat key', chatKey);
    await deleteIfPresent(this.table, chatKey, rowOf(reference));
  }

  private async read(chatKey: string, reference: string): Promise<TriesRow | undefined> {
    assertKeySafe('Chat key', chatKey);
    assertKeySafe('Booking reference', reference);
    try {
      return await this.table.getEntity<TriesRow>(chatKey, rowOf(reference));
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }
}
