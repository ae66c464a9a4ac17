/**
 * The shapes the server sends to the councillors' tab. The tab imports only this file from bot/.
 * Times are ISO 8601 strings in UTC.
 */

import type { Channel, SurgeryStatus, VisitStatus } from './api-statuses';

export type { Channel, SurgeryStatus, VisitStatus };

export type SurgeryMode = 'drop_in' | 'bookings' | 'both';

/*
 * The words the server and the tab must agree on: the server refuses what is not listed here, and the tab
 * offers exactly these.
 */

/**
 * One topic a consultation can be about, from the council's list (TOPICS_FILE, or DEFAULT_TOPICS), so
 * statistics count like with like. The tab offers them as the server sends them in ServerInfo; the server
 * refuses a key not on its list.
 */
export interface TopicChoice {
  key: string;
  words: string;
}

/** The list without TOPICS_FILE. Keys kept from the first list, so visits recorded then read the same. */
export const DEFAULT_TOPICS: readonly TopicChoice[] = [
  { key: 'roads_and_pavements', words: 'Roads and pavements' },
  { key: 'street_lighting', words: 'Street lighting' },
  { key: 'parking', words: 'Parking' },
  { key: 'waste', words: 'Rubbish and recycling' },
  { key: 'housing', words: 'Housing repairs' },
  { key: 'planning', words: 'Planning' },
  { key: 'anti_social_behaviour', words: 'Antisocial behaviour' },
  { key: 'council_tax', words: 'Council tax and benefits' },
  { key: 'schools', words: 'Schools' },
  { key: 'other', words: 'Something else' },
];

/** The quick replies the tab offers, so a busy councillor can send one with a single press. */
export const QUICK_REPLIES = {
  still_with_someone: 'Still with someone — I won’t be long.',
  join_lobby_now: 'Please join the lobby now.',
  running_late: 'I’m running about 10 minutes late.',
} as const;
export type QuickReply = keyof typeof QUICK_REPLIES;

/** The longest texts a councillor may write, in characters: a message to a resident, a case update, an outcome note. */
/**
 * Whether a waiting resident will be seen before the surgery ends: promised (`in_time`), warned (`probably_not`),
 * or, where the estimate is unsure, neither (`close_to_end`). The words are what councillors and residents read.
 */
export type Reach = 'in_time' | 'close_to_end' | 'probably_not';
export const REACH_WORDS: Record<Reach, string> = {
  in_time: 'expected before the end',
  close_to_end: 'it may be close to the end',
  probably_not: 'probably not reached before the end',
};

/** What councillors and the figures call each channel: a channel added without a name here does not compile. */
export const CHANNEL_NAMES: Record<Channel, string> = {
  msteams: 'Teams',
  webchat: 'Web chat',
  directline: 'Web chat',
  emulator: 'Test chat',
  other: 'Other chat',
  web: 'Booking page',
  phone: 'Phone',
};

export const MESSAGE_LIMIT = 500;
/** The councillors' words when they cancel: long enough to say why and what next, short enough for a text message. */
export const CANCEL_MESSAGE_LIMIT = 300;
export const CASE_UPDATE_LIMIT = 1000;
export const OUTCOME_LIMIT = 1000;

export interface SurgerySummary {
  id: string;
  /** The ward's name, as residents read it. */
  ward: string;
  /** The ward's code on the council's roster; absent when it keeps none, or the surgery is not matched to it. */
  wardCode?: string;
  startsAt: string;
  endsAt: string;
  joinUrl: string;
  /** The meeting's phone line, when it has one. */
  dialIn?: { number: string; conferenceId: string };
  councillors: string[];
  status: SurgeryStatus;
  endedAt?: string;
  /** When its councillors cancelled it (it is then ended): it cannot be reopened. */
  cancelledAt?: string;
  /** An ended surgery can be reopened ("Undo") until then, when residents it did not reach are back in the queue. */
  reopenableUntil?: string;
  /** While the councillors take a break: since when, and when they expect to be back. */
  onBreak?: { since: string; until: string };
  /** Drop-in only when absent. */
  mode?: SurgeryMode;
  slotMinutes?: number;
  freeSlots?: number;
}

/**
 * One slot on the surgery's timeline. kept_for_drop_ins: never booked. free: bookable. booked: expected,
 * not checked in yet. late: booked, not checked in 10 minutes after the slot started. waiting: checked in.
 * in_progress: called or with a councillor. done: seen or otherwise finished. no_show: missed. past: a free
 * slot whose time has gone.
 */
