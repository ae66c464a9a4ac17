import {
  ChatRepository,
  ConcurrencyConflict,
  OutboxEntry,
  OutboxEntryChanged,
  OutboxRepository,
  StoredOutboxEntry,
  StoredOutboxPromise,
  TurnHold,
  isResidentEntry,
} from '../storage/ports';
import type { ContactMessage } from '../domain/messages';
import type { ContactSender } from './contact-sender';
import { Pacer } from './pacer';
import { Scheduler, timerScheduler } from './scheduler';
import type { TurnSends } from './turn-sends';
import { Delivery, ResidentMessenger } from './resident-messages';

export interface RetryPolicy {
  /** How long after the first failure worth retrying a message is still tried, before it is marked not delivered. */
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface OutboxSenderDeps {
  outbox: OutboxRepository;
  chats: ChatRepository;
  messenger: ResidentMessenger;
  /** Carries entries addressed to an email or mobile; without it they are marked not delivered. */
  contacts?: ContactSender;
  /** Turns a promise saved with a queue change into outbox entries, then deletes it. */
  expand(stored: StoredOutboxPromise): Promise<void>;
  /**
   * Saves a finished entry (`done`, its row read as `etag`) with what the tab shows of it, in one
   * transaction; throws OutboxEntryChanged when the entry was replaced meanwhile.
   */
  recordOutcome(done: OutboxEntry, etag: string): Promise<void>;
  clock: () => Date;
  random: () => number;
  pacer: Pacer;
  retry: RetryPolicy;
  /** How long one send may take before it counts as no answer and is tried again later. */
  sendTimeoutMs: number;
  leaseMs: number;
  /** How often the outbox is looked at while it has work; with none, the look backs off to IDLE_POLL_MAX_MS. */
  pollMs: number;
  scheduler?: Scheduler;
  /** How many conversations are sent to side by side: a slow or failing one holds back only itself. */
  conversationsAtOnce?: number;
  /** The turns this instance is answering: a chat whose turn is still sending its reply waits for it. */
  turnSends?: TurnSends;
  onError(error: unknown): void;
}

/** An entry to a chat: a resident's, or the meeting's for a notice on its stage. */
type ChatEntry = Exclude<OutboxEntry, { contact: object }>;

type Outcome = 'sent' | 'undelivered' | 'retry_later' | 'taken';

const DUE_PER_SURGERY = 500;
const RECORD_PAUSE_MS = 250;
// Short, so that once storage is back the record is made before another instance finds the lease run out.
const RECORD_PAUSE_MAX_MS = 1000;
const CONVERSATIONS_AT_ONCE = 16;
// Less than a second, so a send still ends inside its lease (SEND_TIMEOUT_SECONDS is below OUTBOX_LEASE_SECONDS).
const CLIENT_GRACE_MS = 500;
/**
 * An instance's own changes kick the sender at once, so an idle poll only finds work another instance
 * left (after a crash) or a retry: a few seconds late is fine, and it keeps an idle instance's storage
 * requests to a few a minute.
 */
const IDLE_POLL_MAX_MS = 4000;
// A limit filled by sends still in flight frees when one of them ends, which is soon.
const IN_FLIGHT_RECHECK_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isPlaceCard = (entry: OutboxEntry) => isResidentEntry(entry) && entry.message.kind === 'place';

/** Exponential backoff with jitter, never sooner than the channel asked (Retry-After). */
export function retryDelay(policy: RetryPolicy, attempt: number, random: number, retryAfterMs = 0): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(retryAfterMs, Math.round(exponential * (0.5 + random / 2)));
}

/** When the entry may next be tried: after its back-off, and after any lease runs out. */
const dueAt = (entry: OutboxEntry) => (entry.leaseUntil && entry.leaseUntil > entry.nextAttemptAt ? entry.leaseUntil : entry.nextAttemptAt);

/**
 * Delivers the outbox. Each conversation is a lane of its own: its messages go in order, the first one
 * waiting (for a retry, or leased by another instance) holds back the rest, and lanes run side by side, so
 * one slow chat or address never delays another. Entries are leased with an ETag-conditional write, so
 * among several instances exactly one sends each; a lease left by a crashed instance runs out and the
 * entry is sent again.
 */
