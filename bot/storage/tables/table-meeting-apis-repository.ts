import { TableClient } from '@azure/data-tables';
import type { MeetingApisObserved } from '../../domain/model';
import { MeetingApisRepository, StoredMeetingApis } from '../ports';
import { assertKeySafe } from './storage-keys';
import { isEntityNotFound, isServiceError } from './table-errors';

const ROW = 'meetingapis';

interface MeetingApisRow {
  data: string;
  etag: string;
}

/** In the chats table, beside the meeting chat's reference (PartitionKey = the meeting's chat key); each write is ETag-guarded. */
export class TableMeetingApisRepository implements MeetingApisRepository {
  constructor(private readonly table: TableClient) {}

  async read(meetingKey: string): Promise<StoredMeetingApis> {
    assertKeySafe('Meeting key', meetingKey);
    try {
      const row = await this.table.getEntity<MeetingApisRow>(meetingKey, ROW);
      return { observed: JSON.parse(row.data) as MeetingApisObserved, etag: row.etag };
    } catch (error) {
      if (isEntityNotFound(error)) return { observed: {} };
      throw error;
    }
  }

  async write(meetingKey: string, observed: MeetingApisObserved, etag: string | undefined): Promise<boolean> {
    assertKeySafe('Meeting key', meetingKey);
    const entity = { partitionKey: meetingKey, rowKey: ROW, data: JSON.stringify(observed) };
    try {
      if (etag) await this.table.updateEntity(entity, 'Replace', { etag });
      else await this.table.createEntity(entity);
      return true;
    } catch (error) {
      if (isServiceError(error, 412) || isServiceError(error, 409) || isEntityNotFound(error)) return false;
      throw error;
    }
  }
}
