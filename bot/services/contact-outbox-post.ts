import type { OutboxEntry, OutboxRepository } from '../storage/ports';
import type { ContactAddress, ContactMessage, ContactPost } from './contact-post';

export interface OutboxContactPostDeps {
  outbox: OutboxRepository;
  /** Told when a message was added, so it is sent at once rather than at the next poll. */
  sendSoon: () => void;
  clock: () => Date;
}

/** Messages to one address go in order, and are retried apart from everyone else's. */
const contactChatKey = (to: ContactAddress): string => `contact:${to.kind}:${to.value}`;

/**
 * ContactPost through the outbox: the message is stored, then the outbox sender delivers it (retried,
 * once across instances). Posting an id that is already there changes nothing, whatever became of it.
 */
export class OutboxContactPost implements ContactPost {
  private lastStamp = 0;

  constructor(private readonly deps: OutboxContactPostDeps) {}

  async post(message: ContactMessage): Promise<void> {
    const createdAt = this.stamp();
    const entry: OutboxEntry = {
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
      nextAttemptAt: createdAt,
    };
    if (await this.deps.outbox.add(entry)) this.deps.sendSoon();
  }

  /** Creation times strictly increase, so two messages posted in the same millisecond keep their order. */
  private stamp(): string {
    this.lastStamp = Math.max(this.deps.clock().getTime(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }
}
