import { isRefusal, Refusal } from '../domain/refusal';
import type { Organiser, Surgery } from '../domain/model';
import { isOrganiser } from '../domain/surgery-access';
import type { EventChange, GraphMeetings } from './graph-meetings';
import type { CalendarOutcome, MeetingCalendar } from './meeting-calendar';

export interface GraphCalendarDeps {
  graph: GraphMeetings;
  /** The councillor making the change, as signed in to the tab. */
  caller: Organiser;
  /** Their Graph token, traded for their Teams sign-in only when a meeting is to follow a change. */
  graphToken: () => Promise<string | Refusal>;
}

type What = 'changed' | 'cancelled';

const IN_STEP: CalendarOutcome = { inStep: true };

function notInStep(what: What, reason: string): CalendarOutcome {
  const still =
    what === 'changed'
      ? 'The surgery is changed, but its Teams meeting in the organiser’s calendar still shows the old time and councillors'
      : 'The surgery is cancelled, but its Teams meeting is still in the organiser’s calendar and the invited councillors’';
  return { inStep: false, why: `${still}: ${reason}` };
}

const byHand = (what: What) => (what === 'changed' ? 'change it in Outlook or Teams' : 'cancel it in Outlook or Teams');

const missingPermission = (what: What, permission: string) =>
  `Surgery Queue may not change calendars yet. Ask the council’s IT officers to grant the Microsoft Graph permission ${permission} to the Surgery Queue app (the officer guide says how), and ${byHand(what)} meanwhile.`;

const unanswered = (what: What) => `Microsoft 365 did not answer just now. Please ${byHand(what)}.`;

function reasonOfRefusal(what: What, refusal: Refusal): string {
  if (refusal.code === 'GRAPH.CONSENT_REQUIRED') return missingPermission(what, 'Calendars.ReadWrite');
  if (refusal.code === 'AUTH.INVALID_TOKEN')
    return `your Teams sign-in could not be used for it. Close the tab and open it again, and ${byHand(what)}.`;
  return unanswered(what);
}

function outcomeOf(what: What, change: EventChange): CalendarOutcome {
  if (change === 'done') return IN_STEP;
  if (change === 'unavailable') return notInStep(what, unanswered(what));
  // Someone deleted the event in Outlook: a cancellation has nothing left to do.
  if (change === 'gone') {
    return what === 'cancelled'
      ? IN_STEP
      : notInStep(
          what,
          'it is no longer in the organiser’s calendar. If it was deleted, make a new Teams meeting and put its join link in the surgery.',
        );
  }
  return notInStep(what, missingPermission(what, change.permissionMissing));
}

/**
 * The Teams meeting of a surgery kept in step through Graph, as the councillor making the change. The event is
 * the organiser's, and Graph lets only its organiser change or cancel it (/me/events), so anyone else's change
 * waits for the organiser's sign-in, and no token is ever traded for them.
 */
export function graphCalendar(deps: GraphCalendarDeps): MeetingCalendar {
  const follow = async (what: What, surgery: Surgery, change: (token: string) => Promise<EventChange>): Promise<CalendarOutcome> => {
    if (!isOrganiser(surgery, deps.caller)) {
      return notInStep(
        what,
        `only the councillor who set the surgery up can ${what === 'changed' ? 'change' : 'cancel'} it. Ask them to ${byHand(what)}.`,
      );
    }
    const token = await deps.graphToken();
    return isRefusal(token) ? notInStep(what, reasonOfRefusal(what, token)) : outcomeOf(what, await change(token));
  };
  return {
    follows: (surgery) => (isOrganiser(surgery, deps.caller) ? 'now' : 'later'),
    changed: (surgery, meeting) => follow('changed', surgery, (token) => deps.graph.change(token, surgery, meeting)),
    cancelled: (surgery, meeting) =>
      follow('cancelled', surgery, (token) => deps.graph.cancel(token, meeting, cancellationComment(surgery))),
  };
}

/** What the invited councillors read in Outlook's cancellation: the councillors' own message to residents, when there is one. */
function cancellationComment(surgery: Surgery): string {
  const message = surgery.cancelled?.message;
  return message ? `This ward surgery is cancelled. The message to residents: ${message}` : 'This ward surgery is cancelled.';
}

/** Where Graph is not set up, a meeting made earlier cannot follow; the councillors are told so. */
export const UNREACHABLE_CALENDAR: MeetingCalendar = {
  follows: () => 'never',
  changed: async () => notInStep('changed', `Surgery Queue cannot reach Microsoft 365 calendars here. Please ${byHand('changed')}.`),
  cancelled: async () => notInStep('cancelled', `Surgery Queue cannot reach Microsoft 365 calendars here. Please ${byHand('cancelled')}.`),
};
