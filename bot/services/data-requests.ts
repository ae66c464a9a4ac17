import { visitOfStatusToken } from '../domain/status-token';
import type { ResidentMatch } from '../api-officer-types';
import { NO_RECORDS, ResidentRecords, chatsInUse } from '../domain/anonymise';
import type { Booking, QueueState, SurgeryStatus, Visit } from '../domain/model';
import { ResidentKey, bookingMatches, visitMatches } from '../domain/data-request';
import { isRefusal } from '../domain/refusal';
import type { AuditAction } from '../api-officer-types';
import {
  AuditEntry,
  BookingLinkRepository,
  ChatRepository,
  AuditRepository,
  OutboxEntry,
  OutboxRepository,
  ResidentChat,
  StatusLink,
  StatusLinkRepository,
} from '../storage/ports';
import { Actor, AuditTrail } from './audit-trail';
import { QueueService } from './queue-service';
import { ForgetCounts, NOTHING_FORGOTTEN, ResidentDataEraser, addCounts, messagesTo } from './retention-eraser';

/** Everything held about the resident in one surgery. */
export interface SurgeryRecords {
  surgery: { id: string; ward: string; startsAt: string; endsAt: string; status: SurgeryStatus; councillors: string[] };
  visits: Visit[];
  bookings: Booking[];
  statusLinks: StatusLink[];
  chats: ResidentChat[];
  outboxEntries: OutboxEntry[];
  /** Who viewed or changed their records: entries naming their visits, and views of the queue while they were in it. */
  audit: AuditEntry[];
}

export interface ResidentExport {
  generatedAt: string;
  foundBy: ResidentKey['kind'];
  surgeries: SurgeryRecords[];
}

export interface ErasureSummary {
  erased: ForgetCounts;
  /** Surgeries too busy to change just now: ask again to finish. */
  unfinishedSurgeryIds: string[];
}

export interface DataRequestsDeps {
  queue: Pick<QueueService, 'surgeriesHoldingDetails' | 'load'>;
  chats: ChatRepository;
  outbox: OutboxRepository;
  statusLinks: StatusLinkRepository;
  eraser: ResidentDataEraser;
  audit: AuditTrail;
  clock: () => Date;
}

interface Found {
  state: QueueState;
  visits: Visit[];
  bookings: Booking[];
}

const recordsOf = (found: Found): ResidentRecords => ({
  visitIds: found.visits.map((v) => v.id),
  bookingIds: found.bookings.map((b) => b.id),
});

/**
 * Subject access and erasure requests, for officers (over HTTP or the command line). Every request is
 * audited with who asked, how the resident was found (never the email, number or reference itself) and
 * which visits it covered.
 */
export class DataRequests {
  constructor(private readonly deps: DataRequestsDeps) {}

  async search(key: ResidentKey, who: Actor): Promise<ResidentMatch[]> {
    const { found } = await this.find(key);
    await this.audited(who, 'searched', key, found);
    return found.map(({ state, visits, bookings }) => ({
      surgeryId: state.surgery.id,
      ward: state.surgery.ward,
      startsAt: state.surgery.startsAt,
      visits: visits.map((v) => ({
        visitId: v.id,
        lobbyTag: v.lobbyTag,
        name: v.name,
        status: v.status,
        checkedInAt: v.checkedInAt,
        ...(v.caseReference ? { caseReference: v.caseReference } : {}),
      })),
      bookings: bookings.map((b) => ({
        bookingId: b.id,
        reference: b.reference,
        name: b.name,
        slotStartsAt: b.slotStartsAt,
        status: b.status,
      })),
    }));
  }

  async export(key: ResidentKey, who: Actor): Promise<ResidentExport> {
    const { found } = await this.find(key);
    const surgeries: SurgeryRecords[] = [];
    for (const match of found) surgeries.push(await this.recordsIn(match));
    await this.audited(who, 'exported', key, found);
    return { generatedAt: this.deps.clock().toISOString(), foundBy: key.kind, surgeries };
  }

  /** Anonymises the resident's records now, as retention would, with their chats, links and messages. */
  async erase(key: ResidentKey, who: Actor): Promise<ErasureSummary> {
    const { found, states } = await this.find(key);
    const forgotten = new Map(found.map((match) => [match.state.surgery.id, recordsOf(match)]));
    const inUse = chatsInUse(states, (surgeryId) => forgotten.get(surgeryId) ?? NO_RECORDS);
    let erased = NOTHING_FORGOTTEN;
    const outcomes = new Map<string, string>();
    const unfinishedSurgeryIds: string[] = [];
    for (const match of found) {
      const counts = await this.deps.eraser.forget(match.state, recordsOf(match), { inUse });
      if (isRefusal(counts)) {
        unfinishedSurgeryIds.push(match.state.surgery.id);
        outcomes.set(match.state.surgery.id, 'not finished: the queue was busy');
      } else {
        erased = addCounts(erased, counts);
        outcomes.set(match.state.surgery.id, `visits anonymised: ${counts.visits}; bookings anonymised: ${counts.bookings}`);
      }
    }
    await this.audited(who, 'erased', key, found, (surgeryId) => outcomes.get(surgeryId));
    return { erased, unfinishedSurgeryIds };
  }

