import { NO_RECORDS, chatsInUse, dueForRetention } from '../domain/anonymise';
import { QueueState } from '../domain/queue';
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
  queue: Pick<QueueService, 'listSurgeries' | 'load'>;
  eraser: ResidentDataEraser;
  audit: AuditTrail;
  clock: () => Date;
  settings: RetentionSettings;
}

/**
 * Forgets residents' details once they are due, and audit entries once they are old. Every surgery is
 * read each run: whether a visit is due depends on its case, and chats still needed by any kept visit,
 * in any surgery, must stay.
 */
export class Retention {
  constructor(private readonly deps: RetentionDeps) {}

  async run(): Promise<RetentionRun> {
    const now = this.deps.clock();
    const { retentionDays, auditRetentionDays } = this.deps.settings;
    const states: QueueState[] = [];
    for (const surgery of await this.deps.queue.listSurgeries()) {
      const state = await this.deps.queue.load(surgery.id);
      if (state) states.push(state);
    }
    const due = new Map(states.map((state) => [state.surgery.id, dueForRetention(state, retentionDays, now)]));
    const inUse = chatsInUse(states, (surgeryId) => due.get(surgeryId) ?? NO_RECORDS);
    const usedSince = new Date(now.getTime() - retentionDays * DAY_MS);
    let forgotten = NOTHING_FORGOTTEN;
    for (const state of states) {
      const records = due.get(state.surgery.id)!;
      if (records.visitIds.length === 0 && records.bookingIds.length === 0) continue;
      const counts = await this.deps.eraser.forget(state, records, { inUse, usedSince });
      // Refused (too busy, or gone): the next run tries again.
      if (!isRefusal(counts)) forgotten = addCounts(forgotten, counts);
    }
    const auditEntries = await this.deps.audit.purgeBefore(new Date(now.getTime() - auditRetentionDays * DAY_MS));
    return { ...forgotten, auditEntries };
  }
}