export class OutboxSender {
  private cancelTimer?: () => void;
  private running?: Promise<void>;
  private again = false;
  /** Polls in a row that found no surgery with work: each doubles the wait before the next. */
  private quietPolls = 0;
  private stopped = true;
  /** Set by stop(): lanes finish the message in hand and take no more. */
  private closing = false;
  private readonly lanes = new Map<string, Promise<void>>();
  private waitingForRoom = false;

  /** Chats waiting for a turn's reply to go first, with when their hold ends (epoch ms). */
  private readonly waitingForTurn = new Map<string, number>();

  constructor(private readonly deps: OutboxSenderDeps) {
    // A turn here has sent its reply: the chat's messages waiting behind it go now, not at the next look.
    deps.turnSends?.onFinished((chatKey) => {
      if (this.waitingForTurn.delete(chatKey)) this.kick();
    });
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    this.cancelTimer?.();
    await this.running;
    await Promise.all(this.lanes.values());
  }

  /** Something was just added: send it now rather than at the next poll. */
  kick(): void {
    this.quietPolls = 0;
    if (this.running) this.again = true;
    else if (!this.stopped) this.schedule(0);
  }

  /** Resolves once nothing is promised or pending at all (including retries not yet due). For tests and shutdown. */
  async settled(): Promise<void> {
    for (;;) {
      await this.running;
      await Promise.all(this.lanes.values());
      if (!this.running && this.lanes.size === 0 && !(await this.hasWork())) return;
      await sleep(100);
    }
  }

  /** Looks for due messages and starts a lane for each conversation that has one; returns how many lanes started. */
  async sendDue(): Promise<number> {
    let started = 0;
    // Only something to send keeps the polls quick: a surgery marked but with nothing pending (an open
    // surgery between changes) lets them back off, and whoever adds an entry kicks the sender anyway.
    let busy = false;
    for (const { surgeryId, markedAt } of await this.deps.outbox.withWork()) {
      let now = this.deps.clock();
      const { promises, due: dueBefore } = await this.deps.outbox.dueWork(surgeryId, now.toISOString(), DUE_PER_SURGERY);
      let due = dueBefore;
      if (promises.length > 0) {
        for (const promise of promises) await this.deps.expand(promise);
        now = this.deps.clock();
        ({ due } = await this.deps.outbox.dueWork(surgeryId, now.toISOString(), DUE_PER_SURGERY));
      }
      for (const chatKey of new Set(due.map(({ entry }) => entry.chatKey))) if (this.startLane(surgeryId, chatKey)) started += 1;
      if (due.length > 0 || promises.length > 0 || (await this.deps.outbox.hasPending(surgeryId))) {
        busy = true;
        continue;
      }
      // A mark made moments ago may be for a change still being saved, so only an older one is cleared.
      if (markedAt < new Date(now.getTime() - this.deps.leaseMs).toISOString()) await this.deps.outbox.clearWork(surgeryId, markedAt);
    }
    this.quietPolls = busy ? 0 : this.quietPolls + 1;
    return started;
  }

  /** Resolves when every lane started so far has finished. */
  async lanesDone(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all(this.lanes.values());
  }

  private async hasWork(): Promise<boolean> {
    for (const { surgeryId } of await this.deps.outbox.withWork())
      if ((await this.deps.outbox.promises(surgeryId)).length > 0 || (await this.deps.outbox.hasPending(surgeryId))) return true;
    return false;
  }

  private startLane(surgeryId: string, chatKey: string): boolean {
    const key = `${surgeryId}\n${chatKey}`;
    if (this.lanes.has(key)) return false;
    if (this.lanes.size >= (this.deps.conversationsAtOnce ?? CONVERSATIONS_AT_ONCE)) {
      this.waitingForRoom = true;
      return false;
    }
    const lane = this.sendConversation(surgeryId, chatKey)
      .catch((error: unknown) => this.deps.onError(error))
      .finally(() => {
        this.lanes.delete(key);
        // A lane that finished frees room for a conversation that found none.
        if (this.waitingForRoom) {
          this.waitingForRoom = false;
          this.kick();
        }
      });
    this.lanes.set(key, lane);
    return true;
  }

