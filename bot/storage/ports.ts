import type { Booking, Channel, MeetingApisObserved, MessageKind, Surgery, Visit } from '../domain/model';
import type { ReferenceTries } from '../domain/reference-tries';
import type { NotDeliveredReason } from '../api-types';
import type { ContactAddress, ContactMessage, ResidentMessage, StageNoticeMessage } from '../domain/messages';
import type { AuditAction } from '../api-officer-types';
import type { SurgeryLengths } from '../domain/ward-lengths';

/** One surgery's queue as stored, with the ETag of the surgery row at the moment it was read. */
export interface StoredQueue {
  surgery: Surgery;
  visits: Visit[];
  bookings: Booking[];
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
  /**
   * Scheduled and open surgeries, without visits, from a small index: the cost does not grow with history.
   * Listings are as of the surgery's last listing change, so ticketsIssued there may be behind.
   */
  current(): Promise<Surgery[]>;
  /** Surgeries whose residents' details retention has not yet forgotten (see released), from the index. */
  holdingDetails(): Promise<Surgery[]>;
  /** Surgeries set up before the roster, whose ward has no code yet, from the index. */
  withoutWardCode(): Promise<Surgery[]>;
  /** Surgeries starting in the given UTC months (YYYY-MM), from the index. */
  startingIn(months: readonly string[]): Promise<Surgery[]>;
  /** Every surgery ever held. Reads all of history: for officers' data requests and start-up repairs only. */
  all(): Promise<Surgery[]>;
  /** Retention has forgotten everything this ended surgery held: it leaves holdingDetails(). */
  released(surgeryId: string): Promise<void>;
  /** The surgery alone, without its residents: one point read, for whoever only needs its ward or times. */
  find(surgeryId: string): Promise<Surgery | undefined>;
  loadQueue(surgeryId: string): Promise<StoredQueue | undefined>;
  /**
   * Saves the surgery, the given (new or changed) visits and bookings, and what the change writes to the
   * outbox, in one transaction; returns the new ETag. Throws OutboxEntryChanged when the outcome's entry
   * changed since it was read. `listedBefore` is the surgery as it was read, given when the change alters how
   * it is listed (status, times, ward…), so the index follows.
   */
  saveQueue(
    surgery: Surgery,
    visits: Visit[],
    etag: string,
    bookings?: Booking[],
    outbox?: OutboxWrites,
    listedBefore?: Surgery,
  ): Promise<string>;
  /** The surgery row's current ETag, or undefined when there is no such surgery. */
  currentEtag(surgeryId: string): Promise<string | undefined>;
}

export interface ChatVisit {
  surgeryId: string;
  visitId: string;
}

/** A resident's bot conversation: how to reach them, and the visit they are in. */
export interface ResidentChat {
  chatKey: string;
  /** The channel's conversation reference, opaque to everything outside bot/teams/. */
  reference: unknown;
  /**
   * The place card and a fingerprint of what it showed, as chats kept them before each card was kept on
   * its place card entry (placeCardEntryId); read only for a card that has no entry yet.
   */
  placeCardActivityId?: string;
  placeCardShows?: string;
  /**
   * The visit this chat last checked in with, so finding it reads one queue, never every surgery. null:
   * none since it was kept; absent on chats saved before it was, which are looked for in every open surgery.
   */
  visit?: ChatVisit | null;
  /** Name and postcode the resident asked us to remember for their next check-in or booking (opt-in). */
  remembered?: { name: string; postcode: string; at: string };
  updatedAt: string;
}

/** A chat with its version as kept (the row's ETag): a later write can ask that it be unchanged since. */
export interface VersionedChat {
  chat: ResidentChat;
  version: string;
}

export interface ChatRepository {
  get(chatKey: string): Promise<ResidentChat | undefined>;
  /** The chat with its version. */
  read(chatKey: string): Promise<VersionedChat | undefined>;
  put(chat: ResidentChat): Promise<void>;
  /**
   * Saves the chat only if it is still at `version` (undefined: only if no chat is kept yet), and says whether
   * it did. A version that is not one of this storage's, whatever it holds, is a changed chat, never an error.
   */
  putIfUnchanged(chat: ResidentChat, version: string | undefined): Promise<boolean>;
  /** Forgets a chat (retention, erasure); a chat already gone is not an error. */
  delete(chatKey: string): Promise<void>;
}

export type OutboxStatus = 'pending' | 'sent' | 'undelivered';

/**
 * One message to a resident, in its surgery's partition. Its id is the idempotency key: a message is
 * sent by whichever instance holds its lease, and marked sent once the channel has accepted it.
 */
