import type { Booking, MeetingApisObserved, Surgery, Visit } from '../../domain/model';
import { isCurrent, startMonth } from '../../domain/surgery';
import type { ReferenceTries } from '../../domain/reference-tries';
import type { SurgeryLengths } from '../../domain/ward-lengths';
import { settleEnded } from '../../domain/queue';
import { settleCancelled } from '../../domain/cancel-surgery';
import {
  AlreadyExists,
  BookingLink,
  BookingLinkRepository,
  ChatRepository,
  VersionedChat,
  ConcurrencyConflict,
  MeetingApisRepository,
  OutboxEntry,
  OutboxEntryChanged,
  OutboxLane,
  OutboxPromise,
  OutboxRepository,
  ReferenceTryRepository,
  OutboxWrite,
  OutboxWrites,
  ResidentChat,
  StatusLink,
  StatusLinkRepository,
  Storage,
  StoredMeetingApis,
  StoredOutboxEntry,
  StoredOutboxPromise,
  StoredQueue,
  SurgeryRepository,
  WardLengthsRepository,
  placeCardEntryId,
} from '../ports';
import { assertKeySafe, assertSaveFits } from '../tables/storage-keys';
import { laneOf } from '../outbox-lane';
import { MemoryAuditRepository } from './memory-audit-repository';

// Tables stores JSON, so the twin copies through JSON too: callers get back exactly what Tables would
// give them, and never a reference into the store.
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// Tables returns rows in key order.
function inIdOrder<T extends { id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

interface StoredSurgery {
  surgery: Surgery;
  visits: Map<string, Visit>;
  bookings: Map<string, Booking>;
  etag: string;
}

class MemorySurgeryRepository implements SurgeryRepository {
  private readonly stored = new Map<string, StoredSurgery>();
  private readonly releasedIds = new Set<string>();
  private version = 0;

  constructor(private readonly outbox: MemoryOutboxRepository) {}

  async create(surgery: Surgery): Promise<void> {
    assertKeySafe('Surgery id', surgery.id);
    if (this.stored.has(surgery.id)) throw new AlreadyExists(`Surgery ${surgery.id}`);
    this.stored.set(surgery.id, { surgery: copy(surgery), visits: new Map(), bookings: new Map(), etag: this.nextEtag() });
  }

  async current(): Promise<Surgery[]> {
    return (await this.all()).filter((surgery) => isCurrent(surgery) && !this.releasedIds.has(surgery.id));
  }

  async holdingDetails(): Promise<Surgery[]> {
    return (await this.all()).filter((surgery) => !this.releasedIds.has(surgery.id));
  }

  async startingIn(months: readonly string[]): Promise<Surgery[]> {
    return (await this.all()).filter((surgery) => months.includes(startMonth(surgery)));
  }

  async withoutWardCode(): Promise<Surgery[]> {
    return (await this.all()).filter((surgery) => surgery.wardCode === undefined);
  }

  async all(): Promise<Surgery[]> {
    return inIdOrder([...this.stored.values()].map((entry) => copy(entry.surgery)));
  }

  async released(surgeryId: string): Promise<void> {
    assertKeySafe('Surgery id', surgeryId);
    if (this.stored.get(surgeryId)?.surgery.status === 'ended') this.releasedIds.add(surgeryId);
  }

  async find(surgeryId: string): Promise<Surgery | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    const entry = this.stored.get(surgeryId);
    return entry && copy(entry.surgery);
  }

  async loadQueue(surgeryId: string): Promise<StoredQueue | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    const entry = this.stored.get(surgeryId);
    if (!entry) return undefined;
    return {
      surgery: copy(entry.surgery),
      visits: settleEnded(entry.surgery, inIdOrder(entry.visits.values()).map(copy)),
      bookings: settleCancelled(entry.surgery, inIdOrder(entry.bookings.values()).map(copy)),
      etag: entry.etag,
    };
  }

  async saveQueue(
    surgery: Surgery,
    visits: Visit[],
    etag: string,
    bookings: Booking[] = [],
    outbox: OutboxWrites = {},
    listedBefore?: Surgery,
  ): Promise<string> {
    assertSaveFits(surgery, visits, bookings, outbox);
    const entry = this.stored.get(surgery.id);
    if (!entry || entry.etag !== etag) {
      if (outbox.outcome && !this.outbox.holds(outbox.outcome)) throw new OutboxEntryChanged(outbox.outcome.entry.id);
      throw new ConcurrencyConflict(surgery.id);
    }
    if (outbox.outcome && !this.outbox.holds(outbox.outcome)) throw new OutboxEntryChanged(outbox.outcome.entry.id);
    for (const promise of outbox.promises ?? []) this.outbox.promise(promise);
    if (outbox.outcome) await this.outbox.update(outbox.outcome.entry, outbox.outcome.etag);
    for (const entry of outbox.shown ?? []) await this.outbox.put(entry);
    entry.surgery = copy(surgery);
    // As in Tables, a listing change lists the surgery again until retention releases it once more.
    if (listedBefore) this.releasedIds.delete(surgery.id);
    for (const visit of visits) entry.visits.set(visit.id, copy(visit));
    for (const booking of bookings) entry.bookings.set(booking.id, copy(booking));
    entry.etag = this.nextEtag();
    return entry.etag;
  }

  async currentEtag(surgeryId: string): Promise<string | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    return this.stored.get(surgeryId)?.etag;
  }

  private nextEtag(): string {
    this.version += 1;
    return `memory-${this.version}`;
  }
}

