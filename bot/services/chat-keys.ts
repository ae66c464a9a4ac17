import { createHash } from 'node:crypto';

/** A stable, storage-safe key for one conversation on one channel. */
export function chatKeyOf(channelId: string, conversationId: string): string {
  return createHash('sha256').update(`${channelId}\n${conversationId}`).digest('hex').slice(0, 40);
}

/** Where a meeting chat's conversation reference is kept, beside residents' chats: the stage notices go through it. */
export function meetingChatKey(meetingId: string): string {
  return chatKeyOf('meeting', meetingId);
}