interface OutboxEntryFields {
  id: string;
  /** Messages with the same key go in order; an email or text's is contactChatKey(contact). */
  chatKey: string;
  surgeryId: string;
  visitId?: string;
  /** "send" posts a new message; "replace" updates an earlier one in place. */
  action: 'send' | 'replace';
  activityId?: string;
  /** When set, the visit records whether this message reached the resident (the tab shows it). */
  record?: MessageKind;
  /** With `record`: only a failure is recorded, because a delivered one changes nothing the tab shows. */
  recordFailureOnly?: boolean;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  /** While an instance is sending, others leave the entry alone until this time. */
  leaseUntil?: string;
  finishedAt?: string;
  lastError?: string;
  /** When a try first failed in a way worth retrying: retries stop once the retry window since then has passed. */
  firstFailedAt?: string;
  /** Why an `undelivered` entry did not reach the resident. */
  reason?: NotDeliveredReason;
  /**
   * When the sends to this chat its sender knew of ended (epoch milliseconds, the last 30 seconds, this one's
   * included): an instance taking the chat's messages on keeps to Teams' per-chat limits from them.
   */
  laneSends?: number[];
  /**
   * On a chat's place card saved as shown before the turn that saved it has sent it (a check-in's), and on its
   * next versions while it lasts: the outbox sends nothing more to the chat until that turn has finished, or
   * until `until`, the longest the turn's send may take (bot/services/turn-sends.ts).
   */
  turnHold?: TurnHold;
}

/** From the moment a card was kept as shown until the longest its turn's send may take (ISO times). */
export interface TurnHold {
  from: string;
  until: string;
}

/**
 * What an entry carries, by where it goes: a message to a resident's chat, a notice on the councillors'
 * meeting stage (through the meeting chat), or an email or text to the address it names.
 */
export type ResidentOutboxEntry = OutboxEntryFields & { contact?: undefined; message: ResidentMessage };
type StageNoticeOutboxEntry = OutboxEntryFields & { contact?: undefined; message: StageNoticeMessage };
type ContactOutboxEntry = OutboxEntryFields & { contact: ContactAddress; message: ContactMessage };

export type OutboxEntry = ResidentOutboxEntry | StageNoticeOutboxEntry | ContactOutboxEntry;

/** Whether an entry goes to a resident's chat: the only kind a place card is kept in. */
export const isResidentEntry = (entry: OutboxEntry): entry is ResidentOutboxEntry =>
  !entry.contact && entry.message.kind !== 'stage_notice';

/** One conversation's outbox, as its sender reads it. */
export interface OutboxLane {
  pending: StoredOutboxEntry[];
  sends: number[];
  hold?: TurnHold;
}

export interface StoredOutboxEntry {
  entry: OutboxEntry;
  etag: string;
}

/**
 * A resident's place card in one surgery is one entry, kept after it is sent: it holds the card's activity
 * and what it shows, so a change that moves the queue reads every card in one query.
 */
export const placeCardEntryId = (chatKey: string): string => `place-${chatKey}`;

/** An entry to save: `etag` (as read) when it must not have changed since, none to add or replace it whatever it holds. */
export interface OutboxWrite {
  entry: OutboxEntry;
  etag?: string;
}

/** A resident no longer waiting: their place card is closed, if they have one. */
export interface ClosedPlaceCard {
  visitId: string;
  chatKey: string;
  lobbyTag: string;
  reason: 'called' | 'left' | 'not_reached' | 'cancelled' | 'finished';
  /** Where the resident checked in; absent on promises saved before it was kept, which close cards in place. */
  channel?: Channel;
}

/**
 * What one saved change promised residents, stored in the same transaction as the change. It stays one
 * row however many residents it tells (ending a surgery tells every one still waiting); the sender turns it
 * into outbox entries, then deletes it.
 */
export interface OutboxPromise {
  id: string;
  surgeryId: string;
  createdAt: string;
  /** New messages, in the order they go. */
  entries: OutboxEntry[];
  closedPlaceCards: ClosedPlaceCard[];
  /** The queue moved: every waiting resident's place card is looked at again. */
  refreshPlaceCards: boolean;
  /**
   * Residents back in the queue after an undo: their closed place card gives way to a fresh one, sent as a
   * new message and kept as their chat's place card entry, which later updates replace.
   */
  reopenedPlaceCards?: ReopenedPlaceCard[];
}

/** A resident waiting again whose place card was closed by the change undone. */
export interface ReopenedPlaceCard {
  visitId: string;
  chatKey: string;
}

