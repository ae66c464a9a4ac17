import type { AgentOptions } from 'node:https';
import type { Config } from '../config';
import type { Person } from '../domain/surgery-access';
import type { Logger } from '../logger';
import { entraTokenVerifier } from '../server/auth/entra-tokens';
import { TeamsMeetings, noTeamsMeetings, rememberingRoles } from '../server/auth/meeting-roles';
import { graphTokensOnBehalfOf } from '../server/auth/on-behalf-of';
import { StreamTickets } from '../server/auth/stream-tickets';
import { SurgeryAccess } from '../server/auth/surgery-access';
import { localCouncillor, teamsSignIn } from '../server/councillor-identity';
import { graphCalendar } from '../services/graph-calendar';
import { GraphMeetings, MakeMeeting } from '../services/graph-meetings';
import type { MeetingCalendar } from '../services/meeting-calendar';
import type { Wards } from './wards';

// The delegated permissions a surgery's meeting needs: the event in the councillor's calendar, and its settings.
const GRAPH_MEETING_SCOPES = ['https://graph.microsoft.com/Calendars.ReadWrite', 'https://graph.microsoft.com/OnlineMeetings.ReadWrite'];

interface AuthNeeds {
  localMode: boolean;
  clock: () => Date;
  log: Logger;
  wards: Wards;
  /** Teams' meeting API, when the bot can ask it. */
  meetings?: TeamsMeetings;
  /** The council's tenant: the roster's work emails are only trusted there. */
  councilTenantId: string;
  /** How long a call to Graph may take. */
  timeoutMs: number;
  entraAgent?: AgentOptions;
}

/**
 * Who is asking and what they may do: councillors sign in to the tab through Teams (Entra ID), the roster and
 * the meeting's roles say which surgeries they may run, and the tab may make Teams meetings on their behalf.
 * In local mode nobody signs in.
 */
export function authFeature(settings: Config['auth'], needs: AuthNeeds) {
  const { localMode, clock, entraAgent } = needs;
  const agent = entraAgent ? { agentOptions: entraAgent } : {};
  const meetings = needs.meetings ?? noTeamsMeetings;
  const identify = localMode
    ? localCouncillor
    : teamsSignIn(
        entraTokenVerifier(
          {
            clientId: settings.clientId,
            appIdUri: settings.appIdUri,
            allowedTenantIds: settings.allowedTenantIds,
            authorityHost: settings.authorityHost,
            v1IssuerHost: settings.v1IssuerHost,
            ...agent,
          },
          clock,
        ),
      );
  const current = needs.wards.current;
  const access = new SurgeryAccess(
    rememberingRoles(meetings, clock),
    current ? () => ({ roster: current(), councilTenantId: needs.councilTenantId, officers: settings.officerAccounts }) : undefined,
  );
  const teamsMeetings = (() => {
    if (localMode || settings.clientSecret === '') return undefined;
    const tradeForGraph = graphTokensOnBehalfOf({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authorityHost: settings.authorityHost,
      scopes: GRAPH_MEETING_SCOPES,
      ...agent,
    });
    const graph = new GraphMeetings({
      baseUrl: settings.graphBaseUrl,
      timeoutMs: needs.timeoutMs,
      onError: (message, details) => needs.log.error(message, details),
    });
    return {
      meetingMaker:
        (ssoToken: string, caller: Person): MakeMeeting =>
        async (plan) => {
          const token = await tradeForGraph(ssoToken, caller.tenantId);
          return typeof token === 'string' ? graph.maker(token)(plan) : token;
        },
      meetingCalendar: (ssoToken: string, caller: Person): MeetingCalendar =>
        graphCalendar({ graph, caller, graphToken: () => tradeForGraph(ssoToken, caller.tenantId) }),
    };
  })();
  return {
    identify,
    access,
    meetings,
    tickets: new StreamTickets(settings.streamTicketSecret, clock),
    officerAccounts: settings.officerAccounts,
    ...teamsMeetings,
  };
}
