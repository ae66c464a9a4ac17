import type { SurgerySummary } from '../api-types';
import type { DialIn } from './joining-advice';
import type { MessageKind, Reinstatement, StageNotice } from './model';
import type { PrivacyNotice } from './privacy-notice';
import type { PlaceView } from './queue-view';
import type { FieldProblem } from './refusal';

/*
 * What the app says to residents and councillors, by where it goes: a resident's chat, the councillors'
 * meeting stage, or a resident's email or phone. Types only: an outbox entry carries one of them, and the
 * services that write them and the senders that deliver them read the same words.
 */

/**
 * Everything the bot says to a resident, as view models. bot/teams/ turns each into an activity
 * (text or Adaptive Card); nothing outside it knows what a card looks like.
 */
export type ResidentMessage =
  | ({
      kind: 'check_in_form';
      privacy: PrivacyNotice;
      values?: Record<string, string>;
      problems?: FieldProblem[];
      /** Name and postcode were filled in from last time. */ remembered?: boolean;
      /** The version of the resident's chat, as stored when the form was offered, carried back by its button. */
      chatVersion?: string;
      /** Wards whose open surgeries see residents by appointment only, to check in with a booking reference instead. */
      byAppointment?: string[];
    } & (
      | { surgery: SurgerySummary; choices?: never }
      /** Several open surgeries take drop-ins: the form asks which, so that one turn brings the resident to it. */
      | { surgery?: never; choices: SurgerySummary[] }
    ))
  | { kind: 'choose_surgery'; surgeries: SurgerySummary[]; /** Choosing where to book rather than where to check in. */ purpose?: 'book' }
  | { kind: 'no_surgery_open'; next?: SurgerySummary; /** Some surgery takes bookings now. */ canBook?: boolean; datesUrl: string }
  /** An open surgery that sees booked residents only. */
  | { kind: 'bookings_only'; surgery: SurgerySummary; canBook: boolean }
  | {
      kind: 'booking_form';
      surgery: SurgerySummary;
      slots: BookableSlot[];
      privacy: PrivacyNotice;
      values?: Record<string, string>;
      problems?: FieldProblem[];
      /** Said above the form. */ note?: string;
      remembered?: boolean;
    }
  /** After "Forget my details". */
  | { kind: 'forgotten' }
  /** To a resident who booked in this chat: "today at 6:30pm", "tomorrow at 6:30pm". */
  | { kind: 'booking_reminder'; ward: string; reference: string; when: string }
  | { kind: 'booking_moved'; ward: string; reference: string; when: string }
  /** Its booking was cancelled other than with the whole surgery: by a change that left it no slot, or on its manage page. */
  | { kind: 'booking_cancelled'; ward: string; reference: string; when: string; bookUrl: string }
  | {
      kind: 'booking_confirmed';
      surgeryId: string;
      bookingId: string;
      ward: string;
      reference: string;
      slotStartsAt: string;
      joinUrl: string;
      manageUrl: string;
      calendarUrl: string;
      sentTo: 'email' | 'mobile';
      outsideWard?: string;
    }
  | { kind: 'no_bookings'; ward?: string; next?: SurgerySummary; datesUrl: string }
  | { kind: 'booked_checked_in'; name: string; slotStartsAt: string }
  /** A reference quoted outside the chat it was booked in needs its postcode; `unreadable` when what followed was not one. */
  | { kind: 'booking_postcode_needed'; reference: string; unreadable?: boolean }
  /** Said alike whether or not the reference exists, so a reply never tells a stranger that it does. */
  | { kind: 'booking_not_matched'; triesLeft: number }
  | { kind: 'booking_locked'; reference: string; minutes: number }
  | {
      kind: 'place';
      place: PlaceView;
      /** Whose queue the place is in: the card is kept with it, so updates find it. */
      surgeryId: string;
      /** The visit's status page, for residents who close the chat. */
      statusUrl?: string;
      /** The message this one replaces in the chat (the check-in form it answers), rather than coming after it. */
      replacing?: string;
      /** Kept as shown with the change that made it (a check-in): once sent, there is nothing more to keep. */
      kept?: true;
    }
  /** The place card once the resident is no longer waiting, so an old card never misleads. */
  | { kind: 'place_closed'; lobbyTag: string; reason: 'called' | 'left' | 'not_reached' | 'cancelled' | 'finished' }
  | { kind: 'called'; lobbyTag: string; joinUrl: string; dialIn?: DialIn; ward: string; admitWithinMinutes: number; statusUrl?: string }
  /** To a resident marked as not joining: kindly, with "I'm here" (back next, for a while) and where to book. */
  | {
      kind: 'no_show';
      ward: string;
      lobbyTag: string;
      surgeryId: string;
      visitId: string;
      backWithinMinutes: number;
      nextUrl: string;
    }
  /**
   * A change is undone (the surgery reopened, a no-show or not reached taken back): the resident is back in the
   * queue as they were, called or waiting; a follow-up the change made is withdrawn.
   */
  | {
      kind: 'reinstated';
      ward: string;
      lobbyTag: string;
      why: Reinstatement;
      withdrawnCase?: string;
      called?: { joinUrl: string; admitWithinMinutes: number };
      statusUrl?: string;
    }
  /** The councillors take a break (`until` when they expect to be back), or are back (`until` absent). */
  | { kind: 'surgery_break'; ward: string; lobbyTag: string; until?: string; statusUrl?: string }
  /** The reply to "I'm here" in time. */
  | { kind: 'back_in_queue'; lobbyTag: string }
  | {
      kind: 'not_reached';
      ward: string;
      lobbyTag: string;
      /** The follow-up the councillors keep with the resident's issue. */
      caseReference?: string;
      /** The ward's next surgery (to book at, when it takes bookings), or the ward's page when none is planned. */
      nextUrl: string;
      next?: { startsAt: string; bookable: boolean };
    }
  /**
   * The surgery was cancelled: to a resident waiting or called (with their lobby tag, and the case their issue
   * is kept as), or to one who booked in a chat (with their booking's reference).
   */
  | {
      kind: 'surgery_cancelled';
      ward: string;
      startsAt: string;
      /** What the councillors said to residents, as they wrote it. */
      message?: string;
      lobbyTag?: string;
      caseReference?: string;
      bookingReference?: string;
      /** The ward's next surgery (to book at, when it takes bookings), or the ward's page when none is planned. */
      nextUrl: string;
      next?: { startsAt: string; bookable: boolean };
    }
  | { kind: 'left'; lobbyTag: string }
  | { kind: 'with_councillor' }
  | { kind: 'not_in_queue' }
  | { kind: 'ask_privately' }
  | { kind: 'help' }
  | { kind: 'refused'; message: string }
  /** After "Seen": the case reference and what happens next. */
  | {
      kind: 'visit_summary';
      ward: string;
      lobbyTag: string;
      caseReference: string;
      topic?: string;
      outcome: string;
      followUp: boolean;
      surgeryId: string;
      visitId: string;
      /** The resident has answered its question, so the card no longer asks it. */
      answered?: true;
    }
  /** After the resident answered the summary's question; `answered` is the summary card to put in place of the one they pressed. */
  | { kind: 'feedback_thanks'; answered?: VisitSummaryMessage }
  /** A councillor's progress update on the resident's open case. */
  | { kind: 'case_update'; ward: string; caseReference: string; text: string; closesCase: boolean }
  /** A councillor's words (a quick reply or their own) to a waiting resident. */
  | { kind: 'councillor_message'; ward: string; text: string }
  /** Sent as a new message about five minutes before the estimated call, so the resident's device alerts them. */
  | { kind: 'getting_close'; lobbyTag: string; joinUrl: string; dialIn?: DialIn; ward: string; withinMinutes: number; statusUrl?: string }
  /** Sent as soon as the estimate says the surgery will probably end first, with what the resident can do. */
  | {
      kind: 'may_not_be_reached';
      visitId: string;
      ward: string;
      lobbyTag: string;
      surgeryEndsAt: string;
      estimate: { earliest: string; latest: string };
      /** Where to book or come next, for the email or text: the chat's card offers it as a choice. */
      nextUrl: string;
    }
  /** Replies to the choices in "may not be reached". */
  | { kind: 'still_waiting'; lobbyTag: string }
  | { kind: 'next_surgery'; ward: string; lobbyTag: string; next?: SurgerySummary; datesUrl: string }
  | { kind: 'issue_left'; ward: string; caseReference: string };

