import type { OutboxEntry } from '../storage/ports';
import type { ContactAddress, ContactMessage } from '../domain/messages';

/** Messages to one address go in order, and are retried apart from everyone else's. */
const contactChatKey = (to: ContactAddress): string => `contact:${to.kind}:${to.value}`;

/**
 * An email or text message as an outbox entry: stored with the change that caused it, then delivered by
 * the outbox sender (retried, once across instances). Its id is the message's, so it is stored once.
 */
export function contactEntry(message: ContactMessage, createdAt: string, dueAt = createdAt): OutboxEntry {
  return {
    id: message.id,
    chatKey: contactChatKey(message.to),
    contact: message.to,
    surgeryId: message.surgeryId,
    ...(message.visitId ? { visitId: message.visitId } : {}),
    action: 'send',
    message,
    ...(message.record ? { record: message.record } : {}),
    status: 'pending',
    attempts: 0,
    createdAt,
    nextAttemptAt: dueAt,
  };
}
