import type { VisitStatus } from '../api-statuses';
import { CheckInDetails } from './check-in';
import { Refusal, refuse } from './refusal';
import type { WardCheckResult } from './ward-check';
import type { NotDeliveredReason } from '../api-types';

/** A councillor's message to a resident, and whether it reached them. */
export interface CouncillorMessage {
  id: string;
  text: string;
  at: string;
  by: string;
  /** Absent while the message is being sent. */
  delivered?: boolean;
}

/** A councillor's progress update on an open case; same shape as a message, so delivery shows the same way. */
export type CaseUpdate = CouncillorMessage & { closesCase: boolean };

/** "Did you feel listened to?", from the council's co-designed service standards. */
export const LISTENED_ANSWERS = ['yes', 'partly', 'no'] as const;
export type ListenedAnswer = (typeof LISTENED_ANSWERS)[number];

/** A resident's answer after their visit. */
export interface Feedback {
  answer: ListenedAnswer;
  comment?: string;
}

export type { VisitStatus };

const ACTIVE_STATUSES: readonly VisitStatus[] = ['waiting', 'called', 'in_consultation'];

export type MessageKind =
  'place' | 'called' | 'no_show' | 'not_reached' | 'reinstated' | 'break' | 'left' | 'summary' | 'message' | 'alert' | 'case_update';

/** Messages a waiting resident gets as the estimate changes: "it is nearly your turn", "we may not reach you". */
export type ResidentAlert = 'getting_close' | 'may_not_be_reached';

export interface Delivery {
  kind: MessageKind;
  delivered: boolean;
  at: string;
  /** Set when not delivered. */
  reason?: NotDeliveredReason;
}

/** What the tab shows of the last message to a resident: whether it reached them, and if not, why. */
export function deliveryOf(kind: MessageKind, delivered: boolean, now: Date, reason?: NotDeliveredReason): Delivery {
  return { kind, delivered, at: now.toISOString(), ...(!delivered && reason ? { reason } : {}) };
}

export interface Visit extends CheckInDetails {
  id: string;
  surgeryId: string;
  ticket: number;
  lobbyTag: string;
  /** Where the resident reached us: the bot channel id ("msteams", "webchat", "directline"...). */
  channel: string;
  /** Key of the resident's bot conversation, for messages to them; absent for residents added by hand. */
  chatKey?: string;
  status: VisitStatus;
  checkedInAt: string;
  calledAt?: string;
  calledBy?: string;
  joinedAt?: string;
  /** When Teams said the resident left the meeting during their consultation: the panel offers "Seen". */
  leftMeetingAt?: string;
  finishedAt?: string;
  outcome?: string;
  lastMessage?: Delivery;
  /**
   * From "Seen": what the consultation was about (a key from consultation.ts TOPICS; typed as text so
   * statistics can count topics from any source), whether it needs following up, and the case reference.
   */
  topic?: string;
  followUp?: boolean;
  caseReference?: string;
  /** Councillors' messages to the resident, each with whether it reached them (absent while sending). */
  messages?: CouncillorMessage[];
  /** The resident's answer to "Did you feel listened to?"; never shown with the visit, only counted. */
  feedback?: Feedback & { at: string };
  /** Progress updates on the case while it is open (followUp), each with whether it reached the resident. */
  caseUpdates?: CaseUpdate[];
  /** When a resident marked as not joining said "I'm here" and was put back at the front of the queue. */
  returnedAt?: string;
  /** When a councillor marked the follow-up done without a last update to the resident. */
  caseClosedAt?: string;
  /** Secret of the visit's status page (a link only the resident is given); absent for visits added by hand. */
  statusToken?: string;
  /** When each alert was raised: each goes to a resident at most once. */
  alerts?: Partial<Record<ResidentAlert, string>>;
  /** Whether the postcode is in the surgery's ward (absent on visits from before the check existed). */
  wardCheck?: WardCheckResult;
  /** The ward the postcode is in, when the lists name it. */
  postcodeWard?: string;
  /** True for a resident who booked a slot, false for a drop-in (absent on visits from before bookings). */
  booked?: boolean;
  /** The booking this visit came from, and when its slot starts. */
  bookingId?: string;
  slotStartsAt?: string;
  /** When the resident's details were removed (retention or erasure); only what statistics count is left. */
  anonymisedAt?: string;
}

export type VisitEvent =
  | { type: 'call'; by: string }
  | { type: 'join' }
  | { type: 'see'; outcome: string }
  | { type: 'no_show' }
  | { type: 'leave' }
  | { type: 'surgery_ended' }
  | { type: 'leave_issue' }
  | { type: 'return' };

type EventType = VisitEvent['type'];

/** The rules: from each state, which events are allowed and where they lead. */
export const TRANSITIONS: Record<VisitStatus, Partial<Record<EventType, VisitStatus>>> = {
  waiting: { call: 'called', leave: 'left', surgery_ended: 'not_reached', leave_issue: 'follow_up' },
  called: { join: 'in_consultation', see: 'seen', no_show: 'no_show', leave: 'left', surgery_ended: 'not_reached' },
  in_consultation: { see: 'seen' },
  seen: {},
  left: {},
  no_show: { return: 'waiting' },
  not_reached: {},
  follow_up: {},
};

const DESCRIPTIONS: Record<VisitStatus, string> = {
  waiting: 'is waiting',
  called: 'has been called',
  in_consultation: 'is with a councillor',
  seen: 'has been seen',
  left: 'has left the queue',
  no_show: 'was marked as not joining',
  not_reached: 'was not reached before the surgery ended',
  follow_up: 'has left their issue for a councillor to follow up',
};

export function isActive(visit: Visit): boolean {
  return ACTIVE_STATUSES.includes(visit.status);
}

export function applyVisitEvent(visit: Visit, event: VisitEvent, now: Date): Visit | Refusal {
  const next = TRANSITIONS[visit.status][event.type];
  if (!next) {
    return refuse('VISIT.WRONG_STATE', `${visit.lobbyTag} ${DESCRIPTIONS[visit.status]}, so that cannot be done now.`);
  }
  const at = now.toISOString();
  const moved: Visit = { ...visit, status: next };
  switch (event.type) {
    case 'call':
      return { ...moved, calledAt: at, calledBy: event.by };
    case 'join':
      return { ...moved, joinedAt: at };
    case 'see':
      return { ...moved, finishedAt: at, outcome: event.outcome };
    case 'leave_issue':
      return { ...moved, finishedAt: at, followUp: true };
    case 'return': {
      // Back in the queue as if never called: the next councillor free calls them again.
      const { calledAt: _calledAt, calledBy: _calledBy, finishedAt: _finishedAt, ...back } = moved;
      return { ...back, returnedAt: at };
    }
    default:
      return { ...moved, finishedAt: at };
  }
}
