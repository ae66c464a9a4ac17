/**
 * The queue's model: a surgery, its visits and bookings, and the changes made to them, as types only. The
 * modules holding the rules import these; this module holds no code, so it imports none of them.
 */
import type { BookingStatus, Channel, SurgeryStatus, VisitStatus } from '../api-statuses';
import type { MeetingApi, MeetingApisRefused, MeetingChange, NotDeliveredReason } from '../api-types';
import type { CheckInDetails } from './check-in';
import type { DialIn } from './joining-advice';
import type { SurgeryMode } from './slots';
import type { WardCode } from './ward';
import type { WardCheck, WardCheckResult } from './ward-check';

export type { BookingStatus, Channel, MeetingChange, SurgeryStatus, VisitStatus };

/** What a councillor sets up. */
export interface SurgeryPlan {
  /** The ward's name, as residents read it. */
  ward: string;
  /** The ward's code on the roster; absent for a surgery set up before the roster and not matched to it yet. */
  wardCode?: WardCode;
  startsAt: string;
  endsAt: string;
  joinUrl: string;
  /** The meeting's phone line, when it has audio conferencing: residents without a smartphone or computer can call in. */
  dialIn?: DialIn;
  councillors: string[];
  /** The Teams meeting this surgery runs in (the meeting id teams-js and the bot's meeting API use). */
  meetingId?: string;
  /** Who set the surgery up; they may always run it. */
  organiser?: Organiser;
  /** Who else may run it: work email addresses (sign-in names) or Entra object ids, lower case. */
  councillorAccounts?: string[];
  /** Drop-ins only when absent (surgeries set up before bookings existed). */
  mode?: SurgeryMode;
  /** Length of a booked slot, in minutes. */
  slotMinutes?: number;
  /** In a surgery for both: how many slots are never booked, so drop-ins are seen too. */
  freeSlots?: number;
  /**
   * The calendar event and Teams meeting Surgery Queue made for it in the organiser's calendar; absent when
   * a join link was pasted. Changing or cancelling the surgery changes or cancels this event, as its organiser.
   */
  teamsMeeting?: SurgeryMeeting;
  /** Open the surgery by itself when its Teams meeting starts, rather than offer to. */
  openWhenMeetingStarts?: boolean;
}

/** The calendar event and Teams meeting made for a surgery, so a change or cancellation can find them again. */
export interface SurgeryMeeting {
  /** The event's id in the organising councillor's calendar (Graph /me/events/{id}). */
  eventId: string;
  /** The online meeting's id (Graph /me/onlineMeetings/{id}). */
  onlineMeetingId: string;
}

/** A surgery as it runs: its plan, and what has happened to it. */
export interface Surgery extends SurgeryPlan {
  id: string;
  status: SurgeryStatus;
  /** Tickets handed out so far; the next check-in gets ticketsIssued + 1. */
  ticketsIssued: number;
  createdAt: string;
  createdBy: string;
  openedAt?: string;
  endedAt?: string;
  /** What its estimates assume before its own consultations say more: the ward's recent ones, set when it opens. */
  callLengthPrior?: CallLengthFigures;
  /** The ward's next surgery as it stood when this one ended: where residents it did not reach are sent to book. */
  nextSurgery?: NextSurgery;
  /** The latest word from its Teams meeting the councillors should act on: it started, or it ended with residents waiting. */
  meetingNotice?: MeetingNotice;
  /** Each time it was ended and then reopened, residents the end did not reach went back in the queue. */
  reopenings?: Reopening[];
  /** When each councillor (by Entra object id) was last told something on the meeting stage: at most once a minute. */
  stageNoticedAt?: Record<string, string>;
  /**
   * When Teams refused a notice on the meeting stage (401/403/404: the meeting's notification permission is
   * not granted, or the app is not in the meeting); cleared once Teams shows one again.
   */
  stageNoticesRefusedAt?: string;
  /** When Teams refused (401/403) to say who is presenter, or the meeting's details; each cleared once it answers again. */
  meetingApisRefusedAt?: MeetingApisRefused;
  /** When Teams was heard on each of them, answering or refusing: an older word, from any instance, changes nothing. */
  meetingApisSeenAt?: Partial<Record<MeetingApi, string>>;
  /**
   * A change its Teams meeting does not show yet: made by a councillor other than the meeting's organiser, and
   * applied with the organiser's own sign-in the next time their tab calls the server.
   */
  meetingPending?: MeetingPending;
  /** While the councillors take a break: since when, and when they expect to be back. */
  onBreak?: { since: string; until: string };
  /** Cancelled by its councillors (it is then ended as of `at`): when, and what they said to residents. */
  cancelled?: { at: string; message?: string };
  /** The latest councillors' actions made with a key, oldest first: a repeat of one of them changes nothing. */
  tabActions?: TabAction[];
}