class MemoryChatRepository implements ChatRepository {
  private readonly chats = new Map<string, VersionedChat>();
  private version = 0;

  async get(chatKey: string): Promise<ResidentChat | undefined> {
    return (await this.read(chatKey))?.chat;
  }

  async read(chatKey: string): Promise<VersionedChat | undefined> {
    assertKeySafe('Chat key', chatKey);
    const kept = this.chats.get(chatKey);
    return kept && { chat: copy(kept.chat), version: kept.version };
  }

  async put(chat: ResidentChat): Promise<void> {
    assertKeySafe('Chat key', chat.chatKey);
    this.version += 1;
    this.chats.set(chat.chatKey, { chat: copy(chat), version: `memory-chat-${this.version}` });
  }

  async putIfUnchanged(chat: ResidentChat, version: string | undefined): Promise<boolean> {
    assertKeySafe('Chat key', chat.chatKey);
    if (this.chats.get(chat.chatKey)?.version !== version) return false;
    await this.put(chat);
    return true;
  }

  async delete(chatKey: string): Promise<void> {
    assertKeySafe('Chat key', chatKey);
    this.chats.delete(chatKey);
  }
}

const byAge = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

const dueAt = (entry: OutboxEntry) => (entry.leaseUntil && entry.leaseUntil > entry.nextAttemptAt ? entry.leaseUntil : entry.nextAttemptAt);

class MemoryOutboxRepository implements OutboxRepository {
  private readonly entries = new Map<string, StoredOutboxEntry>();
  private readonly promised = new Map<string, StoredOutboxPromise>();
  private readonly work = new Map<string, string>();
  private version = 0;

  async withWork(): Promise<{ surgeryId: string; markedAt: string }[]> {
    return [...this.work].map(([surgeryId, markedAt]) => ({ surgeryId, markedAt }));
  }

  async markWork(surgeryId: string, at: string): Promise<void> {
    assertKeySafe('Surgery id', surgeryId);
    this.work.set(surgeryId, at);
  }

  async clearWork(surgeryId: string, markedAt: string): Promise<void> {
    if (this.work.get(surgeryId) === markedAt) this.work.delete(surgeryId);
  }

  /** Stores a promise as part of a queue save. */
  promise(promise: OutboxPromise): void {
    assertKeySafe('Promise id', promise.id);
    this.promised.set(`${promise.surgeryId}/${promise.id}`, { promise: copy(promise), etag: this.nextEtag() });
  }

  holds({ entry, etag }: StoredOutboxEntry): boolean {
    return this.entries.get(this.key(entry.surgeryId, entry.id))?.etag === etag;
  }

  async promises(surgeryId: string): Promise<StoredOutboxPromise[]> {
    return [...this.promised.values()]
      .filter(({ promise }) => promise.surgeryId === surgeryId)
      .sort((a, b) => byAge(a.promise, b.promise))
      .map(copy);
  }

  async fulfil({ promise, etag }: StoredOutboxPromise): Promise<void> {
    const key = `${promise.surgeryId}/${promise.id}`;
    if (this.promised.get(key)?.etag === etag) this.promised.delete(key);
  }

