import { ResidentRecords, forgetResidents, isAnonymisedBooking, isAnonymisedVisit } from '../domain/anonymise';
import type { Booking, QueueState, Visit } from '../domain/model';
import { manageLinkKey, referenceLinkKey } from '../domain/booking-reference';
import { Refusal, isRefusal } from '../domain/refusal';
import { BookingLinkRepository, ChatRepository, OutboxEntry, OutboxRepository, StatusLinkRepository } from '../storage/ports';
import { QueueService } from './queue-service';

/** How much was forgotten. Links, chats and messages are counted as asked to go (deleting is idempotent). */
export interface ForgetCounts {
  visits: number;
  bookings: number;
  chats: number;
  statusLinks: number;
  outboxEntries: number;
}

export const NOTHING_FORGOTTEN: ForgetCounts = { visits: 0, bookings: 0, chats: 0, statusLinks: 0, outboxEntries: 0 };

export function addCounts(a: ForgetCounts, b: ForgetCounts): ForgetCounts {
  return {
    visits: a.visits + b.visits,
    bookings: a.bookings + b.bookings,
    chats: a.chats + b.chats,
    statusLinks: a.statusLinks + b.statusLinks,
    outboxEntries: a.outboxEntries + b.outboxEntries,
  };
}

export interface ChatsToKeep {
  /** Chats that kept visits or bookings still need (see chatsInUse). */
  inUse: ReadonlySet<string>;
  /** Retention only: a chat used since this time belongs to newer business and stays. */
  usedSince?: Date;
}

export interface ResidentDataEraserDeps {
  queue: Pick<QueueService, 'apply'>;
  chats: ChatRepository;
  outbox: OutboxRepository;
  statusLinks: StatusLinkRepository;
  bookingLinks: BookingLinkRepository;
}

/** Which outbox messages were to these visits and bookings: by visit, by chat, or by email or text address. */
export function messagesTo(visits: readonly Visit[], bookings: readonly Booking[]): (entry: OutboxEntry) => boolean {
  const visitIds = new Set(visits.map((v) => v.id));
  const chatKeys = new Set([...visits, ...bookings].flatMap((record) => (record.chatKey ? [record.chatKey] : [])));
  const contacts = new Set(
    [...visits, ...bookings].flatMap((record) => (record.contact && record.contact.value !== '' ? [record.contact.value] : [])),
  );
  return (entry) =>
    (entry.visitId !== undefined && visitIds.has(entry.visitId)) ||
    chatKeys.has(entry.chatKey) ||
    (entry.contact !== undefined && contacts.has(entry.contact.value));
}

/** Forgets residents' records for retention and for erasure requests alike. */
export class ResidentDataEraser {
  constructor(private readonly deps: ResidentDataEraserDeps) {}

  /**
   * First goes everything found only through the records (status links, chats, outbox messages), then the
   * records are anonymised in one ETag-guarded save. Each step is safe to repeat, so a run cut short (or
   * run on two instances at once) is finished by the next.
   */
  async forget(state: QueueState, records: ResidentRecords, keep: ChatsToKeep): Promise<ForgetCounts | Refusal> {
    const visitIds = new Set(records.visitIds);
    const bookingIds = new Set(records.bookingIds);
    const visits = state.visits.filter((v) => visitIds.has(v.id) && !isAnonymisedVisit(v));
    const bookings = (state.bookings ?? []).filter((b) => bookingIds.has(b.id) && !isAnonymisedBooking(b));
    if (visits.length === 0 && bookings.length === 0) return NOTHING_FORGOTTEN;

    const tokens = visits.flatMap((v) => (v.statusToken ? [v.statusToken] : []));
    for (const token of tokens) await this.deps.statusLinks.delete(token);
    // A booking's reference and manage secret go too: nothing leads to it once it names nobody.
    for (const booking of bookings) {
      await this.deps.bookingLinks.delete(referenceLinkKey(booking.reference));
      await this.deps.bookingLinks.delete(manageLinkKey(booking.manageToken));
    }

    const chatKeys = new Set([...visits, ...bookings].flatMap((record) => (record.chatKey ? [record.chatKey] : [])));
    let chats = 0;
    for (const chatKey of chatKeys) {
      if (keep.inUse.has(chatKey)) continue;
      if (keep.usedSince) {
        const chat = await this.deps.chats.get(chatKey);
        if (chat && Date.parse(chat.updatedAt) > keep.usedSince.getTime()) continue;
      }
      await this.deps.chats.delete(chatKey);
      chats += 1;
    }

    let outboxEntries = await this.deleteOutbox(state.surgery.id, messagesTo(visits, bookings));

    const applied = await this.deps.queue.apply(state.surgery.id, (current, now) => forgetResidents(current, records, now));
    if (isRefusal(applied)) return applied;
    // Once nobody in the surgery is named any more, no message of it is needed: this also catches messages
    // that name no visit, chat or contact of their own.
    const after = applied.state;
    if (after.visits.every(isAnonymisedVisit) && (after.bookings ?? []).every(isAnonymisedBooking))
      outboxEntries += await this.deleteOutbox(state.surgery.id, () => true);
    return { visits: visits.length, bookings: bookings.length, chats, statusLinks: tokens.length, outboxEntries };
  }

  private async deleteOutbox(surgeryId: string, chosen: (entry: OutboxEntry) => boolean): Promise<number> {
    const entries = (await this.deps.outbox.forSurgery(surgeryId)).filter(chosen);
    for (const entry of entries) await this.deps.outbox.delete(surgeryId, entry.id);
    return entries.length;
  }
}
