import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What Teams knows about one meeting: its details and each participant's role, by Entra object id. */
export interface MeetingFixture {
  title?: string;
  joinUrl?: string;
  startsAt?: string;
  endsAt?: string;
  roles: Record<string, 'Organizer' | 'Presenter' | 'Attendee'>;
}

export interface MeetingApiCall {
  path: string;
  tenantId?: string;
}

/** The meeting id teams-js and the Bot Framework use for a meeting chat: base64 of "0#<chat id>#0". */
export function meetingIdOfChat(chatId: string): string {
  return Buffer.from(`0#${chatId}#0`).toString('base64');
}

/**
 * A stand-in for the Bot Connector's Teams meeting API at a serviceUrl of its own:
 * GET /v1/meetings/{meetingId} (TeamsInfo.getMeetingInfo) and
 * GET /v1/meetings/{meetingId}/participants/{participantId}?tenantId= (TeamsInfo.getMeetingParticipant),
 * answered from fixtures and recorded. Anything the bot posts to a conversation is accepted.
 */
export class FakeTeamsMeetings {
  readonly calls: MeetingApiCall[] = [];
  private readonly meetings = new Map<string, MeetingFixture>();
  private readonly refusals = new Map<'participants' | 'details', number>();
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  meeting(meetingId: string, fixture: MeetingFixture): void {
    this.meetings.set(meetingId, fixture);
  }

  /**
   * Answers every participant (`participants`) or meeting details (`details`) call with this status, as Teams
   * does when the meeting's permission for it is not granted (401 or 403), until called again with undefined.
   */
  refuse(api: 'participants' | 'details', status: number | undefined): void {
    if (status === undefined) this.refusals.delete(api);
    else this.refusals.set(api, status);
  }

  /**
   * Tells the bot (at appUrl) it was added to the meeting's chat, as Teams does when the app is added to a
   * meeting: a conversationUpdate in the meeting's group chat, naming the meeting, from this serviceUrl (or
   * another connector's, where the bot's sends to the meeting are recorded).
   */
  async addBotToMeeting(appUrl: string, chatId: string, tenantId: string, serviceUrl = this.url): Promise<number> {
    const res = await fetch(`${appUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'conversationUpdate',
        id: `update-${Date.now()}`,
        timestamp: new Date().toISOString(),
        channelId: 'msteams',
        serviceUrl,
        from: { id: '29:organiser', aadObjectId: 'organiser' },
        recipient: { id: '28:bot', name: 'Surgery Queue' },
        conversation: { id: chatId, conversationType: 'groupChat', isGroup: true, tenantId },
        membersAdded: [{ id: '28:bot' }],
        channelData: { tenant: { id: tenantId }, meeting: { id: meetingIdOfChat(chatId) }, eventType: 'teamMemberAdded' },
      }),
    });
    await res.text();
    return res.status;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' || req.method === 'PUT') return json(200, { id: 'accepted' });
      const participant = /^\/v1\/meetings\/([^/]+)\/participants\/([^/]+)$/.exec(url.pathname);
      const meeting = /^\/v1\/meetings\/([^/]+)$/.exec(url.pathname);
      const tenantId = url.searchParams.get('tenantId') ?? undefined;
      this.calls.push({ path: url.pathname, ...(tenantId ? { tenantId } : {}) });
      const fixture = this.meetings.get(decodeURIComponent((participant ?? meeting)?.[1] ?? ''));
      const refused = this.refusals.get(participant ? 'participants' : 'details');
      if (refused !== undefined) return json(refused, { error: { code: 'Forbidden', message: 'Refused by the test.' } });
      const notFound = () => json(404, { error: { code: 'NotFound', message: 'Not found' } });
      if (!fixture) return notFound();
      if (participant) {
        const role = fixture.roles[decodeURIComponent(participant[2]!)];
        if (!role) return notFound();
        return json(200, {
          user: { id: '29:someone', aadObjectId: participant[2] },
          meeting: { role, inMeeting: true },
          conversation: { id: 'chat' },
        });
      }
      return json(200, {
        details: {
          id: meeting![1],
          msGraphResourceId: 'graph-id',
          title: fixture.title,
          joinUrl: fixture.joinUrl,
          scheduledStartTime: fixture.startsAt,
          scheduledEndTime: fixture.endsAt,
          type: 'Scheduled',
        },
        conversation: { id: 'chat', isGroup: true },
        organizer: { id: '29:organiser' },
      });
    });
  }
}
