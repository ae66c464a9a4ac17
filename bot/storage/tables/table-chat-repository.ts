import { TableClient } from '@azure/data-tables';
import { ChatRepository, ResidentChat } from '../ports';
import { assertKeySafe } from './storage-keys';
import { deleteIfPresent, isEntityNotFound } from './table-errors';

const CHAT_ROW = 'chat';

interface ChatRow {
  data: string;
}

/** One partition per chat (PartitionKey = chat key), holding the ResidentChat as JSON. */
export class TableChatRepository implements ChatRepository {
  constructor(private readonly table: TableClient) {}

  async get(chatKey: string): Promise<ResidentChat | undefined> {
    assertKeySafe('Chat key', chatKey);
    try {
      const row = await this.table.getEntity<ChatRow>(chatKey, CHAT_ROW);
      return JSON.parse(row.data) as ResidentChat;
    } catch (error) {
      if (isEntityNotFound(error)) return undefined;
      throw error;
    }
  }

  async put(chat: ResidentChat): Promise<void> {
    assertKeySafe('Chat key', chat.chatKey);
    await this.table.upsertEntity({ partitionKey: chat.chatKey, rowKey: CHAT_ROW, data: JSON.stringify(chat) }, 'Replace');
  }

  async delete(chatKey: string): Promise<void> {
    assertKeySafe('Chat key', chatKey);
    await deleteIfPresent(this.table, chatKey, CHAT_ROW);
  }
}