export type SlotState = 'kept_for_drop_ins' | 'free' | 'booked' | 'late' | 'waiting' | 'in_progress' | 'done' | 'no_show' | 'past';

export interface SlotRow {
  index: number;
  startsAt: string;
  endsAt: string;
  state: SlotState;
  /** Who booked it, for councillors: absent for free and kept slots. */
  booking?: {
    bookingId: string;
    reference: string;
    name: string;
    postcode: string;
    issue: string;
    wardCheck: 'in_ward' | 'outside' | 'unknown';
    postcodeWard?: string;
    /** Set once they checked in: their row in the queue. */
    visitId?: string;
    lobbyTag?: string;
  };
}

export interface ResidentRow {
  visitId: string;
  lobbyTag: string;
  name: string;
  postcode: string;
  /** Whether the postcode is in the surgery's ward by the council's postcode lists; absent when it keeps none. */
  wardCheck?: 'in_ward' | 'outside' | 'unknown';
  /** The ward the lists put the postcode in. */
  postcodeWard?: string;
  issue: string;
  accessNeeds?: string;
  hasContact: boolean;
  /** Where they reached us; CHANNEL_NAMES says it in words a councillor understands. */
  channel: Channel;
  status: VisitStatus;
  checkedInAt: string;
  calledAt?: string;
  calledBy?: string;
  /** A called resident was told a councillor would let them in by then (CALLED_ADMIT_MINUTES after the call). */
  admitPromisedBy?: string;
  joinedAt?: string;
  /** Teams said the resident left the meeting during their consultation. */
  leftMeetingAt?: string;
  finishedAt?: string;
  outcome?: string;
  /** A no-show, or a not reached marked by hand, can be undone ("Undo") until then. */
  undoableUntil?: string;
  /** 1 for the next resident to be called; only for waiting residents. */
  position?: number;
  /** When the resident will probably be called (as likely earlier as later). */
  estimatedAdmitAt?: string;
  /** The window the resident is shown, and the same window in the words they read ("about 2:40pm to 2:55pm"). */
  estimatedWindow?: { earliest: string; latest: string; words: string };
  /** Whether the resident will be reached before the surgery ends. */
  reach?: Reach;
  lastMessage?: { kind: string; delivered: boolean; at: string; reason?: NotDeliveredReason };
  /** Only while the last message did not reach the resident: the number or email they gave, to reach them instead. */
  reachInstead?: { kind: 'phone'; phone: PhoneNumberRow } | { kind: 'email'; email: string };
  /** From "Seen": what the consultation was about, in words. */
  topic?: string;
  followUp?: boolean;
  caseReference?: string;
  /** The case can take progress updates: follow-up is needed and no update has closed it. */
  caseOpen?: boolean;
  /** Councillors' messages to this resident; `delivered` is absent while sending. */
  messages?: CouncillorMessageRow[];
  /** Progress updates on the resident's case while it is open (followUp). */
  caseUpdates?: (CouncillorMessageRow & { closesCase: boolean })[];
  /** The number to ring, for a resident added by phone who gave one; `mobile` ones also get text alerts. */
  phone?: PhoneNumberRow;
  /**
   * When the meeting has a phone line and the resident gave a number: its last three digits, which is how
   * Teams shows them in the lobby (a masked number) should they call in rather than join by link.
   */
  dialInEnding?: string;
  /** True for a resident who booked a slot, false for a drop-in; absent on visits from before bookings. */
  booked?: boolean;
  /** When a booked resident's slot starts. */
  slotStartsAt?: string;
}

/**
 * Why a message did not reach a resident, so the tab can say what to do instead: their chat is closed
 * (the bot was blocked or removed, or the conversation is gone), nothing took it however long it was
 * tried, or it was refused (say, a mobile number Notify will not send to).
 */
export type NotDeliveredReason = 'chat_closed' | 'no_answer' | 'refused';

export interface PhoneNumberRow {
  /** +44…, for a tel: link. */
  tel: string;
  /** As people write it: 01632 960123. */
  words: string;
  mobile: boolean;
}

/** A resident a councillor adds from the tab (POST /api/surgeries/:id/visits), say one who rang the council. */
export interface PhoneResidentRequest {
  name: string;
  postcode: string;
  issue: string;
  /** A UK landline or mobile; empty when `noPhone`. */
  phone: string;
  noPhone: boolean;
  accessNeeds?: string;
}

