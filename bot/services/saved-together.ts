import type { Booking, QueueChange, Visit } from '../domain/model';
import { ROWS_PER_TRANSACTION } from '../storage/ports';
import type { OutboxEntry, OutboxPromise, OutboxWrites, StoredOutboxEntry } from '../storage/ports';

/**
 * The rows that changes to one surgery, decided one after another, write in one transaction: each visit and
 * booking once, as the last change left it, and each change's promise and kept card. A row two changes touch is
 * written once, since a transaction may not touch a row twice.
 */
export class SavedTogether {
  private readonly visits = new Map<string, Visit>();
  private readonly bookings = new Map<string, Booking>();
  private readonly promises: OutboxPromise[] = [];
  private readonly shown = new Map<string, OutboxEntry>();
  /** How many changes are in. */
  changes = 0;

  /** `outcome`: an outbox entry's outcome saved with the changes (the surgery row and it are rows too). */
  constructor(private readonly outcome?: StoredOutboxEntry) {}

  /** Whether the change, with what it promises and keeps, still fits in one transaction with those already in. */
  fits(change: QueueChange, promise: OutboxPromise | undefined, kept: OutboxEntry | undefined): boolean {
    const more = (ids: Iterable<string>, known: Map<string, unknown>) => new Set([...ids].filter((id) => !known.has(id))).size;
    const rows =
      this.rows() +
      more(
        change.visits.map((v) => v.id),
        this.visits,
      ) +
      more(
        (change.bookings ?? []).map((b) => b.id),
        this.bookings,
      ) +
      (promise ? 1 : 0) +
      (kept && !this.shown.has(kept.id) ? 1 : 0);
    return rows <= ROWS_PER_TRANSACTION;
  }

  add(change: QueueChange, promise: OutboxPromise | undefined, kept: OutboxEntry | undefined): void {
    for (const visit of change.visits) this.visits.set(visit.id, visit);
    for (const booking of change.bookings ?? []) this.bookings.set(booking.id, booking);
    if (promise) this.promises.push(promise);
    if (kept) this.shown.set(kept.id, kept);
    this.changes += 1;
  }

  get promised(): boolean {
    return this.promises.length > 0;
  }

  /** What saveQueue is given. */
  writes(): { visits: Visit[]; bookings: Booking[]; outbox: OutboxWrites } {
    return {
      visits: [...this.visits.values()],
      bookings: [...this.bookings.values()],
      outbox: {
        ...(this.promises.length > 0 ? { promises: this.promises } : {}),
        ...(this.outcome ? { outcome: this.outcome } : {}),
        ...(this.shown.size > 0 ? { shown: [...this.shown.values()] } : {}),
      },
    };
  }

  private rows(): number {
    return 1 + this.visits.size + this.bookings.size + this.promises.length + this.shown.size + (this.outcome ? 1 : 0);
  }
}