/** A change to the surgery its Teams meeting does not show yet, and what became of trying it. */
export interface MeetingPending {
  /** A later change replaces it under a new id, so applying an earlier one never clears a later one. */
  id: string;
  what: MeetingChange[];
  /** The councillor who made the latest change, by name. */
  by: string;
  at: string;
  /** While an instance applies it (`holder`), or after a refusal, until when nobody tries it again. */
  heldUntil?: string;
  holder?: string;
  /** Why Microsoft 365 refused it when it was last tried, in words for councillors. */
  refused?: string;
}

/** What Teams last said of one of a meeting's APIs: refused for want of the meeting's permission, or answered, and when. */
export interface MeetingApiObservation {
  refused: boolean;
  at: string;
}

export type MeetingApisObserved = Partial<Record<MeetingApi, MeetingApiObservation>>;

/** A councillor's action on a surgery, kept by its key with the resident it called or added, if any. */
export interface TabAction {
  key: string;
  called?: string;
  created?: string;
}

/** A surgery ended and then reopened: residents made not reached between the two are back in the queue. */
export interface Reopening {
  endedAt: string;
  reopenedAt: string;
}

export type MeetingNotice = { kind: 'started'; at: string } | { kind: 'ended'; at: string; waiting: number };

/** Expected minutes of a consultation (the mean) and the spread of its log-minutes. */
export interface CallLengthFigures {
  minutes: number;
  sigma: number;
}

/** Enough of a later surgery to send a resident to it. */
export interface NextSurgery {
  id: string;
  startsAt: string;
  mode?: SurgeryMode;
}

/** A signed-in person as Entra ID names them: object id within a tenant. */
export interface Organiser {
  id: string;
  tenantId: string;
}

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
export type ListenedAnswer = 'yes' | 'partly' | 'no';

/** A resident's answer after their visit. */
export interface Feedback {
  answer: ListenedAnswer;
  comment?: string;
}

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

