import type { QueueView } from '../../bot/api-types';
import { COUNCIL_TENANT, EntraUser } from '../support/fake-entra';
import { meetingIdOfChat } from '../support/fake-teams-meetings';
import { SignedInTestApp, UserApi, startSignedInApp } from '../support/signed-in-app';
import { Resident } from '../support/test-app';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const CHAT = '19:meeting_permissions@thread.v2';
const MEETING = meetingIdOfChat(CHAT);

// The Teams meeting APIs Surgery Queue calls besides stage notices, through the Bot Connector
// (https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis):
// Get participant (RSC OnlineMeetingParticipant.Read.Chat) and Get meeting details (RSC OnlineMeeting.ReadBasic.Chat).
describe('When Teams will not answer questions about the meeting, the surgery’s panel says what is missing', () => {
  let test: SignedInTestApp;
  let ada: UserApi;
  let surgeryId: string;
  // Roles Teams gave are remembered for a minute: the clock moves on past that between questions.
  let skipped = 0;
  const clock = () => new Date(Date.now() + skipped);
  const aMinuteLater = () => (skipped += 61_000);

  const view = async () => {
    const queue = await ada.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`);
    expect(queue.status).toBe(200);
    return queue.body;
  };

  beforeAll(async () => {
    test = await startSignedInApp({ clock });
    ada = await test.as(ADA);
    test.teams.meeting(MEETING, {
      title: 'Abbey ward surgery',
      startsAt: '2026-12-01T18:00:00Z',
      endsAt: '2026-12-01T20:00:00Z',
      roles: { [ADA.oid]: 'Organizer' },
    });
    expect(await test.teams.addBotToMeeting(test.app.url, CHAT, COUNCIL_TENANT)).toBe(200);
    surgeryId = (await ada.openSurgery({ meetingId: MEETING })).id;
    await new Resident(test, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes on Elm Road.' });
  });

  afterAll(async () => {
    await test?.stop();
  });

  it('When Teams refuses to say who is organiser or presenter (403), then the set-up form is told to type the details in, the organiser’s panel says so and the queue goes on, until Teams answers again', async () => {
    aMinuteLater();
    test.teams.refuse('participants', 403);
    const details = `/api/meetings/details?meetingId=${encodeURIComponent(MEETING)}`;
    expect(await ada.call('GET', details)).toMatchObject({ status: 404, body: { code: 'MEETING.DETAILS_UNAVAILABLE' } });

    const refused = await view();
    expect(refused.meetingApisRefusedAt).toEqual({ participants: expect.any(String) });
    expect(refused.active.map((row) => row.name)).toEqual(['Jane Smith']);
    expect((await ada.admitNext(surgeryId)).status).toBe(200);

    test.teams.refuse('participants', undefined);
    aMinuteLater();
    expect((await ada.call('GET', details)).status).toBe(200);
    expect((await view()).meetingApisRefusedAt).toBeUndefined();
  });

  it('When Teams refuses the meeting’s details (401), then the set-up form is told to type them in, the panel says so, until Teams gives them again', async () => {
    aMinuteLater();
    test.teams.refuse('details', 401);
    const details = `/api/meetings/details?meetingId=${encodeURIComponent(MEETING)}`;
    expect(await ada.call('GET', details)).toMatchObject({ status: 404, body: { code: 'MEETING.DETAILS_UNAVAILABLE' } });
    expect((await view()).meetingApisRefusedAt).toEqual({ details: expect.any(String) });

    test.teams.refuse('details', undefined);
    expect(await ada.call('GET', details)).toMatchObject({ status: 200, body: { title: 'Abbey ward surgery' } });
    expect((await view()).meetingApisRefusedAt).toBeUndefined();
  });
});