/** A targeted notification on the meeting stage, to the councillors named (Entra object ids). */
export interface StageNoticeMessage {
  kind: 'stage_notice';
  meetingId: string;
  recipients: string[];
  notice: StageNotice;
}

/** A time a resident may book, as the booking form lists it. */
export interface BookableSlot {
  index: number;
  startsAt: string;
}

export type ResidentMessageKind = ResidentMessage['kind'];

export type VisitSummaryMessage = Extract<ResidentMessage, { kind: 'visit_summary' }>;

/** A resident's email address or UK mobile number (stored as +447…), as check-in and booking record it. */
export interface ContactAddress {
  kind: 'email' | 'mobile';
  value: string;
}

/**
 * An email or text message to a resident, for those who gave a contact instead of (or as well as) a chat.
 * Producers write plain words; the delivery route (GOV.UK Notify, or a local folder in local mode) decides
 * how they travel.
 */
export interface ContactMessage {
  /** Idempotency key: posting the same id again never sends a second message. */
  id: string;
  to: ContactAddress;
  /** The resident's name, for an email's To line where the route writes one. */
  toName?: string;
  surgeryId: string;
  /** When set with `record`, the visit records whether this message reached the resident. */
  visitId?: string;
  record?: MessageKind;
  /** The email's subject; texts leave it out. */
  subject: string;
  /** Plain text; paragraphs separated by blank lines, links written out in full. Keep texts short. */
  body: string;
  /** An iCalendar file to go with an email: attached where the route can, otherwise the body links to it. */
  calendar?: { filename: string; content: string };
}
