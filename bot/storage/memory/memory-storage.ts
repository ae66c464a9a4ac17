import { Surgery } from '../../domain/surgery';
import { Visit } from '../../domain/visit';
import { Booking } from '../../domain/booking-record';
import type { ReferenceTries } from '../../domain/reference-tries';
import {
  AlreadyExists,
  BookingLink,
  BookingLinkRepository,
  ChatRepository,
  ConcurrencyConflict,
  OutboxEntry,
  OutboxRepository,
  ReferenceTryRepository,
  ResidentChat,
  StatusLink,
  StatusLinkRepository,
  Storage,
  StoredOutboxEntry,
  StoredQueue,
  SurgeryRepository,
} from '../ports';
import { assertKeySafe, assertSavable } from '../tables/storage-keys';
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
  private version = 0;

  async create(surgery: Surgery): Promise<void> {
    assertKeySafe('Surgery id', surgery.id);
    if (this.stored.has(surgery.id)) throw new AlreadyExists(`Surgery ${surgery.id}`);
    this.stored.set(surgery.id, { surgery: copy(surgery), visits: new Map(), bookings: new Map(), etag: this.nextEtag() });
  }

  async list(): Promise<Surgery[]> {
    return inIdOrder([...this.stored.values()].map((entry) => copy(entry.surgery)));
  }

  async loadQueue(surgeryId: string): Promise<StoredQueue | undefined> {
    assertKeySafe('Surgery id', surgeryId);
    const entry = this.stored.get(surgeryId);
    if (!entry) return undefined;
    return {
      surgery: copy(entry.surgery),
      visits: inIdOrder(entry.visits.values()).map(copy),
      bookings: inIdOrder(entry.bookings.values()).map(copy),
      etag: entry.etag,
    };
  }

  async saveQueue(surgery: Surgery, visits: Visit[], etag: string, bookings: Booking[] = []): Promise<string> {
    assertSavable(surgery, visits, bookings);
    const entry = this.stored.get(surgery.id);
    if (!entry || entry.etag !== etag) throw new ConcurrencyConflict(surgery.id);
    entry.surgery = copy(surgery);
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
  private readonly chats = new Map<string, ResidentChat>();

  async get(chatKey: string): Promise<ResidentChat | undefined> {
    assertKeySafe('Chat key', chatKey);
    const chat = this.chats.get(chatKey);
    return chat && copy(chat);
  }

  async put(chat: ResidentChat): Promise<void> {
    assertKeySafe('Chat key', chat.chatKey);
    this.chats.set(chat.chatKey, copy(chat));
  }

  async delete(chatKey: string): Promise<void> {
    assertKeySafe('Chat key', chatKey);
    this.chats.delete(chatKey);
  }
}

class MemoryOutboxRepository implements OutboxRepository {
  private readonly entries = new Map<string, StoredOutboxEntry>();
  private version = 0;

  async put(entry: OutboxEntry): Promise<void> {
    assertKeySafe('Outbox id', entry.id);
    this.entries.set(entry.id, { entry: copy(entry), etag: this.nextEtag() });
  }

  async add(entry: OutboxEntry): Promise<boolean> {
    assertKeySafe('Outbox id', entry.id);
    if (this.entries.has(entry.id)) return false;
    this.entries.set(entry.id, { entry: copy(entry), etag: this.nextEtag() });
    return true;
  }

  async get(id: string): Promise<StoredOutboxEntry | undefined> {
    assertKeySafe('Outbox id', id);
    const stored = this.entries.get(id);
    return stored && copy(stored);
  }

  async pending(limit: number): Promise<StoredOutboxEntry[]> {
    return [...this.entries.values()]
      .filter(({ entry }) => entry.status === 'pending')
      .sort((a, b) => a.entry.createdAt.localeCompare(b.entry.createdAt) || a.entry.id.localeCompare(b.entry.id))
      .slice(0, limit)
      .map(copy);
  }

  async update(entry: OutboxEntry, etag: string): Promise<string> {
    const stored = this.entries.get(entry.id);
    if (!stored || stored.etag !== etag) throw new ConcurrencyConflict(entry.id);
    const next = { entry: copy(entry), etag: this.nextEtag() };
    this.entries.set(entry.id, next);
    return next.etag;
  }

  async forSurgery(surgeryId: string): Promise<OutboxEntry[]> {
    return inIdOrder([...this.entries.values()].map(({ entry }) => entry).filter((entry) => entry.surgeryId === surgeryId)).map(copy);
  }

  async delete(id: string): Promise<void> {
    assertKeySafe('Outbox id', id);
    this.entries.delete(id);
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

/** Storage held in this process: the twin of the Tables storage, for tests and local runs. */
export function createMemoryStorage(): Storage {
  return {
    surgeries: new MemorySurgeryRepository(),
    chats: new MemoryChatRepository(),
    outbox: new MemoryOutboxRepository(),
    statusLinks: new MemoryStatusLinkRepository(),
    bookingLinks: new MemoryBookingLinkRepository(),
    referenceTries: new MemoryReferenceTryRepository(),
    audit: new MemoryAuditRepository(),
    health: { async ping() {}, isOutage: () => false },
  };
}