  /** Sends one conversation's due messages in order, until one must wait. */
  private async sendConversation(surgeryId: string, chatKey: string): Promise<void> {
    while (!this.closing) {
      const now = this.deps.clock().getTime();
      // Far enough back to see the card of a turn that may still be sending it, as well as the sends that count.
      const back = Math.max(this.deps.pacer.conversationWindowMs, this.deps.turnSends?.holdMs ?? 0);
      const { pending, sends, hold } = await this.deps.outbox.lane(surgeryId, chatKey, new Date(now - back).toISOString());
      if (pending.length === 0) return;
      if (hold && this.waitsForTurn(chatKey, hold, now)) return;
      // Another instance may have had this chat's messages a moment ago: its sends count against the limits too.
      this.deps.pacer.heard(chatKey, sends);
      for (const stored of pending) {
        if (this.closing || dueAt(stored.entry) > this.deps.clock().toISOString()) return;
        // Read once for the lot: an entry changed since is refused by its ETag, and the conversation read again.
        const outcome = await this.deliver(stored);
        if (outcome === 'retry_later') return;
        if (outcome === 'taken') break;
      }
    }
  }

  /**
   * Whether the chat's messages wait for a turn still sending a card it kept as shown: until the turn here
   * has finished, or, for a turn on another instance, until the hold runs out. A later look finds it over.
   */
  private waitsForTurn(chatKey: string, hold: TurnHold, now: number): boolean {
    const until = Date.parse(hold.until);
    if (until <= now || this.deps.turnSends?.sentSince(chatKey, Date.parse(hold.from))) return false;
    for (const [waiting, ends] of this.waitingForTurn) if (ends <= now) this.waitingForTurn.delete(waiting);
    this.waitingForTurn.set(chatKey, until);
    return true;
  }

  private schedule(ms: number): void {
    this.cancelTimer?.();
    this.cancelTimer = (this.deps.scheduler ?? timerScheduler).after(ms, () => this.run());
  }

  private nextPollMs(): number {
    const { pollMs } = this.deps;
    return this.quietPolls === 0 ? pollMs : Math.max(pollMs, Math.min(IDLE_POLL_MAX_MS, pollMs * 2 ** this.quietPolls));
  }

