import type { Activity } from 'botbuilder';
import type { MeetingEvent } from '../domain/meeting-events';
import { parseMeetingId } from '../domain/surgery';

/*
 * Teams' meeting events, as documented at
 * https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#receive-real-time-teams-meeting-events:
 * an activity of type "event" from channel "msteams" named
 * - application/vnd.microsoft.meetingStart, value { MeetingType, Title, Id, JoinUrl, StartTime }, and
 * - application/vnd.microsoft.meetingEnd, value { MeetingType, Title, Id, JoinUrl, EndTime }
 *   (RSC OnlineMeeting.ReadBasic.Chat);
 * - application/vnd.microsoft.meetingParticipantJoin and ...meetingParticipantLeave, value
 *   { members: [{ user: { id, name, aadObjectId, tenantId, ... }, meeting: { inMeeting, role } }] }
 *   (RSC OnlineMeetingParticipant.Read.Chat, and meeting event subscriptions in the Developer Portal).
 * The meeting is named in channelData.meeting.id; start and end also carry it as value.Id.
 */
const NAMES = {
  'application/vnd.microsoft.meetingStart': 'meeting_started',
  'application/vnd.microsoft.meetingEnd': 'meeting_ended',
  'application/vnd.microsoft.meetingParticipantJoin': 'participants_joined',
  'application/vnd.microsoft.meetingParticipantLeave': 'participants_left',
} as const;

// Teams sends a handful of members at once; a flood is not Teams.
const MAX_MEMBERS = 50;

const isName = (name: unknown): name is keyof typeof NAMES => typeof name === 'string' && Object.hasOwn(NAMES, name);

function textOf(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= max ? value : undefined;
}

/** The meeting event an activity is, or undefined for any other activity (or one not shaped as documented). */
export function meetingEventOf(activity: Partial<Activity>): MeetingEvent | 'not documented' | undefined {
  if (activity.type !== 'event' || activity.channelId !== 'msteams' || !isName(activity.name)) return undefined;
  const value = (typeof activity.value === 'object' && activity.value !== null ? activity.value : {}) as Record<string, unknown>;
  const channelMeeting: unknown = (activity.channelData as { meeting?: { id?: unknown } } | undefined)?.meeting?.id;
  const meetingId = parseMeetingId(channelMeeting) ?? parseMeetingId(value.Id);
  if (!meetingId) return 'not documented';
  const kind = NAMES[activity.name];
  if (kind === 'meeting_started' || kind === 'meeting_ended') {
    const joinUrl = textOf(value.JoinUrl, 2000);
    return { kind, meetingId, ...(joinUrl ? { joinUrl } : {}) };
  }
  if (!Array.isArray(value.members) || value.members.length > MAX_MEMBERS) return 'not documented';
  const names = value.members
    .map((member: unknown) => textOf((member as { user?: { name?: unknown } } | null)?.user?.name, 200))
    .filter((name): name is string => name !== undefined);
  return { kind, meetingId, names };
}