  async addAll(surgeryId: string, entries: OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      assertKeySafe('Outbox id', entry.id);
      if (entry.surgeryId !== surgeryId) throw new Error(`Outbox entry ${entry.id} is not surgery ${surgeryId}'s`);
    }
    for (const entry of entries)
      if (!this.entries.has(this.key(surgeryId, entry.id)))
        this.entries.set(this.key(surgeryId, entry.id), { entry: copy(entry), etag: this.nextEtag() });
  }

  async put(entry: OutboxEntry): Promise<void> {
    assertKeySafe('Outbox id', entry.id);
    this.entries.set(this.key(entry.surgeryId, entry.id), { entry: copy(entry), etag: this.nextEtag() });
  }

  async placeCards(surgeryId: string): Promise<StoredOutboxEntry[]> {
    return [...this.entries.values()]
      .filter(({ entry }) => entry.surgeryId === surgeryId && entry.id.startsWith(placeCardEntryId('')))
      .map(copy);
  }

  async saveAll(surgeryId: string, writes: OutboxWrite[]): Promise<void> {
    for (const { entry, etag } of writes) {
      assertKeySafe('Outbox id', entry.id);
      if (entry.surgeryId !== surgeryId) throw new Error(`Outbox entry ${entry.id} is not surgery ${surgeryId}'s`);
      if (etag !== undefined && this.entries.get(this.key(surgeryId, entry.id))?.etag !== etag) throw new ConcurrencyConflict(entry.id);
    }
    for (const { entry } of writes) this.entries.set(this.key(surgeryId, entry.id), { entry: copy(entry), etag: this.nextEtag() });
  }

  async get(surgeryId: string, id: string): Promise<StoredOutboxEntry | undefined> {
    assertKeySafe('Outbox id', id);
    const stored = this.entries.get(this.key(surgeryId, id));
    return stored && copy(stored);
  }

  async dueWork(surgeryId: string, now: string, limit: number): Promise<{ promises: StoredOutboxPromise[]; due: StoredOutboxEntry[] }> {
    return { promises: await this.promises(surgeryId), due: this.pendingWhere(surgeryId, (entry) => dueAt(entry) <= now).slice(0, limit) };
  }

  async lane(surgeryId: string, chatKey: string, since: string): Promise<OutboxLane> {
    const read = [...this.entries.values()].filter(({ entry }) => entry.surgeryId === surgeryId).sort((a, b) => byAge(a.entry, b.entry));
    return laneOf(read.map(copy), chatKey, since);
  }

  async hasPending(surgeryId: string): Promise<boolean> {
    return this.pendingWhere(surgeryId, () => true).length > 0;
  }

  async update(entry: OutboxEntry, etag: string): Promise<string> {
    const key = this.key(entry.surgeryId, entry.id);
    const stored = this.entries.get(key);
    if (!stored || stored.etag !== etag) throw new ConcurrencyConflict(entry.id);
    const next = { entry: copy(entry), etag: this.nextEtag() };
    this.entries.set(key, next);
    return next.etag;
  }

  async forSurgery(surgeryId: string): Promise<OutboxEntry[]> {
    return [...this.entries.values()]
      .map(({ entry }) => entry)
      .filter((entry) => entry.surgeryId === surgeryId)
      .sort(byAge)
      .map(copy);
  }

  async delete(surgeryId: string, id: string): Promise<void> {
    assertKeySafe('Outbox id', id);
    this.entries.delete(this.key(surgeryId, id));
  }

  private pendingWhere(surgeryId: string, chosen: (entry: OutboxEntry) => boolean): StoredOutboxEntry[] {
    return [...this.entries.values()]
      .filter(({ entry }) => entry.surgeryId === surgeryId && entry.status === 'pending' && chosen(entry))
      .sort((a, b) => byAge(a.entry, b.entry))
      .map(copy);
  }

  private key(surgeryId: string, id: string): string {
    return `${surgeryId}/${id}`;
  }

  private nextEtag(): string {
    this.version += 1;
    return `memory-outbox-${this.version}`;
  }
}

class MemoryStatusLinkRepository implements StatusLinkRepository {
  private readonly links = new Map<string, StatusLink>();

