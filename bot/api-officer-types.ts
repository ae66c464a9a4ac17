/**
 * What the officers' page reads, beside the data requests (bot/services/data-requests.ts). Re-exported
 * from api-types.ts, which is still the one file the tab imports from bot/.
 */
import type { BookingStatus, SurgeryStatus, VisitStatus } from './api-statuses';

/** Files officers keep, as the server holds them now. */
export interface FilesInUseView {
  files: string[];
  /** When the files in use were read in. */
  loadedAt: string;
  /** Why a changed file is not in use; empty when the latest read had no problems. */
  problems: string[];
}

export interface OfficerWardLists {
  /** Absent when no roster is set (WARDS_FILE). */
  roster?: FilesInUseView & { wards: number; councillors: number };
  /** Absent when no postcode lists are set (WARD_POSTCODES_FILE, WARD_POSTCODES_DIR). */
  postcodes?: FilesInUseView & { wards: number; postcodes: number };
  /** Surgeries the roster has no ward for: their councillors cannot be checked, nor their figures reported by ward. */
  unmatchedSurgeries: { id: string; ward: string; startsAt: string; status: SurgeryStatus }[];
}

/** A message that could not be delivered: enough to put it right, nothing of what it said or where it went. */
export interface UndeliveredMessage {
  surgeryId: string;
  ward: string;
  surgeryStartsAt: string;
  /** The resident's lobby tag, when the message was about a visit. */
  lobbyTag?: string;
  channel: 'chat' | 'email' | 'text';
  attempts: number;
  failedAt: string;
  /** What failed, with any email address or phone number in it taken out. */
  error: string;
}

/** What people did with residents' records, as the audit trail names it. */
export type AuditAction =
  | 'viewed_queue'
  | 'opened'
  | 'ended'
  | 'cancelled'
  | 'changed'
  | 'reopened'
  | 'paused'
  | 'resumed'
  | 'undone'
  | 'added'
  | 'admitted'
  | 'joined'
  | 'marked_seen'
  | 'marked_not_reached'
  | 'follow_up_done'
  | 'no_show'
  | 'messaged'
  | 'case_updated'
  | 'booking_no_show'
  | 'searched'
  | 'exported'
  | 'erased';

export interface AuditLine {
  at: string;
  who: { id: string; name: string };
  action: AuditAction;
  surgeryId?: string;
  ward?: string;
  visits: number;
  bookings: number;
  detail?: string;
}

/** One surgery where a data request found the resident, for the officer to confirm before exporting or erasing. */
export interface ResidentMatch {
  surgeryId: string;
  ward: string;
  startsAt: string;
  visits: { visitId: string; lobbyTag: string; name: string; status: VisitStatus; checkedInAt: string; caseReference?: string }[];
  bookings: { bookingId: string; reference: string; name: string; slotStartsAt: string; status: BookingStatus }[];
}

/** What an erasure did: how many of each kind of record went, and surgeries too busy to finish (ask again). */
export interface ErasureAnswer {
  erased: Record<string, number>;
  unfinishedSurgeryIds: string[];
}

/** A page of the audit trail, with the surgeries it can be filtered by. */
export interface AuditPage {
  lines: AuditLine[];
  surgeries: { id: string; ward: string; startsAt: string }[];
}
