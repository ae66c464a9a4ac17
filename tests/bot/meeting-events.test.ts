import type { QueueView } from '../../bot/api-types';
import { meetingIdOfChat } from '../support/fake-teams-meetings';
import { Resident, TestApp, startTestApp } from '../support/test-app';

const CHAT = '19:meeting_abbey@thread.v2';
const MEETING = meetingIdOfChat(CHAT);
const TENANT = '6f1c3e2a-4b5d-4c7e-8f90-a1b2c3d4e5f6';
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0';

/**
 * A meeting event as Teams posts it to the bot, in the shapes documented at
 * https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#receive-real-time-teams-meeting-events
 * (meeting start and end) and #receive-meeting-participant-events (participants joining and leaving).
 */
function meetingEvent(serviceUrl: string, name: string, value: unknown): Record<string, unknown> {
  return {
    type: 'event',
    name,
    id: `event-${Math.random()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:organiser', aadObjectId: 'organiser' },
    recipient: { id: '28:bot', name: 'Surgery Queue' },
    conversation: { id: CHAT, conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, source: null, meeting: { id: MEETING } },
    value,
    locale: 'en-GB',
  };
}

const started = {
  MeetingType: 'Scheduled',
  Title: 'Abbey ward surgery',
  Id: MEETING,
  JoinUrl: JOIN_URL,
  StartTime: '2026-12-01T18:00:03.4388966Z',
};
const ended = {
  MeetingType: 'Scheduled',
  Title: 'Abbey ward surgery',
  Id: MEETING,
  JoinUrl: JOIN_URL,
  EndTime: '2026-12-01T20:01:12.3420000Z',
};
const members = (...names: string[]) => ({
  members: names.map((name, i) => ({
    user: { tenantId: TENANT, objectId: `obj-${i}`, id: `29:participant-${i}`, name, aadObjectId: `obj-${i}`, role: 'user' },
    meeting: { inMeeting: true, role: 'Attendee' },
  })),
});

describe('Meeting events posted to /api/messages drive the surgery’s queue', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.stop();
  });

  const post = async (name: string, value: unknown): Promise<number> => {
    const res = await fetch(`${test.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(meetingEvent(test.connector.url, name, value)),
    });
    await res.text();
    return res.status;
  };

  const setUp = async (extra: Record<string, unknown> = {}) => {
    const created = await test.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: JOIN_URL,
      councillors: ['Cllr Ada Khan'],
      meetingId: MEETING,
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  const end = async (surgeryId: string) => {
    expect((await test.api.call('POST', `/api/surgeries/${surgeryId}/end`)).status).toBe(200);
  };

  it('When the meeting starts before the surgery is opened, then the panel offers to open it and nothing opens by itself', async () => {
    const surgeryId = await setUp();
    expect(await post('application/vnd.microsoft.meetingStart', started)).toBe(200);
    const view = await test.api.queue(surgeryId);
    expect(view.surgery.status).toBe('scheduled');
    expect(view.meetingNotice).toMatchObject({ kind: 'started' });
    await test.api.call('POST', `/api/surgeries/${surgeryId}/open`);
    await end(surgeryId);
  });

  it('When the meeting starts and the surgery is set to open with it, then it opens', async () => {
    const surgeryId = await setUp({ openWhenMeetingStarts: true });
    expect(await post('application/vnd.microsoft.meetingStart', started)).toBe(200);
    expect((await test.api.queue(surgeryId)).surgery.status).toBe('open');
    await end(surgeryId);
  });

  it('When a called resident joins under their lobby tag, then they are marked joined; a join matching nobody called changes nothing; their leaving offers Seen; the meeting ending with residents waiting asks, and never ends the surgery', async () => {
    const surgeryId = await setUp();
    await test.api.call('POST', `/api/surgeries/${surgeryId}/open`);
    await new Resident(test, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Streetlight out.' });
    await new Resident(test, 'webchat').checksIn({ name: 'Omar Ali', postcode: 'SW1A 1AA', issue: 'Bins.' });
    const called = (await test.api.admitNext(surgeryId)).body.called;
    expect(called.lobbyTag).toBe('Jane S · A1');

    // Omar is waiting, not called: his tag joining is not him being let in.
    expect(await post('application/vnd.microsoft.meetingParticipantJoin', members('Someone Else', 'Omar A · A2'))).toBe(200);
    const before = await test.api.queue(surgeryId);
    expect(before.active.map((row) => [row.lobbyTag, row.status])).toEqual([
      ['Jane S · A1', 'called'],
      ['Omar A · A2', 'waiting'],
    ]);

    // Teams labels people from outside the council "(Guest)" in the lobby.
    expect(await post('application/vnd.microsoft.meetingParticipantJoin', members('Jane S · A1 (Guest)'))).toBe(200);
    const joined = await test.api.queue(surgeryId);
    expect(joined.active[0]).toMatchObject({ lobbyTag: 'Jane S · A1', status: 'in_consultation' });
    expect(joined.active[0]!.joinedAt).toBeDefined();

    expect(await post('application/vnd.microsoft.meetingParticipantLeave', members('Jane S · A1 (Guest)'))).toBe(200);
    const left = await test.api.queue(surgeryId);
    expect(left.active[0]).toMatchObject({ status: 'in_consultation' });
    expect(left.active[0]!.leftMeetingAt).toBeDefined();

    expect(await post('application/vnd.microsoft.meetingEnd', ended)).toBe(200);
    const afterEnd = await test.api.queue(surgeryId);
    expect(afterEnd.surgery.status).toBe('open');
    expect(afterEnd.meetingNotice).toMatchObject({ kind: 'ended', waiting: 1 });
    await end(surgeryId);
  });

  it('When a meeting event is not shaped as Teams documents it, then it is refused with 400 and changes nothing', async () => {
    const surgeryId = await setUp();
    expect(await post('application/vnd.microsoft.meetingParticipantJoin', { members: 'Jane S · A1' })).toBe(400);
    expect(
      await post('application/vnd.microsoft.meetingParticipantJoin', {
        members: Array.from({ length: 500 }, () => ({ user: { name: 'x' } })),
      }),
    ).toBe(400);
    const view: QueueView = await test.api.queue(surgeryId);
    expect(view.surgery.status).toBe('scheduled');
    expect(view.meetingNotice).toBeUndefined();
  });
});