export interface Visit extends CheckInDetails {
  id: string;
  surgeryId: string;
  ticket: number;
  lobbyTag: string;
  channel: Channel;
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
   * From "Seen": what the consultation was about (the key of a topic on the council's list, and its words
   * then, so a topic later renamed or dropped still reads as it was recorded), whether it needs following
   * up, and the case reference.
   */
  topic?: string;
  topicWords?: string;
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
  /** When the councillors were told this called resident had not joined in time: they are told once. */
  notJoinedNoticeAt?: string;
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

export type BookingReminder = 'day_before' | 'hour_before';

/** What a resident gives when booking: the check-in's details, with the first line of their address and a contact. */
export interface BookingDetails {
  name: string;
  /** First line of the address, as the resident wrote it. */
  address: string;
  postcode: string;
  issue: string;
  contact: { kind: 'mobile' | 'email'; value: string };
  accessNeeds?: string;
}

/** A booking form as sent: the details and the slot chosen. */
export interface BookingRequest extends BookingDetails {
  slot: number;
}

export interface Booking extends BookingRequest {
  id: string;
  surgeryId: string;
  /** What the resident quotes to check in or ask about it ("SQ-7KM4-Q2XD"); unique across surgeries. */
  reference: string;
  /** Secret of the booking's manage page, where it can be cancelled or moved without an account. */
  manageToken: string;
  slotStartsAt: string;
  slotEndsAt: string;
  wardCheck: WardCheck['result'];
  postcodeWard?: string;
  /** Where it was booked: a chat, or "web" for the booking pages. Where the resident booked in a chat, its key. */
  channel: Channel;
  chatKey?: string;
  status: BookingStatus;
  bookedAt: string;
  changedAt?: string;
  /**
   * How many times its time moved or it was cancelled, raised in the same save as the change: the SEQUENCE
   * of the calendar invitation each change sends (RFC 5545, section 3.8.7.4).
   */
  invitationSequence?: number;
  visitId?: string;
  /** When each reminder was sent on its way: each goes at most once. */
  reminders?: Partial<Record<BookingReminder, string>>;
  /** The "Your time is booked" card in the chat it was booked in, updated in place when its time moves. */
  chatCardActivityId?: string;
}

/** One surgery's whole queue: the unit that is loaded, changed and saved together. */
export interface QueueState {
  surgery: Surgery;
  visits: Visit[];
  /** Booked slots, in every state; absent where a surgery never took bookings. */
  bookings?: Booking[];
}

/**
 * What the councillors are told on the meeting stage, in a targeted meeting notification
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#targeted-meeting-notification-and-app-icon-badging-api):
 * a resident came to an empty queue, or called residents have not joined in the time they were promised.
 * It names residents by lobby tag only, the name they show in the lobby anyway.
 */
export type StageNotice = { kind: 'resident_waiting'; lobbyTags: string[] } | { kind: 'not_joined'; lobbyTags: string[] };

export type QueueEvent =
  | { type: 'checked_in'; visitId: string }
  | { type: 'returned'; visitId: string }
  | { type: 'called'; visitId: string }
  /** `outsideChat`: the resident left from their status page, so their chat has not heard of it. */
  | { type: 'left'; visitId: string; outsideChat?: true }
  | { type: 'not_reached'; visitId: string }
  | { type: 'finished'; visitId: string }
  | { type: 'messaged'; visitId: string; messageId: string }
  | { type: 'case_updated'; visitId: string; updateId: string }
  | { type: 'alerted'; visitId: string; alert: ResidentAlert }
  | { type: 'surgery_ended' }
  | { type: 'surgery_cancelled' }
  /** Its times, councillors, join details or way of taking residents changed. */
  | { type: 'surgery_changed' }
  /** A change to the surgery moved a waiting resident's estimate a lot: to the window shown now. */
  | { type: 'estimate_moved'; visitId: string; earliest: string; latest: string; sooner: boolean }
  | { type: 'reopened' }
  | { type: 'paused' }
  | { type: 'resumed' }
  /** A resident back as they were once a change is undone: `withdrawnCase` is the follow-up it made, now withdrawn. */
  | { type: 'reinstated'; visitId: string; why: Reinstatement; withdrawnCase?: string }
  | { type: 'booked'; bookingId: string }
  | { type: 'booking_cancelled'; bookingId: string }
  | { type: 'booking_moved'; bookingId: string }
  | { type: 'booking_no_show'; bookingId: string }
  | { type: 'booking_reminder'; bookingId: string; reminder: BookingReminder }
  /** The councillors in the surgery's meeting are told something on the meeting stage. */
  | { type: 'stage_notice'; meetingId: string; recipients: string[]; notice: StageNotice };

/** What is undone: ending the surgery, or marking a resident as not joining or not reached. */
export type Reinstatement = 'reopened' | 'no_show_undone' | 'not_reached_undone';

/** What happened to a booking: a resident hears of each by email or text. */
export type BookingEvent = Extract<QueueEvent, { bookingId: string }>;

export interface QueueChange {
  surgery: Surgery;
  /** Only the visits this change created or altered. */
  visits: Visit[];
  /** Only the bookings this change created or altered. */
  bookings?: Booking[];
  events: QueueEvent[];
}

/** A change that created something the caller goes on with, named rather than found by position. */
export type Creating<T> = QueueChange & { created: T };

/** Admit next's change, with the resident it called. */
export type Calling = QueueChange & { called: Visit };
