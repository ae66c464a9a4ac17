import { TableClient } from '@azure/data-tables';
import { ChatRepository, ResidentChat, VersionedChat } from '../ports';
import { assertKeySafe } from './storage-keys';
import { deleteIfPresent, isEntityNotFound, isServiceError } from './table-errors';

const CHAT_ROW = 'chat';

// The Table service's ETags. A version that comes back from outside (a card's data) is sent as If-Match only
// when it has their shape, so a forged one can never reach storage as anything but a stale ETag.
const ETAG = /^W\/"datetime'[0-9A-Za-z%.:-]{1,64}'"$/;

interface ChatRow {
  data: string;
}

/** One partition per chat (PartitionKey = chat key), holding the ResidentChat as JSON. */
export class TableChatRepository implements ChatRepository {
  constructor(private readonly table: TableClient) {}

  async get(chatKey: string): Promise<ResidentChat | undefined> {
    return (await this.read(chatKey))?.chat;
  }

  async read(chatKey: string): Promise<VersionedChat | undefined> {
    assertKeySafe('Chat key', chatKey);
    try {
      const row = await this.table.getEntity<ChatRow>(chatKey, CHAT_ROW);
      return { chat: JSON.parse(row.data) as ResidentChat, version: row.etag };
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  async put(chat: ResidentChat): Promise<void> {
    assertKeySafe('Chat key', chat.chatKey);
    await this.table.upsertEntity(this.rowOf(chat), 'Replace');
  }

  async putIfUnchanged(chat: ResidentChat, version: string | undefined): Promise<boolean> {
    assertKeySafe('Chat key', chat.chatKey);
    try {
      if (version === undefined) await this.table.createEntity(this.rowOf(chat));
      else if (ETAG.test(version)) await this.table.updateEntity(this.rowOf(chat), 'Replace', { etag: version });
      else return false;
      return true;
    } catch (error) {
      // Kept meanwhile (409), changed since (412), or gone (404).
      if (isServiceError(error, 409) || isServiceError(error, 412) || isEntityNotFound(error)) return false;
      throw error;
    }
  }

  async delete(chatKey: string): Promise<void> {
    assertKeySafe('Chat key', chatKey);
    await deleteIfPresent(this.table, chatKey, CHAT_ROW);
  }

  private rowOf(chat: ResidentChat) {
    return { partitionKey: chat.chatKey, rowKey: CHAT_ROW, data: JSON.stringify(chat) };
  }
}
