import type { QueueView } from '../../bot/api-types';
import { COUNCIL_TENANT, EntraUser } from '../support/fake-entra';
import { meetingIdOfChat } from '../support/fake-teams-meetings';
import { SignedInTestApp, UserApi, startSignedInApp } from '../support/signed-in-app';
import { Resident } from '../support/test-app';
import { startApp } from '../../bot/index';
import { NO_BOT_APP } from '../../bot/teams/bot-adapter';
import { silentLogger } from '../support/silent-logger';

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

  it('When Teams refuses the meeting’s details before any surgery is set up in the meeting, then the first surgery’s panel says so at once', async () => {
    const chat = '19:meeting_refused_early@thread.v2';
    const meetingId = meetingIdOfChat(chat);
    test.teams.meeting(meetingId, { title: 'Castle ward surgery', roles: { [ADA.oid]: 'Organizer' } });
    expect(await test.teams.addBotToMeeting(test.app.url, chat, COUNCIL_TENANT)).toBe(200);
    aMinuteLater();
    test.teams.refuse('details', 403);
    try {
      const details = await ada.call('GET', `/api/meetings/details?meetingId=${encodeURIComponent(meetingId)}`);
      expect(details).toMatchObject({ status: 404, body: { code: 'MEETING.DETAILS_UNAVAILABLE' } });

      const first = await ada.openSurgery({ meetingId });

      const queue = await ada.call<QueueView>('GET', `/api/surgeries/${first.id}/queue`);
      expect(queue.body.meetingApisRefusedAt).toEqual({ details: expect.any(String) });
    } finally {
      test.teams.refuse('details', undefined);
    }
  });

  it('When the permission flips back and forth as two instances on one storage hear Teams, then the newest word wins on both', async () => {
    const second = await startApp(test.config, { logger: silentLogger, clock, botCredentials: NO_BOT_APP });
    try {
      const onSecond = new UserApi(second.url, ada.token);
      const details = `/api/meetings/details?meetingId=${encodeURIComponent(MEETING)}`;
      const refusedOn = async (api: UserApi) =>
        (await api.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body.meetingApisRefusedAt;
      // Each instance asks Teams once a minute for a councillor's role: the clock moves on past that between questions.
      const heard = async (api: UserApi, refused: boolean) => {
        aMinuteLater();
        test.teams.refuse('participants', refused ? 403 : undefined);
        await api.call('GET', details);
      };

      for (let flip = 0; flip < 2; flip++) {
        await heard(ada, true);
        expect(await refusedOn(onSecond)).toEqual({ participants: expect.any(String) });
        await heard(onSecond, false);
        expect(await refusedOn(ada)).toBeUndefined();
      }
    } finally {
      test.teams.refuse('participants', undefined);
      await second.stop();
    }
  });
});