  private run(): Promise<void> | undefined {
    if (this.running || this.stopped) return this.running;
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
      if (!this.stopped) this.schedule(this.nextPollMs());
    });
    return this.running;
  }

  private async deliver({ entry, etag }: StoredOutboxEntry): Promise<Outcome> {
    // Teams' limits are waited for before the lease is taken, however long they ask: the lease covers the send
    // alone (SEND_TIMEOUT_SECONDS is below OUTBOX_LEASE_SECONDS), so it never runs out while the message waits
    // its turn and another instance takes it and sends it too.
    const pacing = entry.contact ? undefined : await this.paced(entry.chatKey);
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
      pacing?.(undefined);
      if (error instanceof ConcurrencyConflict) return 'taken';
      throw error;
    }

    const delivery = claimed.contact ? await this.sendToContact(claimed.message) : await this.sendToChat(claimed, pacing!);
    const { leaseUntil: _lease, ...unleased } = claimed;
    const released = claimed.contact
      ? unleased
      : { ...unleased, laneSends: this.deps.pacer.sendsTo(claimed.chatKey, this.deps.clock().getTime()) };
    const lastError = delivery.error ? { lastError: delivery.error } : {};

    if (delivery.delivered) {
      // A place card sent as a new message keeps its activity on its entry: later updates replace that one.
      const card = claimed.action === 'send' && delivery.activityId && isPlaceCard(claimed) ? { activityId: delivery.activityId } : {};
      return this.finish(claimed, { ...released, status: 'sent', ...card }, claimedEtag);
    }
    if (delivery.retryable) {
      const failedAt = this.deps.clock().getTime();
      const firstFailedAt = claimed.firstFailedAt ?? new Date(failedAt).toISOString();
      const nextAttemptAt = failedAt + retryDelay(this.deps.retry, claimed.attempts, this.deps.random(), delivery.retryAfterMs);
      if (nextAttemptAt > Date.parse(firstFailedAt) + this.deps.retry.windowMs)
        return this.finish(claimed, { ...released, status: 'undelivered', reason: 'no_answer', firstFailedAt, ...lastError }, claimedEtag);
      const later = { ...released, nextAttemptAt: new Date(nextAttemptAt).toISOString(), firstFailedAt, ...lastError };
      try {
        await this.deps.outbox.update(later, claimedEtag);
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict)) throw error;
        await this.handOn(claimed);
      }
      return 'retry_later';
    }
    const reason = delivery.chatClosed ? 'chat_closed' : 'refused';
    return this.finish(claimed, { ...released, status: 'undelivered', reason, ...lastError }, claimedEtag);
  }

  /**
   * A send that hangs would hold its conversation's lane, and its lease, for ever: it counts as no answer,
   * and is tried again. The channel clients abort their own calls at the limit and say what they know (a
   * Retry-After still to wait out, say), so this waits a little longer, for a client that does not.
   */
  private async withinTimeout(sending: Promise<Delivery>): Promise<Delivery> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Delivery>((resolve) => {
      const error = `no answer within ${this.deps.sendTimeoutMs} ms`;
      timer = setTimeout(() => resolve({ delivered: false, retryable: true, error }), this.deps.sendTimeoutMs + CLIENT_GRACE_MS);
    });
    try {
      return await Promise.race([sending, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async sendToChat(entry: ChatEntry, done: (doneAt: number | undefined) => void): Promise<Delivery> {
    let chat;
    try {
      chat = await this.deps.chats.get(entry.chatKey);
    } catch (error) {
      done(undefined);
      throw error;
    }
    if (chat) return this.send(chat.reference, entry, done);
    done(undefined);
    return { delivered: false, chatClosed: true, error: 'no conversation to reach' };
  }

  // Not paced: the pacer keeps to Teams' limits, and Notify's own limit answers 429, which is retried.
  private async sendToContact(message: ContactMessage): Promise<Delivery> {
    return this.deps.contacts
      ? this.withinTimeout(this.deps.contacts.send(message))
      : { delivered: false, error: 'no route for email or text messages' };
  }

  private async send(reference: unknown, entry: ChatEntry, done: (doneAt: number) => void): Promise<Delivery> {
    const { message } = entry;
    try {
      return await this.withinTimeout(
        message.kind === 'stage_notice'
          ? this.deps.messenger.notifyStage(reference, message)
          : entry.action === 'replace' && entry.activityId
            ? this.deps.messenger.replace(reference, entry.activityId, message)
            : this.deps.messenger.send(reference, message),
      );
    } finally {
      done(this.deps.clock().getTime());
    }
  }

  /** Waits until Teams' limits let one more send to this chat start, and counts it. */
  private async paced(chatKey: string): Promise<(doneAt: number | undefined) => void> {
    for (;;) {
      const wait = this.deps.pacer.waitBefore(chatKey, this.deps.clock().getTime());
      if (wait === 0) return this.deps.pacer.start(chatKey);
      await sleep(wait ?? IN_FLIGHT_RECHECK_MS);
    }
  }

  /**
   * Records the outcome. While storage fails it is tried again, for as long as it takes, however long the
   * lease: the channel has the message, and the record is all that stops it going again once storage is
   * back. This conversation's lane stays busy meanwhile, so this instance sends it nothing else.
   */
  private async finish(claimed: OutboxEntry, done: OutboxEntry, etag: string): Promise<Outcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.recordOutcome({ ...done, finishedAt: this.deps.clock().toISOString() }, etag);
        return done.status === 'sent' ? 'sent' : 'undelivered';
      } catch (error) {
        if (error instanceof OutboxEntryChanged) {
          await this.handOn(claimed);
          return 'taken';
        }
        // Shutting down: the lease runs out and the message may go again, as after a crash.
        if (this.closing) throw error;
        this.deps.onError(error);
        await sleep(Math.min(RECORD_PAUSE_MAX_MS, RECORD_PAUSE_MS * 2 ** attempt));
      }
    }
  }

  /**
   * The entry was replaced while this instance held it (a newer place card): the newer version kept the
   * lease, so it is released here and goes at once, in order, rather than when the lease runs out.
   */
  private async handOn(claimed: OutboxEntry): Promise<void> {
    const current = await this.deps.outbox.get(claimed.surgeryId, claimed.id);
    if (current?.entry.status !== 'pending' || current.entry.leaseUntil !== claimed.leaseUntil) return;
    const { leaseUntil: _released, ...rest } = current.entry;
    try {
      await this.deps.outbox.update(rest, current.etag);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict)) throw error;
    }
    this.kick();
  }
}