/** The answer to adding a resident: the queue with them in it, and their row. */
export interface AddedResident {
  view: QueueView;
  added: ResidentRow;
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
  /** The surgery's slots in time order, when it takes bookings. */
  slots?: SlotRow[];
  /** Word from the surgery's Teams meeting to act on: it started before the surgery opened, or ended with residents waiting. */
  meetingNotice?: { kind: 'started'; at: string } | { kind: 'ended'; at: string; waiting: number };
  /**
   * When Teams refused to show Surgery Queue's notices on the meeting stage, for want of the meeting's
   * permission (OnlineMeetingNotification.Send.Chat); absent once Teams shows one again.
   */
  stageNoticesRefusedAt?: string;
  /**
   * When Teams refused (401 or 403) to answer Surgery Queue's questions about the meeting, for want of the
   * meeting's permission: who is presenter (`participants`, OnlineMeetingParticipant.Read.Chat) or the
   * meeting's details (`details`, OnlineMeeting.ReadBasic.Chat); each absent once Teams answers it again.
   */
  meetingApisRefusedAt?: MeetingApisRefused;
  /**
   * A change to the surgery its Teams meeting does not show yet: only the meeting's organiser can change it, so
   * it is made with their sign-in the next time their tab calls the server; absent once the meeting shows it.
   */
  meetingPending?: MeetingPendingView;
  /** The surgery's public page, for councillors to share: residents check in or book there. */
  publicPageUrl?: string;
  generatedAt: string;
}

/**
 * What changing or cancelling a surgery answers (PATCH /api/surgeries/:id, POST /api/surgeries/:id/cancel): the
 * queue as it is now and, when the Teams meeting Surgery Queue made for the surgery could not follow, why and
 * what to do, for the councillors. The surgery's change holds either way.
 */
export interface SurgeryChanged extends QueueView {
  meetingNotUpdated?: string;
}

/**
 * A resident the surgery did not reach, or who left their issue for the councillors: their issue, how to
 * reach them and the case the councillors follow up (GET /api/surgeries/:id/follow-ups).
 */
export interface FollowUpRow extends ResidentRow {
  why: 'not_reached' | 'left_issue';
  /** The mobile or email the resident gave for updates. */
  contact?: { kind: 'email' | 'mobile'; value: string };
  /** Still to be dealt with: neither closed by an update nor marked done. */
  open: boolean;
}

export interface FollowUpList {
  surgeryId: string;
  followUps: FollowUpRow[];
}

/** What the tab sends to set up a surgery (POST /api/surgeries). */
export interface SurgeryPlanRequest {
  ward: string;
  startsAt: string;
  endsAt: string;
  joinUrl: string;
  /** The meeting's phone number and conference ID, from its invitation's audio conferencing; both or neither. */
  dialInNumber?: string;
  dialInConferenceId?: string;
  councillors: string[];
  /** Work email addresses of the other councillors who may run it. */
  councillorAccounts: string[];
  /** The Teams meeting it runs in. */
  meetingId?: string;
  /** Make its Teams meeting in the signed-in councillor's calendar, instead of the joinUrl given. */
  createMeeting?: boolean;
  /** Open it by itself when its Teams meeting starts, rather than offer to. */
  openWhenMeetingStarts?: boolean;
  /** Drop-in only when absent; slotMinutes (5–60, default 10) and freeSlots only count with bookings. */
  mode?: SurgeryMode;
  slotMinutes?: number;
  freeSlots?: number;
}

/**
 * What the tab sends to change a surgery (PATCH /api/surgeries/:id); fields left out stay as they are. Refused
 * with SURGERY.DROPS_BOOKINGS, each booking named in `problems` (field `bookings`), unless `confirmDrops`.
 */
export type SurgeryChangeRequest = Partial<
  Pick<
    SurgeryPlanRequest,
    'startsAt' | 'endsAt' | 'joinUrl' | 'dialInNumber' | 'dialInConferenceId' | 'councillors' | 'mode' | 'slotMinutes' | 'freeSlots'
  >
> & { confirmDrops?: boolean };

export interface SurgeryList {
  surgeries: SurgerySummary[];
}

/** The wards the signed-in person may set up surgeries in, from the council's roster. */
export interface WardChoices {
  /** False when the council keeps no roster: the ward is then typed in. */
  roster: boolean;
  wards: { code: string; name: string }[];
}

export interface ServerInfo {
  localMode: boolean;
  defaultLengthMinutes: number;
  /** Whether the set-up form may offer "Create the Teams meeting for me" (Graph is set up for this server). */
  makesMeetings: boolean;
  /** The topics "Seen" offers, in the council's order. */
  topics: readonly TopicChoice[];
}