  async put(link: StatusLink): Promise<void> {
    assertKeySafe('Status token', link.token);
    this.links.set(link.token, copy(link));
  }

  async get(token: string): Promise<StatusLink | undefined> {
    assertKeySafe('Status token', token);
    const link = this.links.get(token);
    return link && copy(link);
  }

  async delete(token: string): Promise<void> {
    assertKeySafe('Status token', token);
    this.links.delete(token);
  }
}

class MemoryBookingLinkRepository implements BookingLinkRepository {
  private readonly links = new Map<string, BookingLink>();

  async create(link: BookingLink): Promise<void> {
    assertKeySafe('Booking link', link.key);
    if (this.links.has(link.key)) throw new AlreadyExists(`Booking link ${link.key}`);
    this.links.set(link.key, copy(link));
  }

  async get(key: string): Promise<BookingLink | undefined> {
    assertKeySafe('Booking link', key);
    const link = this.links.get(key);
    return link && copy(link);
  }

  async delete(key: string): Promise<void> {
    assertKeySafe('Booking link', key);
    this.links.delete(key);
  }
}

class MemoryReferenceTryRepository implements ReferenceTryRepository {
  private readonly tries = new Map<string, ReferenceTries>();

  async get(chatKey: string, reference: string): Promise<ReferenceTries | undefined> {
    const tries = this.tries.get(this.keyOf(chatKey, reference));
    return tries && copy(tries);
  }

  async update(chatKey: string, reference: string, change: (tries: ReferenceTries | undefined) => ReferenceTries): Promise<ReferenceTries> {
    const key = this.keyOf(chatKey, reference);
    const tries = change(this.tries.get(key));
    this.tries.set(key, copy(tries));
    return copy(tries);
  }

  async delete(chatKey: string, reference: string): Promise<void> {
    this.tries.delete(this.keyOf(chatKey, reference));
  }

  private keyOf(chatKey: string, reference: string): string {
    assertKeySafe('Chat key', chatKey);
    assertKeySafe('Booking reference', reference);
    return JSON.stringify([chatKey, reference]);
  }
}

class MemoryWardLengthsRepository implements WardLengthsRepository {
  private readonly wards = new Map<string, SurgeryLengths[]>();

  async recent(wardCode: string): Promise<SurgeryLengths[]> {
    assertKeySafe('Ward code', wardCode);
    return copy(this.wards.get(wardCode) ?? []);
  }

  async update(wardCode: string, change: (recent: SurgeryLengths[]) => SurgeryLengths[]): Promise<void> {
    assertKeySafe('Ward code', wardCode);
    this.wards.set(wardCode, copy(change(copy(this.wards.get(wardCode) ?? []))));
  }
}

class MemoryMeetingApisRepository implements MeetingApisRepository {
  private readonly meetings = new Map<string, { observed: MeetingApisObserved; etag: string }>();
  private writes = 0;

  async read(meetingKey: string): Promise<StoredMeetingApis> {
    assertKeySafe('Meeting key', meetingKey);
    const kept = this.meetings.get(meetingKey);
    return kept ? { observed: copy(kept.observed), etag: kept.etag } : { observed: {} };
  }

  async write(meetingKey: string, observed: MeetingApisObserved, etag: string | undefined): Promise<boolean> {
    assertKeySafe('Meeting key', meetingKey);
    if (this.meetings.get(meetingKey)?.etag !== etag) return false;
    this.meetings.set(meetingKey, { observed: copy(observed), etag: `meeting-apis-${++this.writes}` });
    return true;
  }
}

/** Storage held in this process: the twin of the Tables storage, for tests and local runs. */
export function createMemoryStorage(): Storage {
  const outbox = new MemoryOutboxRepository();
  return {
    surgeries: new MemorySurgeryRepository(outbox),
    chats: new MemoryChatRepository(),
    outbox,
    statusLinks: new MemoryStatusLinkRepository(),
    bookingLinks: new MemoryBookingLinkRepository(),
    referenceTries: new MemoryReferenceTryRepository(),
    wardLengths: new MemoryWardLengthsRepository(),
    meetingApis: new MemoryMeetingApisRepository(),
    audit: new MemoryAuditRepository(),
    health: { async ping() {}, isOutage: () => false },
  };
}
