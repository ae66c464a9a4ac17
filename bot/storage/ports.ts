import { Surgery } from '../domain/surgery';
import { Visit } from '../domain/visit';

/** One surgery's queue as stored, with the ETag of the surgery row at the moment it was read. */
export interface StoredQueue {
  surgery: Surgery;
  visits: Visit[];
  etag: string;
}

/** Someone else changed the surgery since it was read: reload and try again. */
export class ConcurrencyConflict extends Error {
  constructor(surgeryId: string) {
    super(`Surgery ${surgeryId} changed since it was read`);
    this.name = 'ConcurrencyConflict';
  }
}

export class AlreadyExists extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'AlreadyExists';
  }
}

/**
 * Surgeries and their visits. A surgery and its visits live together (one partition), and every save
 * is conditional on the surgery's ETag, so a save either applies whole on the state it was computed
 * from or fails with ConcurrencyConflict. The surgery's ETag is therefore also the queue's change signal.
 */
export interface SurgeryRepository {
  /** Throws AlreadyExists when the id is taken. */
  create(surgery: Surgery): Promise<void>;
  /** Every surgery, without visits. */
  list(): Promise<Surgery[]>;
  loadQueue(surgeryId: string): Promise<StoredQueue | undefined>;
  /** Saves the surgery and the given (new or changed) visits together; returns the new ETag. */
  saveQueue(surgery: Surgery, visits: Visit[], etag: string): Promise<string>;
  /** The surgery row's current ETag, or undefined when there is no such surgery. */
  currentEtag(surgeryId: string): Promise<string | undefined>;
}

/** A resident's bot conversation: how to reach them, and the place card we keep up to date there. */
export interface ResidentChat {
  chatKey: string;
  /** The channel's conversation reference, opaque to everything outside bot/teams/. */
  reference: unknown;
  placeCardActivityId?: string;
  /** Fingerprint of what the place card shows now, so unchanged cards are not re-sent. */
  placeCardShows?: string;
  updatedAt: string;
}

export interface ChatRepository {
  get(chatKey: string): Promise<ResidentChat | undefined>;
  put(chat: ResidentChat): Promise<void>;
}

export type OutboxStatus = 'pending' | 'sent' | 'undelivered';

/**
 * One message to a resident, written before it is sent. Its id is the idempotency key: a message is
 * sent by whichever instance holds its lease, and marked sent once the channel has accepted it.
 */
export interface OutboxEntry {
  id: string;
  chatKey: string;
  surgeryId: string;
  visitId?: string;
  /** "send" posts a new message; "replace" updates an earlier one in place. */
  action: 'send' | 'replace';
  activityId?: string;
  /** The message view model, opaque to storage. */
  message: unknown;
  /** When set, the visit records whether this message reached the resident (the tab shows it). */
  record?: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  /** While an instance is sending, others leave the entry alone until this time. */
  leaseUntil?: string;
  finishedAt?: string;
  lastError?: string;
}

export interface StoredOutboxEntry {
  entry: OutboxEntry;
  etag: string;
}

export interface OutboxRepository {
  /** Adds an entry, or replaces one with the same id (the latest version of a place card wins). */
  put(entry: OutboxEntry): Promise<void>;
  get(id: string): Promise<StoredOutboxEntry | undefined>;
  /** Entries not yet sent or given up, oldest first, whether due now or not (the sender decides). */
  pending(limit: number): Promise<StoredOutboxEntry[]>;
  /** Saves a change to an entry read with `etag`; throws ConcurrencyConflict if it changed since. Returns the new ETag. */
  update(entry: OutboxEntry, etag: string): Promise<string>;
}

/** Where a visit's status page token leads: found by the token alone, without reading any queue. */
export interface StatusLink {
  token: string;
  surgeryId: string;
  visitId: string;
}

export interface StatusLinkRepository {
  put(link: StatusLink): Promise<void>;
  get(token: string): Promise<StatusLink | undefined>;
}

/** Checks that storage answers, for /healthz. Throws when it does not. */
export interface StorageHealth {
  ping(): Promise<void>;
}

export interface Storage {
  surgeries: SurgeryRepository;
  chats: ChatRepository;
  outbox: OutboxRepository;
  statusLinks: StatusLinkRepository;
  health: StorageHealth;
}
