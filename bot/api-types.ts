/**
 * The shapes the server sends to the councillors' tab. The tab imports only this file from bot/.
 * Times are ISO 8601 strings in UTC.
 */

export type SurgeryStatus = 'scheduled' | 'open' | 'ended';
export type VisitStatus = 'waiting' | 'called' | 'in_consultation' | 'seen' | 'left' | 'no_show' | 'not_reached';

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
  estimatedAdmitAt?: string;
  lastMessage?: { kind: string; delivered: boolean; at: string };
}

export interface QueueView {
  surgery: SurgerySummary;
  /** With a councillor, called, then waiting in call order. */
  active: ResidentRow[];
  /** Seen, left, no-show, not reached: most recent first. */
  finished: ResidentRow[];
  generatedAt: string;
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
