import { MessageKind } from '../domain/visit';
import { ChatRepository, ConcurrencyConflict, OutboxEntry, OutboxRepository, StoredOutboxEntry } from '../storage/ports';
import type { ContactMessage } from './contact-post';
import type { ContactSender } from './contact-sender';
import { Pacer } from './pacer';
import { Delivery, ResidentMessage, ResidentMessenger } from './resident-messages';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface OutboxSenderDeps {
  outbox: OutboxRepository;
  chats: ChatRepository;
  messenger: ResidentMessenger;
  /** Carries entries addressed to an email or mobile; without it they are marked not delivered. */
  contacts?: ContactSender;
  /** `entryId` is the outbox entry's id, which for a councillor's message is also the message's id. */
  recordDelivery(surgeryId: string, visitId: string, kind: MessageKind, delivered: boolean, entryId: string): Promise<unknown>;
  clock: () => Date;
  random: () => number;
  pacer: Pacer;
  retry: RetryPolicy;
  leaseMs: number;
  pollMs: number;
  onError(error: unknown): void;
}

type Outcome = 'sent' | 'undelivered' | 'retry_later' | 'taken';

const BATCH = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with jitter, never sooner than the channel asked (Retry-After). */
export function retryDelay(policy: RetryPolicy, attempt: number, random: number, retryAfterMs = 0): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(retryAfterMs, Math.round(exponential * (0.5 + random / 2)));
}

/**
 * Delivers the outbox: every message to a resident is stored first, then sent here. Entries are leased
 * with an ETag-conditional write, so among several instances exactly one sends each; a lease left by a
 * crashed instance runs out and the entry is sent again. Messages to one conversation go in order.
 */
export class OutboxSender {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(private readonly deps: OutboxSenderDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Something was just added: send it now rather than at the next poll. */
  kick(): void {
    if (this.running) this.again = true;
    else if (!this.stopped) this.schedule(0);
  }

  /** Resolves once nothing is pending at all (including retries not yet due). For tests and shutdown. */
  async settled(): Promise<void> {
    for (;;) {
      await this.running;
      const pending = await this.deps.outbox.pending(1);
      if (pending.length === 0 && !this.running) return;
      await sleep(20);
    }
  }

  /** Sends everything due now, conversations side by side and each in order; returns how many were attempted. */
  async sendDue(): Promise<number> {
    const byChat = new Map<string, StoredOutboxEntry[]>();
    for (const stored of await this.deps.outbox.pending(BATCH))
      byChat.set(stored.entry.chatKey, [...(byChat.get(stored.entry.chatKey) ?? []), stored]);
    let attempted = 0;
    await Promise.all(
      [...byChat.values()].map(async (entries) => {
        for (const stored of entries) {
          // A message waiting to be retried, or being sent elsewhere, holds back the later ones to the same resident.
          const now = this.deps.clock().toISOString();
          if (stored.entry.nextAttemptAt > now || (stored.entry.leaseUntil && stored.entry.leaseUntil > now)) break;
          attempted += 1;
          const outcome = await this.deliver(stored);
          if (outcome === 'retry_later' || outcome === 'taken') break;
        }
      }),
    );
    return attempted;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), ms);
    this.timer.unref();
  }

  private run(): void {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.sendDue();
        } catch (error) {
          this.deps.onError(error);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.schedule(this.deps.pollMs);
    });
  }

  private async deliver({ entry, etag }: StoredOutboxEntry): Promise<Outcome> {
    const now = this.deps.clock();
    const claimed: OutboxEntry = {
      ...entry,
      attempts: entry.attempts + 1,
      leaseUntil: new Date(now.getTime() + this.deps.leaseMs).toISOString(),
    };
    let claimedEtag: string;
    try {
      claimedEtag = await this.deps.outbox.update(claimed, etag);
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return 'taken';
      throw error;
    }

    const delivery = claimed.contact ? await this.sendToContact(claimed) : await this.sendToChat(claimed);

    if (delivery.delivered) return this.finish(claimed, claimedEtag, 'sent');
    if (delivery.retryable && claimed.attempts < this.deps.retry.maxAttempts) {
      const wait = retryDelay(this.deps.retry, claimed.attempts, this.deps.random(), delivery.retryAfterMs);
      const { leaseUntil: _released, ...rest } = claimed;
      await this.save(
        {
          ...rest,
          nextAttemptAt: new Date(this.deps.clock().getTime() + wait).toISOString(),
          ...(delivery.error ? { lastError: delivery.error } : {}),
        },
        claimedEtag,
      );
      return 'retry_later';
    }
    return this.finish({ ...claimed, ...(delivery.error ? { lastError: delivery.error } : {}) }, claimedEtag, 'undelivered');
  }

  private async sendToChat(entry: OutboxEntry): Promise<Delivery> {
    const chat = await this.deps.chats.get(entry.chatKey);
    return chat ? this.send(chat.reference, entry) : { delivered: false, error: 'no conversation to reach' };
  }

  // Not paced: the pacer keeps to Teams' limits, and Notify's own limit answers 429, which is retried.
  private async sendToContact(entry: OutboxEntry): Promise<Delivery> {
    return this.deps.contacts
      ? this.deps.contacts.send(entry.message as ContactMessage)
      : { delivered: false, error: 'no route for email or text messages' };
  }

  private async send(reference: unknown, entry: OutboxEntry): Promise<Delivery> {
    const wait = this.deps.pacer.waitFor(entry.chatKey, this.deps.clock().getTime());
    if (wait > 0) await sleep(wait);
    this.deps.pacer.record(entry.chatKey, this.deps.clock().getTime());
    const message = entry.message as ResidentMessage;
    return entry.action === 'replace' && entry.activityId
      ? this.deps.messenger.replace(reference, entry.activityId, message)
      : this.deps.messenger.send(reference, message);
  }

  private async finish(entry: OutboxEntry, etag: string, status: 'sent' | 'undelivered'): Promise<Outcome> {
    const { leaseUntil: _released, ...rest } = entry;
    const saved = await this.save({ ...rest, status, finishedAt: this.deps.clock().toISOString() }, etag);
    if (saved && entry.record && entry.visitId)
      await this.deps.recordDelivery(entry.surgeryId, entry.visitId, entry.record as MessageKind, status === 'sent', entry.id);
    return status;
  }

  /** False when the entry was replaced meanwhile (a newer place card): the newer version is still pending. */
  private async save(entry: OutboxEntry, etag: string): Promise<boolean> {
    try {
      await this.deps.outbox.update(entry, etag);
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyConflict) return false;
      throw error;
    }
  }
}