  private async find(key: ResidentKey): Promise<{ found: Found[]; states: QueueState[] }> {
    const states: QueueState[] = [];
    // A surgery retention has released names nobody, so only those still holding details can hold a match.
    for (const surgery of await this.deps.queue.surgeriesHoldingDetails()) {
      const state = await this.deps.queue.load(surgery.id);
      if (state) states.push(state);
    }
    const found = states
      .map((state) => ({
        state,
        visits: state.visits.filter((v) => visitMatches(v, key)),
        bookings: (state.bookings ?? []).filter((b) => bookingMatches(b, key)),
      }))
      .filter((match) => match.visits.length > 0 || match.bookings.length > 0);
    return { found, states };
  }

  private async recordsIn({ state, visits, bookings }: Found): Promise<SurgeryRecords> {
    const { surgery } = state;
    const statusLinks: StatusLink[] = [];
    for (const token of visits.flatMap((v) => (v.statusToken ? [v.statusToken] : []))) {
      // A token that names its visit is its own link; an older one was stored apart.
      const named = visitOfStatusToken(token);
      const link = named ? { token, ...named } : await this.deps.statusLinks.get(token);
      if (link) statusLinks.push(link);
    }
    const chats: ResidentChat[] = [];
    for (const chatKey of new Set([...visits, ...bookings].flatMap((record) => (record.chatKey ? [record.chatKey] : [])))) {
      const chat = await this.deps.chats.get(chatKey);
      if (chat) chats.push(chat);
    }
    const outboxEntries = (await this.deps.outbox.forSurgery(surgery.id)).filter(messagesTo(visits, bookings));
    const ids = new Set([...visits.map((v) => v.id), ...bookings.map((b) => b.id)]);
    const firstThere = [...visits.map((v) => v.checkedInAt), ...bookings.map((b) => b.bookedAt)].sort()[0]!;
    const audit = (await this.deps.audit.forSurgery(surgery.id)).filter(
      (entry) =>
        [...entry.visitIds, ...(entry.bookingIds ?? [])].some((id) => ids.has(id)) ||
        (entry.action === 'viewed_queue' && entry.at >= firstThere),
    );
    return {
      surgery: {
        id: surgery.id,
        ward: surgery.ward,
        startsAt: surgery.startsAt,
        endsAt: surgery.endsAt,
        status: surgery.status,
        councillors: surgery.councillors,
      },
      visits,
      bookings,
      statusLinks,
      chats,
      outboxEntries,
      audit,
    };
  }

  /** One entry per surgery found (or one naming no surgery when nothing was found). */
  private async audited(
    who: Actor,
    action: AuditAction,
    key: ResidentKey,
    found: Found[],
    outcomeIn?: (surgeryId: string) => string | undefined,
  ): Promise<void> {
    if (found.length === 0) return this.deps.audit.record(who, action, undefined, { visitIds: [] }, `by ${key.kind}; nothing found`);
    for (const { state, visits, bookings } of found) {
      const outcome = outcomeIn?.(state.surgery.id);
      const detail = [`by ${key.kind}`, ...(outcome ? [outcome] : [])].join('; ');
      await this.deps.audit.record(
        who,
        action,
        state.surgery.id,
        { visitIds: visits.map((v) => v.id), bookingIds: bookings.map((b) => b.id) },
        detail,
      );
    }
  }
}

export interface DataRequestStorage {
  chats: ChatRepository;
  outbox: OutboxRepository;
  statusLinks: StatusLinkRepository;
  bookingLinks: BookingLinkRepository;
  audit: AuditRepository;
}

/**
 * Data requests over storage, with the audit trail they write and the eraser they share with retention:
 * wired once, for the server's officers' page and the officers' command line alike.
 */
export function dataRequestsOver(
  storage: DataRequestStorage,
  queue: Pick<QueueService, 'surgeriesHoldingDetails' | 'load' | 'apply'>,
  clock: () => Date,
  newId: () => string,
): { dataRequests: DataRequests; eraser: ResidentDataEraser; audit: AuditTrail } {
  const audit = new AuditTrail({ audit: storage.audit, clock, newId });
  const eraser = new ResidentDataEraser({ queue, ...storage });
  const dataRequests = new DataRequests({ queue, ...storage, eraser, audit, clock });
  return { dataRequests, eraser, audit };
}
