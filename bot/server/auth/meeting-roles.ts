import type { MeetingDetails } from '../../api-types';
import type { MeetingRole } from '../../domain/surgery-access';

/** Someone in a meeting, as Teams' meeting API names them: Entra object id and tenant. */
export interface Participant {
  id: string;
  tenantId: string;
}

/**
 * What Teams says about a meeting, through the bot. Both answer undefined when the bot is not in that
 * meeting's chat or Teams would not say: callers then fall back to the surgery's own list.
 */
export interface MeetingRoles {
  roleOf(meetingId: string, participant: Participant): Promise<MeetingRole | undefined>;
}

export interface MeetingInfo {
  detailsOf(meetingId: string): Promise<MeetingDetails | undefined>;
}

export type TeamsMeetings = MeetingRoles & MeetingInfo;

/** Used when the bot cannot be trusted to ask Teams (see index.ts): nobody gets a role from a meeting. */
export const noTeamsMeetings: TeamsMeetings = {
  roleOf: async () => undefined,
  detailsOf: async () => undefined,
};

const REMEMBER_MS = 60_000;

/**
 * Remembers roles for a minute, so a presenter's every click does not ask Teams again. Someone made an
 * attendee keeps their access for at most that minute.
 */
export function rememberingRoles(roles: MeetingRoles, clock: () => Date): MeetingRoles {
  const remembered = new Map<string, { role: MeetingRole | undefined; until: number }>();
  return {
    async roleOf(meetingId, participant) {
      const key = `${meetingId}\n${participant.tenantId}\n${participant.id}`;
      const now = clock().getTime();
      const known = remembered.get(key);
      if (known && known.until > now) return known.role;
      const role = await roles.roleOf(meetingId, participant);
      if (remembered.size > 10_000) remembered.clear();
      remembered.set(key, { role, until: now + REMEMBER_MS });
      return role;
    },
  };
}