/**
 * The header a tab action carries its key in: the tab sends the same key again while it does not know
 * whether the action was done (no answer, or a 5xx), and the server then answers as it did the first time.
 */
export const ACTION_KEY_HEADER = 'Idempotency-Key';
/** What a key may be: 16 to 64 letters, digits, '-' or '_'. */
export const ACTION_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** The code of a 503 when storage did not answer in time: the councillor is asked to try again in a moment. */
export const STORAGE_UNAVAILABLE = 'STORAGE.UNAVAILABLE';

/** Stable codes for every way a request can be turned down; mapped to HTTP statuses in one place (server/http-errors.ts). */
export type RefusalCode =
  | 'SURGERY.NOT_FOUND'
  | 'SURGERY.NOT_OPEN'
  | 'SURGERY.ALREADY_OPEN'
  | 'SURGERY.ENDED'
  | 'SURGERY.CANCELLED'
  | 'SURGERY.DROPS_BOOKINGS'
  | 'SURGERY.NOT_ENDED'
  | 'SURGERY.TOO_EARLY'
  | 'SURGERY.ON_BREAK'
  | 'SURGERY.NOT_ON_BREAK'
  | 'UNDO.TOO_LATE'
  | 'QUEUE.EMPTY'
  | 'QUEUE.ALREADY_JOINED'
  | 'QUEUE.FULL'
  | 'QUEUE.BUSY'
  | 'VISIT.NOT_FOUND'
  | 'VISIT.WRONG_STATE'
  | 'INPUT.INVALID'
  | 'AUTH.REQUIRED'
  | 'AUTH.UNAVAILABLE'
  | 'AUTH.INVALID_TOKEN'
  | 'AUTH.TENANT_NOT_ALLOWED'
  | 'AUTH.INVALID_TICKET'
  | 'AUTH.OFFICERS_ONLY'
  | 'SURGERY.COUNCILLORS_ONLY'
  | 'MEETING.NO_SURGERY'
  | 'MEETING.DETAILS_UNAVAILABLE'
  | 'MEETING.ROLE_REQUIRED'
  | 'MEETING.CREATION_OFF'
  | 'GRAPH.CONSENT_REQUIRED'
  | 'GRAPH.PERMISSION_MISSING'
  | 'GRAPH.UNAVAILABLE'
  | 'WARD.NOT_FOUND'
  | 'BOOKING.NOT_FOUND'
  | 'BOOKING.NOT_TAKEN'
  | 'BOOKING.SLOT_TAKEN'
  | 'BOOKING.ALREADY_BOOKED'
  | 'BOOKING.OUTSIDE_WARD'
  | 'BOOKING.CANCELLED'
  | 'BOOKING.ALREADY_CHECKED_IN'
  | 'BOOKING.WRONG_STATE';

/** Every code an API error can carry: a refusal's, or the server's own about the request itself. */
export type ApiErrorCode =
  | RefusalCode
  | typeof STORAGE_UNAVAILABLE
  | 'INPUT.UNSUPPORTED_ENCODING'
  | 'INPUT.UNSUPPORTED_TYPE'
  | 'INPUT.TOO_LARGE'
  | 'INPUT.TOO_SLOW'
  | 'ROUTE.NOT_FOUND'
  | 'ROUTE.METHOD_NOT_ALLOWED'
  | 'RATE.LIMITED'
  | 'SERVER.ERROR'
  | 'DIRECTLINE.NOT_SET_UP'
  | 'DIRECTLINE.UNAVAILABLE'
  | 'ACTIVITY.INVALID'
  | 'ACTIVITY.UNSUPPORTED';

export interface ApiError {
  code: ApiErrorCode;
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
export type * from './api-officer-types';

/** Teams' meeting APIs Surgery Queue asks besides stage notices, each allowed by a permission of its own. */
export type MeetingApi = 'participants' | 'details';

/** What a surgery's Teams meeting is still to show: the surgery's new time, its councillors, or that it is cancelled. */
export type MeetingChange = 'time' | 'councillors' | 'cancelled';

export interface MeetingPendingView {
  /** Changes each time another change is kept, so a tab asks the server once for each. */
  id: string;
  what: MeetingChange[];
  /** The councillor who made the latest change, and when. */
  by: string;
  at: string;
  /** The meeting's organiser, who set the surgery up, by name. */
  organiser: string;
  /** Why Microsoft 365 refused it when it was last tried. */
  refused?: string;
}

/** When Teams last refused each of them, for want of its permission. */
export type MeetingApisRefused = Partial<Record<MeetingApi, string>>;
