import type { QueueView, ServerInfo, SurgerySummary } from '../../bot/api-types';
import { textOf } from '../support/recording-connector';
import { Resident } from '../support/test-app';
import { CLIENT_ID, CLIENT_SECRET, EntraUser, OBO_GRANT_TYPE } from '../support/fake-entra';
import type { FakeGraph } from '../support/fake-graph';
import { SignedInTestApp, startSignedInApp, UserApi } from '../support/signed-in-app';
import { loadConfig } from '../../bot/config';

// Ada represents Abbey on the test roster; Omar represents Riverside.
const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const OMAR: EntraUser = { oid: '00000002-0000-4000-8000-000000000005', name: 'Cllr Omar Farouk', upn: 'omar.farouk@council.example' };

const PLAN = {
  ward: 'E05000001',
  startsAt: '2026-12-10T18:00:00.000Z',
  endsAt: '2026-12-10T20:00:00.000Z',
  councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'],
  councillorAccounts: ['ben.ode@council.example'],
  createMeeting: true,
};

describe('“Create the Teams meeting for me” makes the surgery’s meeting in the organiser’s calendar', () => {
  let test: SignedInTestApp;
  let graph: FakeGraph;
  let ada: UserApi;

  beforeAll(async () => {
    test = await startSignedInApp({ graph: true });
    graph = test.graph!;
    ada = await test.as(ADA);
  });

  afterAll(async () => {
    await test?.stop();
  });

  afterEach(() => {
    test.entra.consentMissing = false;
  });

  it('When the server can make meetings, then the tab is told so', async () => {
    const info = await ada.call<ServerInfo>('GET', '/api/info');
    expect(info.body.makesMeetings).toBe(true);
  });

  it('When a councillor sets up a surgery with a meeting made for them, then Entra ID gets a documented on-behalf-of request and the surgery gets the meeting’s join link', async () => {
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', PLAN);
    expect(created.status).toBe(201);

    // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow#first-case-access-token-request-with-a-shared-secret
    expect(test.entra.tokenRequestProblems).toEqual([]);
    const exchange = test.entra.tokenRequests.at(-1)!;
    expect(exchange).toMatchObject({
      grant_type: OBO_GRANT_TYPE,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      assertion: ada.token,
      requested_token_use: 'on_behalf_of',
    });
    expect(exchange.scope!.split(' ')).toEqual(
      expect.arrayContaining(['https://graph.microsoft.com/Calendars.ReadWrite', 'https://graph.microsoft.com/OnlineMeetings.ReadWrite']),
    );

    expect(graph.problems).toEqual([]);
    const event = graph.events.at(-1)!;
    expect(event.organiser).toBe(ADA.oid);
    expect(event.body).toMatchObject({
      subject: 'Abbey ward surgery',
      start: { dateTime: '2026-12-10T18:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-12-10T20:00:00', timeZone: 'UTC' },
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      attendees: [{ emailAddress: { address: 'ben.ode@council.example' }, type: 'required' }],
    });
    expect(event.settings).toEqual({
      allowedPresenters: 'roleIsPresenter',
      participants: { attendees: [{ upn: 'ben.ode@council.example', role: 'presenter' }] },
      lobbyBypassSettings: { scope: 'invited', isDialInBypassEnabled: false },
      allowedLobbyAdmitters: 'organizerAndCoOrganizersAndPresenters',
      isEntryExitAnnounced: false,
      allowMeetingChat: 'disabled',
    });
    expect(created.body.joinUrl).toBe(event.joinUrl);
  });

  it('When the meeting has a phone line, then the surgery keeps its number and conference ID, a called resident is told them, and the tab says how a resident who gave a number shows in the lobby', async () => {
    graph.audioConferencing = {
      tollNumber: '+44 20 3443 8765',
      conferenceId: '987654321',
      dialinUrl: 'https://dialin.teams.microsoft.com/x',
    };
    try {
      const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', { ...PLAN, startsAt: '', endsAt: '' });
      expect(created.status).toBe(201);
      expect(created.body.dialIn).toEqual({ number: '+44 20 3443 8765', conferenceId: '987654321' });
      const surgeryId = created.body.id;
      expect((await ada.call('POST', `/api/surgeries/${surgeryId}/open`, { confirmEarly: true })).status).toBe(200);

      const jane = new Resident(test, 'webchat');
      await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Streetlight out.', contact: '07700 900123' });
      const row = (await ada.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body.active[0]!;
      expect(row).toMatchObject({ lobbyTag: 'Jane S · A1', dialInEnding: '123' });

      expect((await ada.admitNext(surgeryId)).status).toBe(200);
      const called = await test.connector.waitFor(
        (call) => call.conversationId === jane.conversationId && textOf(call.activity).includes('987654321'),
      );
      expect(textOf(called.activity)).toContain('+44 20 3443 8765');
      expect((await ada.call('POST', `/api/surgeries/${surgeryId}/end`)).status).toBe(200);
    } finally {
      delete graph.audioConferencing;
    }
  });

  it('When a councillor runs a surgery alone, then only they present in its meeting', async () => {
    expect((await ada.call('POST', '/api/surgeries', { ...PLAN, councillors: ['Cllr Ada Khan'], councillorAccounts: [] })).status).toBe(
      201,
    );
    expect(graph.problems).toEqual([]);
    expect(graph.events.at(-1)!.body.attendees).toEqual([]);
    expect(graph.events.at(-1)!.settings).toMatchObject({ allowedPresenters: 'organizer' });
    expect(graph.events.at(-1)!.settings).not.toHaveProperty('participants');
  });

  it('When nobody consented to the Graph permissions, then the councillor is told what the officers must grant and no meeting or surgery is made', async () => {
    test.entra.consentMissing = true;
    const events = graph.events.length;
    const before = (await ada.call<{ surgeries: SurgerySummary[] }>('GET', '/api/surgeries')).body.surgeries.length;
    const refused = await ada.call('POST', '/api/surgeries', PLAN);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('GRAPH.CONSENT_REQUIRED');
    expect(refused.body.message).toMatch(/Calendars\.ReadWrite and OnlineMeetings\.ReadWrite/);
    expect(refused.body.message).toMatch(/paste a join link/);
    expect(graph.events.length).toBe(events);
    expect((await ada.call<{ surgeries: SurgerySummary[] }>('GET', '/api/surgeries')).body.surgeries.length).toBe(before);
  });

  it('When the meeting’s settings cannot be set, then its event is deleted again and the councillor is told which permission is missing', async () => {
    graph.failNext('PATCH /me/onlineMeetings', 403);
    const refused = await ada.call('POST', '/api/surgeries', PLAN);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'GRAPH.PERMISSION_MISSING' });
    expect(refused.body.message).toMatch(/OnlineMeetings\.ReadWrite/);
    expect(graph.events.at(-1)!.deleted).toBe(true);
  });

  it('When the calendar may not be written, then the councillor is told Calendars.ReadWrite is missing', async () => {
    graph.failNext('POST /me/events', 403);
    const refused = await ada.call('POST', '/api/surgeries', PLAN);
    expect(refused.body).toMatchObject({ code: 'GRAPH.PERMISSION_MISSING' });
    expect(refused.body.message).toMatch(/Calendars\.ReadWrite/);
  });

  it('When Graph fails, then the answer is 503 with a way on, never a 500', async () => {
    graph.failNext('POST /me/events', 503);
    const refused = await ada.call('POST', '/api/surgeries', PLAN);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'GRAPH.UNAVAILABLE' });
  });

  it('When the plan has problems, then they are named before any meeting is made', async () => {
    const calls = graph.calls.length;
    const exchanges = test.entra.tokenRequests.length;
    const refused = await ada.call('POST', '/api/surgeries', { ...PLAN, endsAt: '2026-12-10T17:00:00.000Z' });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([{ field: 'endsAt', message: 'The end must be after the start.' }]);
    expect(graph.calls.length).toBe(calls);
    expect(test.entra.tokenRequests.length).toBe(exchanges);
  });

  it('When a councillor of another ward asks for a meeting in Abbey, then nothing is made in their calendar', async () => {
    const omar = await test.as(OMAR);
    const calls = graph.calls.length;
    const refused = await omar.call('POST', '/api/surgeries', PLAN);
    expect(refused.status).toBe(403);
    expect(graph.calls.length).toBe(calls);
  });

  it('When a surgery set up in a meeting also asks for a new one, then it is refused', async () => {
    const refused = await ada.call('POST', '/api/surgeries', {
      ...PLAN,
      meetingId: Buffer.from('0#19:meeting_x@thread.v2#0').toString('base64'),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([{ field: 'createMeeting', message: 'A surgery set up in a meeting runs in that meeting.' }]);
  });

  it('When a councillor pastes a join link, then no token is exchanged and the link is kept', async () => {
    const exchanges = test.entra.tokenRequests.length;
    const joinUrl = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_pasted%40thread.v2/0';
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', { ...PLAN, createMeeting: false, joinUrl });
    expect(created.status).toBe(201);
    expect(created.body.joinUrl).toBe(joinUrl);
    expect(test.entra.tokenRequests.length).toBe(exchanges);
  });

  it('When a councillor’s Teams token is sent, then neither it nor the Graph token is in any answer', async () => {
    const created = await ada.call('POST', '/api/surgeries', PLAN);
    const graphTokens = [...test.entra.graphTokens.keys()];
    expect(JSON.stringify(created.body)).not.toContain(ada.token);
    for (const token of graphTokens) expect(JSON.stringify(created.body)).not.toContain(token);
  });
});

describe('Without a client secret the set-up form only takes a pasted link', () => {
  it('When the server has no Graph set up, then the tab is told, and a request for a meeting is refused', async () => {
    const test = await startSignedInApp();
    try {
      const ada = await test.as(ADA);
      expect((await ada.call<ServerInfo>('GET', '/api/info')).body.makesMeetings).toBe(false);
      const refused = await ada.call('POST', '/api/surgeries', PLAN);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('MEETING.CREATION_OFF');
    } finally {
      await test.stop();
    }
  });

  it('When local mode is given a client secret, then the server refuses to start', () => {
    expect(() => loadConfig({ LOCAL_MODE: 'true', AAD_APP_CLIENT_SECRET: 'a-secret' })).toThrow(/AAD_APP_CLIENT_SECRET/);
  });
});
