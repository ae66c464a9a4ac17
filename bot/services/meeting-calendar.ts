import type { Surgery, SurgeryMeeting } from '../domain/surgery';

/**
 * The organiser's calendar event and Teams meeting Surgery Queue made for a surgery (`surgery.teamsMeeting`),
 * kept in step when the surgery changes or is cancelled. Called once the change is saved, and only for a
 * surgery that has one. It never rejects: a change the calendar could not take is its own to retry or report,
 * since the surgery's change stands and residents have been told.
 */
export interface MeetingCalendar {
  /** The surgery's times, councillors or join details changed: `surgery` is as saved now. */
  changed(surgery: Surgery, meeting: SurgeryMeeting): Promise<void>;
  /** The surgery was cancelled: the event is to be cancelled, with `surgery.cancelled.message` to those invited. */
  cancelled(surgery: Surgery, meeting: SurgeryMeeting): Promise<void>;
}
