/**
 * The shapes the server sends to the councillors' tab. The tab imports only this file from bot/.
 * Times are ISO 8601 strings in UTC.
 */

export type SurgeryStatus = 'scheduled' | 'open' | 'ended';
export type VisitStatus = 'waiting' | 'called' | 'in_consultation' | 'seen' | 'left' | 'no_show' | 'not_reached' | 'follow_up';

export interface SurgerySummary {
  id: string;
  ward: string;
  startsAt: string;
  endsAt: string;
  joinUrl: string;
  councillors: string[];
  status: SurgeryStatus;
}

export interface ResidentRow {
  visitId: string;
  lobbyTag: string;
  name: string;
  postcode: string;
  issue: string;
  accessNeeds?: string;
  hasContact: boolean;
  /** "Teams", "Web chat", ... in words a councillor understands. */
  channel: string;
  status: VisitStatus;
  checkedInAt: string;
  calledAt?: string;
  calledBy?: string;
  joinedAt?: string;
  finishedAt?: string;
  outcome?: string;
  /** 1 for the next resident to be called; only for waiting residents. */
  position?: number;
  /** When the resident will probably be called (as likely earlier as later). */
  estimatedAdmitAt?: string;
  /** The middle 80% of likely call times. */
  estimatedWindow?: { earliest: string; latest: string };
  /** The surgery will probably end before this resident is reached. */
  likelyNotReached?: boolean;
  lastMessage?: { kind: string; delivered: boolean; at: string };
  /** From "Seen": a topic key (housing, parking, waste, planning, council_tax, anti_social_behaviour, other). */
  topic?: string;
  followUp?: boolean;
  caseReference?: string;
  /** The case can take progress updates: follow-up is needed and no update has closed it. */
  caseOpen?: boolean;
  /** Councillors' messages to this resident; `delivered` is absent while sending. */
  messages?: CouncillorMessageRow[];
  /** Progress updates on the resident's case while it is open (followUp). */
  caseUpdates?: (CouncillorMessageRow & { closesCase: boolean })[];
}

export interface CouncillorMessageRow {
  id: string;
  text: string;
  at: string;
  by: string;
  delivered?: boolean;
}

export interface QueueView {
  surgery: SurgerySummary;
  /** With a councillor, called, then waiting in call order. */
  active: ResidentRow[];
  /** Seen, left, no-show, not reached: most recent first. */
  finished: ResidentRow[];
  generatedAt: string;
}

/** What the tab sends to set up a surgery (POST /api/surgeries). */
export interface SurgeryPlanRequest {
  ward: string;
  startsAt: string;
  endsAt: string;
  joinUrl: string;
  councillors: string[];
  /** Work email addresses of the other councillors who may run it. */
  councillorAccounts: string[];
  /** The Teams meeting it runs in. */
  meetingId?: string;
}

export interface SurgeryList {
  surgeries: SurgerySummary[];
}

export interface ServerInfo {
  localMode: boolean;
  defaultLengthMinutes: number;
}

export interface ApiError {
  code: string;
  message: string;
  problems?: { field: string; message: string }[];
}

/** What Teams says about a meeting, for filling in a surgery's set-up. Each part may be missing. */
export interface MeetingDetails {
  title?: string;
  joinUrl?: string;
  startsAt?: string;
  endsAt?: string;
}

/** Opens a surgery's live queue: GET /api/surgeries/<id>/stream?ticket=<ticket> before `expiresAt`. */
export interface StreamTicket {
  ticket: string;
  expiresAt: string;
}

export type * from './api-statistics-types';
