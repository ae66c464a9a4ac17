import type { MeetingChange, SurgeryPlan } from './model';

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

/** The other councillors a meeting can invite: those named by work email (an object id is no address). */
function invitedCouncillors(plan: Pick<SurgeryPlan, 'councillorAccounts'>): string[] {
  return (plan.councillorAccounts ?? []).filter((account) => EMAIL.test(account));
}

type MeetingFields = Pick<SurgeryPlan, 'startsAt' | 'endsAt' | 'councillorAccounts'>;

/** What a change to a surgery changes in its Teams meeting: its time, the councillors it invites, both or neither. */
export function meetingChangesOf(before: MeetingFields, after: MeetingFields): MeetingChange[] {
  const time = before.startsAt !== after.startsAt || before.endsAt !== after.endsAt;
  const councillors = invitedCouncillors(before).join('\n') !== invitedCouncillors(after).join('\n');
  return [...(time ? ['time' as const] : []), ...(councillors ? ['councillors' as const] : [])];
}

// Graph's dateTimeTimeZone: a local time without offset, and the zone it is in.
const utc = (iso: string) => ({ dateTime: iso.slice(0, 19), timeZone: 'UTC' });

/**
 * The event for POST /me/events, in the organiser's calendar, with a Teams meeting:
 * https://learn.microsoft.com/en-us/graph/api/user-post-events#example-2-create-and-enable-an-event-as-an-online-meeting
 * The other councillors are invited (https://learn.microsoft.com/en-us/graph/api/resources/attendee);
 * residents never are: they get the link from the bot, one at a time.
 */
export function surgeryEvent(plan: Pick<SurgeryPlan, 'ward' | 'startsAt' | 'endsAt' | 'councillorAccounts'>): Record<string, unknown> {
  return {
    subject: `${plan.ward} ward surgery`,
    body: {
      contentType: 'text',
      content:
        'Online ward surgery run with Surgery Queue. Residents wait in the lobby: admit the one the Surgery Queue panel calls, by their lobby tag.',
    },
    ...surgeryEventChange(plan),
    allowNewTimeProposals: false,
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
  };
}

/**
 * What a change to the surgery changes in its event (PATCH /me/events/{id},
 * https://learn.microsoft.com/en-us/graph/api/event-update): its start and end
 * (https://learn.microsoft.com/en-us/graph/api/resources/datetimetimezone) and the councillors invited
 * (https://learn.microsoft.com/en-us/graph/api/resources/attendee; the list sent replaces the event's, and
 * Outlook sends an update to those added or removed). Subject and body stay, so the meeting's join details
 * in the body are never touched.
 */
export function surgeryEventChange(surgery: Pick<SurgeryPlan, 'startsAt' | 'endsAt' | 'councillorAccounts'>): Record<string, unknown> {
  return {
    start: utc(surgery.startsAt),
    end: utc(surgery.endsAt),
    attendees: invitedCouncillors(surgery).map((address) => ({ emailAddress: { address }, type: 'required' })),
  };
}

/**
 * The settings for PATCH /me/onlineMeetings/{id} (https://learn.microsoft.com/en-us/graph/api/onlinemeeting-update),
 * values from https://learn.microsoft.com/en-us/graph/api/resources/onlinemeeting and
 * https://learn.microsoft.com/en-us/graph/api/resources/lobbybypasssettings:
 * - the invited councillors are presenters (allowedPresenters roleIsPresenter needs the full attendee list,
 *   each with role presenter); with nobody invited only the organiser presents;
 * - only the invited (the councillors) skip the lobby, dial-in callers included, so every resident waits
 *   there until a councillor admits them, and only the organiser and presenters may admit;
 * - joining and leaving are not announced, so residents do not hear each other's names;
 * - meeting chat is off (meetingChatMode has no "off for attendees only"): it stays readable to everyone
 *   who joins later, and residents seen one after another must never read each other's messages.
 */
export function surgeryMeetingSettings(plan: Pick<SurgeryPlan, 'councillorAccounts'>): Record<string, unknown> {
  const presenters = invitedCouncillors(plan);
  return {
    ...(presenters.length > 0
      ? { allowedPresenters: 'roleIsPresenter', participants: { attendees: presenters.map((upn) => ({ upn, role: 'presenter' })) } }
      : { allowedPresenters: 'organizer' }),
    lobbyBypassSettings: { scope: 'invited', isDialInBypassEnabled: false },
    allowedLobbyAdmitters: 'organizerAndCoOrganizersAndPresenters',
    isEntryExitAnnounced: false,
    allowMeetingChat: 'disabled',
  };
}
