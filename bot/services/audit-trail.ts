import type { AuditAction } from '../api-officer-types';
import { AuditEntry, AuditRepository } from '../storage/ports';

/** Who did something: a councillor or officer as signed in, or the officers' command line. */
export interface Actor {
  id: string;
  name: string;
}

/**
 * Viewing a queue is recorded at most once per person per surgery in this time, on each instance: the tab
 * refreshes and reconnects its stream often, and one line per sitting says who saw the residents.
 */
const VIEW_RECORDED_EVERY_MINUTES = 15;
const VIEW_MS = VIEW_RECORDED_EVERY_MINUTES * 60_000;
// Enough people viewing at once on one instance; past it, views older than the window are dropped.
const VIEWS_REMEMBERED = 1000;

/** The visits and bookings an action was about. */
export interface AuditedRecords {
  visitIds: readonly string[];
  bookingIds?: readonly string[];
}

export interface AuditTrailDeps {
  audit: AuditRepository;
  clock: () => Date;
  newId: () => string;
}

/** Writes the audit trail: who viewed residents' records or changed them, and officers' data requests. */
export class AuditTrail {
  private readonly lastViewed = new Map<string, number>();

  constructor(private readonly deps: AuditTrailDeps) {}

  async record(who: Actor, action: AuditAction, surgeryId: string | undefined, about: AuditedRecords, detail?: string): Promise<void> {
    const entry: AuditEntry = {
      id: this.deps.newId(),
      at: this.deps.clock().toISOString(),
      who: { id: who.id, name: who.name },
      action,
      ...(surgeryId !== undefined ? { surgeryId } : {}),
      visitIds: [...about.visitIds],
      ...(about.bookingIds && about.bookingIds.length > 0 ? { bookingIds: [...about.bookingIds] } : {}),
      ...(detail !== undefined ? { detail } : {}),
    };
    await this.deps.audit.append(entry);
  }

  /** Someone saw a surgery's queue (the tab's queue or its live stream). */
  async viewedQueue(who: Actor, surgeryId: string): Promise<void> {
    const now = this.deps.clock().getTime();
    const key = `${who.id}\n${surgeryId}`;
    const last = this.lastViewed.get(key);
    if (last !== undefined && now - last < VIEW_MS) return;
    await this.record(who, 'viewed_queue', surgeryId, { visitIds: [] });
    if (this.lastViewed.size >= VIEWS_REMEMBERED) {
      for (const [seen, at] of this.lastViewed) if (now - at >= VIEW_MS) this.lastViewed.delete(seen);
    }
    this.lastViewed.set(key, now);
  }

  forSurgery(surgeryId: string): Promise<AuditEntry[]> {
    return this.deps.audit.forSurgery(surgeryId);
  }

  /** The newest entries of the whole trail; see AuditRepository.newest. */
  newest(window: Parameters<AuditRepository['newest']>[0]): Promise<AuditEntry[]> {
    return this.deps.audit.newest(window);
  }

  /** Deletes entries older than the audit retention. */
  purgeBefore(before: Date): Promise<number> {
    return this.deps.audit.deleteBefore(before.toISOString());
  }
}