export interface StoredOutboxPromise {
  promise: OutboxPromise;
  etag: string;
}

/** The most rows one saveQueue writes, the surgery row and outbox rows included: Azure's limit for one transaction. */
export const ROWS_PER_TRANSACTION = 100;

/**
 * Written with the changes saved together: what each promises, the outcome of sending an entry (read with `etag`),
 * and messages the changes' own replies show where their activity is already known (the place card a check-in puts
 * in place of its form), each kept whatever its entry held.
 */
export interface OutboxWrites {
  promises?: readonly OutboxPromise[];
  outcome?: StoredOutboxEntry;
  shown?: readonly OutboxEntry[];
}

/**
 * A save storage refused for what it held: a row it will not take, or rows one save may not hold. Transactions
 * apply whole or not at all, so nothing of it was saved.
 */
export class SaveRefused extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SaveRefused';
  }
}

/** Runs the checks made before a save is sent: what they refuse is a SaveRefused, with their reason. */
export function checkedBeforeSaving(checks: () => void): void {
  try {
    checks();
  } catch (error) {
    throw new SaveRefused(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The outbox entry whose outcome was being recorded changed meanwhile (a newer place card replaced it). */
export class OutboxEntryChanged extends Error {
  constructor(entryId: string) {
    super(`Outbox entry ${entryId} changed since it was read`);
    this.name = 'OutboxEntryChanged';
  }
}

/**
 * Messages to residents. Entries and promises live in their surgery's partition, beside its queue; a small
 * index names the surgeries that may have some to send, so the sender never reads every surgery.
 */
export interface OutboxRepository {
  /** Surgeries marked as maybe having promises or pending entries, with when each was last marked. */
  withWork(): Promise<{ surgeryId: string; markedAt: string }[]>;
  /** Marks a surgery as having work; done before anything is written that the sender must find. */
  markWork(surgeryId: string, at: string): Promise<void>;
  /** Removes the mark if it was last made at `markedAt`: a mark made again since stays. */
  clearWork(surgeryId: string, markedAt: string): Promise<void>;
  /** Promises not yet turned into entries, oldest first. */
  promises(surgeryId: string): Promise<StoredOutboxPromise[]>;
  /** Deletes a promise whose entries all exist; one already gone (another instance did it) is not an error. */
  fulfil(stored: StoredOutboxPromise): Promise<void>;
  /** Adds entries unless they exist (whatever their status); an entry already there stays as it is. */
  addAll(surgeryId: string, entries: OutboxEntry[]): Promise<void>;
  /** Adds an entry, or replaces one with the same id. */
  put(entry: OutboxEntry): Promise<void>;
  /** Every place card entry of one surgery (see placeCardEntryId), in one read. */
  placeCards(surgeryId: string): Promise<StoredOutboxEntry[]>;
  /**
   * Saves entries of one surgery in as few requests as storage allows. Throws ConcurrencyConflict when one
   * saved with an ETag changed since; some of the others may be saved by then.
   */
  saveAll(surgeryId: string, writes: OutboxWrite[]): Promise<void>;
  get(surgeryId: string, id: string): Promise<StoredOutboxEntry | undefined>;
  /** In one read: the promises to expand, and the pending entries due by `now` and not leased (at most `limit`), each oldest first. */
  dueWork(surgeryId: string, now: string, limit: number): Promise<{ promises: StoredOutboxPromise[]; due: StoredOutboxEntry[] }>;
  /**
   * In one read, one conversation in one surgery: every pending entry, due or not, oldest first, and when the
   * sends its entries record (laneSends) ended, those at or after `since` only, and the latest turn hold among
   * its entries.
   */
  lane(surgeryId: string, chatKey: string, since: string): Promise<OutboxLane>;
  /** Whether the surgery has any pending entry, due or not. */
  hasPending(surgeryId: string): Promise<boolean>;
  /** Saves a change to an entry read with `etag`; throws ConcurrencyConflict if it changed since. Returns the new ETag. */
  update(entry: OutboxEntry, etag: string): Promise<string>;
  /** Every entry for one surgery, in any state: what retention and erasure must find. */
  forSurgery(surgeryId: string): Promise<OutboxEntry[]>;
  /** An entry already gone is not an error; a sender holding it then finds it gone (ConcurrencyConflict). */
  delete(surgeryId: string, id: string): Promise<void>;
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
  /** A link already gone is not an error. */
  delete(token: string): Promise<void>;
}

/**
 * Finds a booking from what a resident holds: its reference ("ref-SQ-…") or its manage page's secret
 * ("manage-…"), without reading every surgery.
 */
export interface BookingLink {
  key: string;
  surgeryId: string;
  bookingId: string;
}

export interface BookingLinkRepository {
  /** Throws AlreadyExists when the key is taken, so a reference drawn twice is never shared. */
  create(link: BookingLink): Promise<void>;
  get(key: string): Promise<BookingLink | undefined>;
  /** Forgets a link (retention, erasure); a link already gone is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * Wrong postcodes given with a booking reference in one chat, and the lock they lead to
 * (domain/reference-tries.ts). Kept in storage so a lock holds across instances and restarts.
 */
export interface ReferenceTryRepository {
  get(chatKey: string, reference: string): Promise<ReferenceTries | undefined>;
  /** Saves `change` of the stored tries; concurrent changes are applied one after the other, never lost. */
  update(chatKey: string, reference: string, change: (tries: ReferenceTries | undefined) => ReferenceTries): Promise<ReferenceTries>;
  /** Forgets them once the right postcode is given; tries already gone are not an error. */
  delete(chatKey: string, reference: string): Promise<void>;
}

/**
 * Each ward's consultation lengths at its latest ended surgeries (domain/ward-lengths.ts): one small record per
 * ward, so a surgery's prior costs one read however long the ward's history.
 */
export interface WardLengthsRepository {
  /** Newest first; none for a ward that has not ended a surgery with consultations yet. */
  recent(wardCode: string): Promise<SurgeryLengths[]>;
  /** Saves `change` of the ward's record; concurrent changes are applied one after the other, never lost. */
  update(wardCode: string, change: (recent: SurgeryLengths[]) => SurgeryLengths[]): Promise<void>;
}

/** What Teams last said of a meeting's APIs, and the version it was read at (none: nothing kept yet). */
export interface StoredMeetingApis {
  observed: MeetingApisObserved;
  etag?: string;
}

/**
 * What Teams last said of each API of a meeting, one small record per meeting (by its chat key): a refusal
 * heard before any surgery is set up in the meeting still reaches the panel, and every instance can tell a
 * newer word from an older one.
 */
export interface MeetingApisRepository {
  read(meetingKey: string): Promise<StoredMeetingApis>;
  /** Saves `observed` unless the record changed since it was read at `etag` (or was made, read without one): then false. */
  write(meetingKey: string, observed: MeetingApisObserved, etag: string | undefined): Promise<boolean>;
}

/**
 * One line of the audit trail: who did what, when, to which surgery's residents. Never holds anything about
 * a resident beyond ids: `detail` says how, not who (say "by email", never the address).
 */
export interface AuditEntry {
  id: string;
  at: string;
  /** A councillor or officer (Entra object id and name), or "cli:<user>" for the officers' command line. */
  who: { id: string; name: string };
  action: AuditAction;
  /** Absent for a data request that matched nobody. */
  surgeryId?: string;
  /** Empty when the action covered the surgery's whole queue (viewing it). */
  visitIds: string[];
  /** Bookings the action was about, when any. */
  bookingIds?: string[];
  detail?: string;
}

/** Append-only, except that entries older than the audit retention are purged. */
export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** One surgery's entries, oldest first. */
  forSurgery(surgeryId: string): Promise<AuditEntry[]>;
  /**
   * The newest entries of every surgery and none, newest first: at most `limit` of those `keep` accepts, from
   * `since` to `now` (ISO times). Reads month by month from `now` backwards, so the cost follows the lines
   * shown and the audit retention, never the number of surgeries ever held.
   */
  newest(window: { now: string; since: string; limit: number; keep: (entry: AuditEntry) => boolean }): Promise<AuditEntry[]>;
  /** Deletes every entry from before `before` (an ISO time); returns how many went. */
  deleteBefore(before: string): Promise<number>;
}

/** Checks that storage answers, for /healthz. Throws when it does not. */
export interface StorageHealth {
  ping(): Promise<void>;
  /**
   * Whether an error is this storage failing to answer (down, unreachable, overloaded): a passing fault a
   * client may retry. Errors from anywhere else, say Notify or Teams being unreachable, are not.
   */
  isOutage(error: unknown): boolean;
}

export interface Storage {
  surgeries: SurgeryRepository;
  chats: ChatRepository;
  outbox: OutboxRepository;
  statusLinks: StatusLinkRepository;
  bookingLinks: BookingLinkRepository;
  referenceTries: ReferenceTryRepository;
  wardLengths: WardLengthsRepository;
  meetingApis: MeetingApisRepository;
  audit: AuditRepository;
  health: StorageHealth;
}
