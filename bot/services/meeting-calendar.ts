import type { Surgery, SurgeryMeeting } from '../domain/model';
import type { MeetingFollows } from '../domain/meeting-pending';

/**
 * What became of the Teams meeting once its surgery changed: in step, or still as it was, with why and what
 * to do in words for the councillors.
 */
export type CalendarOutcome = { inStep: true } | { inStep: false; why: string };

/**
 * The organiser's calendar event and Teams meeting Surgery Queue made for a surgery (`surgery.teamsMeeting`),
 * kept in step when the surgery changes or is cancelled. Called once the change is saved, and only for a
 * surgery that has one. It never rejects: the surgery's change stands and residents have been told, so a
 * calendar that could not follow is only reported to the councillor who made the change.
 */
export interface MeetingCalendar {
  /**
   * Whether the meeting follows this councillor's change at once (they are its organiser), later with the
   * organiser's sign-in (anyone else), or never (Graph cannot be reached here).
   */
  follows(surgery: Surgery): MeetingFollows;
  /** The surgery's times or councillors changed: `surgery` is as saved now. */
  changed(surgery: Surgery, meeting: SurgeryMeeting): Promise<CalendarOutcome>;
  /** The surgery was cancelled: the event is to be cancelled, with `surgery.cancelled.message` to those invited. */
  cancelled(surgery: Surgery, meeting: SurgeryMeeting): Promise<CalendarOutcome>;
}
