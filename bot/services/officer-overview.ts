import type { AuditLine, AuditPage, FilesInUseView, OfficerWardLists, UndeliveredMessage } from '../api-officer-types';
import type { Surgery } from '../domain/model';
import { monthsBack } from '../domain/surgery';
import type { WardRoster } from '../domain/ward-roster';
import type { AuditEntry, OutboxRepository } from '../storage/ports';
import type { AuditTrail } from './audit-trail';
import type { QueueService } from './queue-service';
import type { FilesInUse } from './reloading-files';
import { unplacedSurgeries } from './surgery-wards';

const DAY_MS = 86_400_000;
/** How far back officers are shown messages that were not delivered. */
const UNDELIVERED_DAYS = 7;
/** The audit lines one page shows, newest first: a filter finds older ones. */
const AUDIT_LINES_SHOWN = 500;

export interface OfficerOverviewDeps {
  queue: Pick<QueueService, 'surgeriesStartingIn' | 'surgeriesWithoutWardCode' | 'surgeriesHoldingDetails' | 'load' | 'surgery'>;
  outbox: Pick<OutboxRepository, 'forSurgery'>;
  audit: Pick<AuditTrail, 'forSurgery' | 'newest'>;
  /** How long the audit trail is kept: the view reads no further back. */
  auditRetentionDays: number;
  roster?: { state(): FilesInUse; current(): WardRoster };
  postcodes?: { state(): FilesInUse; current(): { wards: string[]; postcodeCount: number } };
  clock: () => Date;
}

export interface AuditFilter {
  surgeryId?: string;
  /** Part of a name or an account id, in any capitals. */
  person?: string;
}

const inUse = (state: FilesInUse): FilesInUseView => ({ files: state.files, loadedAt: state.loadedAt, problems: state.problems });

// Delivery errors come from Notify or the Bot Connector and may quote where the message was going.
const withoutContacts = (error: string) =>
  error
    .replace(/[^\s@<>"',;:]+@[^\s@<>"',;:]+/g, '[email address]')
    .replace(/\+?\d[\d ()-]{8,}\d/g, '[phone number]')
    .slice(0, 300);

/** What officers look after besides data requests: the ward lists in use, messages that failed, the audit trail. */
export class OfficerOverview {
  constructor(private readonly deps: OfficerOverviewDeps) {}

  async wardLists(): Promise<OfficerWardLists> {
    const { roster, postcodes } = this.deps;
    const unmatched = roster ? unplacedSurgeries(await this.deps.queue.surgeriesWithoutWardCode(), roster.current()) : [];
    return {
      ...(roster
        ? { roster: { ...inUse(roster.state()), wards: roster.current().wards.length, councillors: roster.current().councillorCount } }
        : {}),
      ...(postcodes
        ? {
            postcodes: {
              ...inUse(postcodes.state()),
              wards: postcodes.current().wards.length,
              postcodes: postcodes.current().postcodeCount,
            },
          }
        : {}),
      unmatchedSurgeries: unmatched,
    };
  }

  /** Messages marked not delivered in the last UNDELIVERED_DAYS days, newest first. */
  async undelivered(): Promise<UndeliveredMessage[]> {
    const since = new Date(this.deps.clock().getTime() - UNDELIVERED_DAYS * DAY_MS).toISOString();
    const found: UndeliveredMessage[] = [];
    // Retention deletes the messages of a surgery it releases, so only surgeries still holding details can have any.
    for (const surgery of await this.deps.queue.surgeriesHoldingDetails()) {
      const failed = (await this.deps.outbox.forSurgery(surgery.id)).filter(
        (entry) => entry.status === 'undelivered' && (entry.finishedAt ?? entry.createdAt) >= since,
      );
      if (failed.length === 0) continue;
      const visits = (await this.deps.queue.load(surgery.id))?.visits ?? [];
      for (const entry of failed) {
        const lobbyTag = visits.find((visit) => visit.id === entry.visitId)?.lobbyTag;
        found.push({
          surgeryId: surgery.id,
          ward: surgery.ward,
          surgeryStartsAt: surgery.startsAt,
          ...(lobbyTag ? { lobbyTag } : {}),
          channel: entry.contact ? (entry.contact.kind === 'email' ? 'email' : 'text') : 'chat',
          attempts: entry.attempts,
          failedAt: entry.finishedAt ?? entry.createdAt,
          error: withoutContacts(entry.lastError ?? 'No reason was given.'),
        });
      }
    }
    return found.sort((a, b) => b.failedAt.localeCompare(a.failedAt));
  }

  /**
   * The audit trail, newest first, of one surgery or all, by one person or anyone. It reads the newest
   * months of the trail and the surgeries of the audit retention's months, never every surgery ever held.
   */
  async audit(filter: AuditFilter): Promise<AuditPage> {
    const now = this.deps.clock();
    const since = new Date(now.getTime() - this.deps.auditRetentionDays * DAY_MS);
    const person = filter.person?.trim().toLowerCase();
    const byPerson = (entry: AuditEntry): boolean => !person || `${entry.who.id}\n${entry.who.name}`.toLowerCase().includes(person);
    const entries =
      filter.surgeryId === undefined
        ? await this.deps.audit.newest({ now: now.toISOString(), since: since.toISOString(), limit: AUDIT_LINES_SHOWN, keep: byPerson })
        : (await this.deps.audit.forSurgery(filter.surgeryId)).filter(byPerson).reverse().slice(0, AUDIT_LINES_SHOWN);
    // The surgeries an officer may filter by: those that started while the trail was kept.
    const listed = await this.deps.queue.surgeriesStartingIn(monthsBack(now.toISOString(), since.toISOString()));
    const known = new Map(listed.map((surgery) => [surgery.id, surgery]));
    // A line about an older surgery (a data request long after it) reads that surgery's own row, not its residents.
    for (const surgeryId of new Set(
      entries.flatMap((entry) => (entry.surgeryId && !known.has(entry.surgeryId) ? [entry.surgeryId] : [])),
    )) {
      const surgery = await this.deps.queue.surgery(surgeryId);
      if (surgery) known.set(surgeryId, surgery);
    }
    return {
      lines: entries.map((entry) => lineOf(entry, entry.surgeryId === undefined ? undefined : known.get(entry.surgeryId))),
      surgeries: [...listed].reverse().map((s) => ({ id: s.id, ward: s.ward, startsAt: s.startsAt })),
    };
  }
}

const lineOf = (entry: AuditEntry, surgery?: Surgery): AuditLine => ({
  at: entry.at,
  who: entry.who,
  action: entry.action,
  ...(surgery ? { surgeryId: surgery.id, ward: surgery.ward } : {}),
  visits: entry.visitIds.length,
  bookings: entry.bookingIds?.length ?? 0,
  ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
});
