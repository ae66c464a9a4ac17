import { NO_RECORDS, chatsInUse, dueForRetention, isAnonymisedBooking, isAnonymisedVisit } from '../domain/anonymise';
import type { QueueState } from '../domain/model';
import { isRefusal } from '../domain/refusal';
import { AuditTrail } from './audit-trail';
import { QueueService } from './queue-service';
import { ForgetCounts, NOTHING_FORGOTTEN, ResidentDataEraser, addCounts } from './retention-eraser';

const DAY_MS = 86_400_000;

export interface RetentionSettings {
  /** RETENTION_DAYS: residents' details go this long after their surgery (see domain/anonymise for cases). */
  retentionDays: number;
  /** AUDIT_RETENTION_DAYS: audit entries go this long after they were written. */
  auditRetentionDays: number;
}

export interface RetentionRun extends ForgetCounts {
  auditEntries: number;
}

export interface RetentionDeps {
  queue: Pick<QueueService, 'surgeriesHoldingDetails' | 'load' | 'released'>;
  eraser: ResidentDataEraser;
  audit: AuditTrail;
  clock: () => Date;
  settings: RetentionSettings;
}

/**
 * Forgets residents' details once they are due, and audit entries once they are old. Every surgery still
 * holding residents' details is read each run: whether a visit is due depends on its case, and chats still
 * needed by any kept visit, in any surgery, must stay. An ended surgery left naming nobody is released,
 * so later runs never read it again.
 */
export class Retention {
  constructor(private readonly deps: RetentionDeps) {}

  async run(): Promise<RetentionRun> {
    const now = this.deps.clock();
    const { retentionDays, auditRetentionDays } = this.deps.settings;
    const states: QueueState[] = [];
    for (const surgery of await this.deps.queue.surgeriesHoldingDetails()) {
      const state = await this.deps.queue.load(surgery.id);
      if (state) states.push(state);
    }
    const due = new Map(states.map((state) => [state.surgery.id, dueForRetention(state, retentionDays, now)]));
    const inUse = chatsInUse(states, (surgeryId) => due.get(surgeryId) ?? NO_RECORDS);
    const usedSince = new Date(now.getTime() - retentionDays * DAY_MS);
    let forgotten = NOTHING_FORGOTTEN;
    for (const state of states) {
      const records = due.get(state.surgery.id)!;
      const nothingDue = records.visitIds.length === 0 && records.bookingIds.length === 0;
      if (!nothingDue) {
        const counts = await this.deps.eraser.forget(state, records, { inUse, usedSince });
        // Refused (too busy, or gone): the next run tries again.
        if (!isRefusal(counts)) forgotten = addCounts(forgotten, counts);
      }
      const after = nothingDue ? state : await this.deps.queue.load(state.surgery.id);
      if (after && namesNobody(after)) await this.deps.queue.released(after.surgery.id);
    }
    const auditEntries = await this.deps.audit.purgeBefore(new Date(now.getTime() - auditRetentionDays * DAY_MS));
    return { ...forgotten, auditEntries };
  }
}

/** An ended surgery whose every visit and booking is anonymised: retention has nothing left to do in it. */
function namesNobody(state: QueueState): boolean {
  return state.surgery.status === 'ended' && state.visits.every(isAnonymisedVisit) && (state.bookings ?? []).every(isAnonymisedBooking);
}
