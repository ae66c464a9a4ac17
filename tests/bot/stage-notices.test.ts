import type { QueueView } from '../../bot/api-types';
import { COUNCIL_TENANT, EntraUser } from '../support/fake-entra';
import { meetingIdOfChat } from '../support/fake-teams-meetings';
import { ManualScheduler } from '../support/manual-scheduler';
import { SignedInTestApp, UserApi, startSignedInApp } from '../support/signed-in-app';
import { Resident } from '../support/test-app';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const BEN: EntraUser = { oid: '0000be00-0000-4000-8000-000000000002', name: 'Cllr Ben Ode', upn: 'ben.ode@council.example' };
const CHAT = '19:meeting_stage@thread.v2';
const MEETING = meetingIdOfChat(CHAT);
const TICK_MS = 30_000;
const ADMIT_MINUTES = 5;

/** What each resident tells the bot: nothing of it but the lobby tag may reach the stage. */
const JANE = { name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight outside number 12 is broken' };
const OMAR = { name: 'Omar Ali', postcode: 'SW1A 2AA', issue: 'Bins not collected on Elm Road' };
const PRIYA = { name: 'Priya Patel', postcode: 'SW1A 1AA', issue: 'Parking permits' };

describe('Councillors are told on the meeting stage when a resident needs them', () => {
  let scheduler: ManualScheduler;
  let test: SignedInTestApp;
  let ada: UserApi;
  let surgeryId: string;

  beforeEach(async () => {
    // From now, so the councillors' Teams sign-in tokens are current on the app's clock.
    scheduler = new ManualScheduler(Date.now());
    test = await startSignedInApp({ scheduler, clock: scheduler.clock, env: { CALLED_ADMIT_MINUTES: String(ADMIT_MINUTES) } });
    ada = await test.as(ADA);
    // The meeting chat's replies, and so its notifications, go to the recording connector.
    expect(await test.teams.addBotToMeeting(test.app.url, CHAT, COUNCIL_TENANT, test.connector.url)).toBe(200);
    surgeryId = (await ada.openSurgery({ meetingId: MEETING, councillorAccounts: [BEN.oid, 'cllr.cole@council.example'] })).id;
  });

  afterEach(async () => {
    await test?.stop();
  });

  /** Lets the outbox send what is due now, and waits until it has. */
  const deliver = async () => {
    await scheduler.advance(0);
    await test.app.settled();
  };

  const notices = () => test.connector.meetingNotifications;
  const titleOf = (index: number): string => notices()[index]!.body.value.surfaces[0].content.value.title;

  const checksIn = async (details: Record<string, unknown>) => {
    const resident = new Resident(test, 'webchat');
    await resident.checksIn(details);
    await deliver();
    return resident;
  };

  it('When a resident checks in to an empty queue, then the councillors named by object id are notified on the stage by lobby tag alone; a second resident in the queue is not a notice', async () => {
    await checksIn(JANE);
    expect(notices()).toHaveLength(1);
    const [notice] = notices();
    expect(notice!.meetingId).toBe(MEETING);
    expect(notice!.body).toEqual({
      type: 'targetedMeetingNotification',
      value: {
        recipients: [ADA.oid, BEN.oid],
        surfaces: [
          {
            surface: 'meetingStage',
            contentType: 'task',
            content: { value: { height: 300, width: 400, title: expect.any(String), url: `${test.config.server.publicBaseUrl}/tab/` } },
          },
        ],
      },
    });
    expect(titleOf(0)).toBe('Surgery Queue: Jane S · A1 is waiting to be seen');
    const said = JSON.stringify(notice!.body);
    for (const detail of [JANE.name, JANE.postcode, JANE.issue, 'Smith']) expect(said).not.toContain(detail);

    await scheduler.advance(TICK_MS * 4);
    await checksIn(OMAR);
    expect(notices()).toHaveLength(1);
  });

  it('When the queue empties and fills again within a minute of a notice, then nobody is told twice in that minute; after it they are', async () => {
    const jane = await checksIn(JANE);
    await jane.says('leave');
    await scheduler.advance(10_000);
    const omar = await checksIn(OMAR);
    expect(notices()).toHaveLength(1);

    await omar.says('leave');
    await scheduler.advance(50_000);
    await checksIn(PRIYA);
    expect(notices()).toHaveLength(2);
    expect(titleOf(1)).toBe('Surgery Queue: Priya P · A3 is waiting to be seen');
  });

  it('When a called resident has not joined by the time they were promised, then the councillors are told once, at the first tick after it', async () => {
    await checksIn(JANE);
    await checksIn(OMAR);
    expect((await ada.admitNext(surgeryId)).status).toBe(200);
    await deliver();
    const before = notices().length;

    // Each tick up to the promised time tells nobody: the resident may still come in.
    for (let tick = 0; tick < (ADMIT_MINUTES * 60_000) / TICK_MS - 1; tick++) {
      await scheduler.advance(TICK_MS);
      await deliver();
    }
    expect(notices()).toHaveLength(before);

    await scheduler.advance(TICK_MS);
    await deliver();
    expect(notices()).toHaveLength(before + 1);
    expect(titleOf(before)).toBe('Surgery Queue: Jane S · A1 was called and has not joined yet');
    expect(notices()[before]!.body.value.recipients).toEqual([ADA.oid, BEN.oid]);

    for (let tick = 0; tick < 6; tick++) {
      await scheduler.advance(TICK_MS);
      await deliver();
    }
    expect(notices()).toHaveLength(before + 1);
  });

  it('When Teams throttles a notice, then it is sent again once Teams allows, and reaches the councillors once', async () => {
    test.connector.fail(`meeting:${MEETING}`, 429, 1, 1);
    await checksIn(JANE);
    expect(test.connector.failed.filter((f) => f.conversationId === `meeting:${MEETING}`)).toHaveLength(1);
    expect(notices()).toHaveLength(1);
  });

  it('When Teams refuses a notice for want of the meeting’s permission, then the queue goes on and the panel’s view says so, until Teams shows one again', async () => {
    test.connector.fail(`meeting:${MEETING}`, 403, 1);
    const jane = await checksIn(JANE);
    const refused = (await ada.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body;
    expect(refused.stageNoticesRefusedAt).toBeDefined();
    expect(refused.active.map((row) => row.lobbyTag)).toEqual(['Jane S · A1']);
    expect(jane.received.length).toBeGreaterThan(0);

    expect((await ada.admitNext(surgeryId)).status).toBe(200);
    expect((await ada.call('POST', `/api/surgeries/${surgeryId}/visits/${refused.active[0]!.visitId}/joined`)).status).toBe(200);
    await scheduler.advance(TICK_MS * 4);
    await checksIn(OMAR);
    expect(notices()).toHaveLength(1);
    expect((await ada.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body.stageNoticesRefusedAt).toBeUndefined();
  });
});
