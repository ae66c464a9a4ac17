import type { QueueView } from '../../bot/api-types';
import { COUNCIL_TENANT, EntraUser } from '../support/fake-entra';
import { FakeTeamsMeetings, meetingIdOfChat } from '../support/fake-teams-meetings';
import { SignedInTestApp, startSignedInApp, UserApi } from '../support/signed-in-app';
import { EventStream, Resident, startTestApp } from '../support/test-app';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const BEN: EntraUser = { oid: '0000be00-0000-4000-8000-000000000002', name: 'Cllr Ben Ode', upn: 'Ben.Ode@council.example' };
const PAT: EntraUser = { oid: '0000fa70-0000-4000-8000-000000000003', name: 'Pat Presenter', upn: 'pat@council.example' };
const ATTENDEE: EntraUser = { oid: '0000a77e-0000-4000-8000-000000000004', name: 'Jane Smith', upn: 'jane.smith@council.example' };
const OTHER_WARD: EntraUser = { oid: '00000002-0000-4000-8000-000000000005', name: 'Cllr Omar Farouk', upn: 'omar.farouk@council.example' };

const CHAT = '19:meeting_abbey@thread.v2';
const MEETING = meetingIdOfChat(CHAT);
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0';

/** Everything an answer holds, as text: resident data must not be anywhere in it. */
const said = (body: unknown): string => JSON.stringify(body);

async function checkInJane(test: SignedInTestApp): Promise<void> {
  await new Resident(test, 'webchat').checksIn({
    name: 'Jane Smith',
    postcode: 'SW1A 1AA',
    issue: 'The streetlight outside number 12 is broken',
  });
}

describe('Only a surgery’s councillors see its residents, through every API and the stream', () => {
  let test: SignedInTestApp;
  let ada: UserApi;
  let ben: UserApi;
  let pat: UserApi;
  let attendee: UserApi;
  let otherWard: UserApi;
  let surgeryId: string;

  beforeAll(async () => {
    test = await startSignedInApp();
    [ada, ben, pat, attendee, otherWard] = await Promise.all([ADA, BEN, PAT, ATTENDEE, OTHER_WARD].map((user) => test.as(user)));
    test.teams.meeting(MEETING, {
      title: 'Abbey ward surgery',
      joinUrl: JOIN_URL,
      startsAt: '2026-12-01T18:00:00Z',
      endsAt: '2026-12-01T20:00:00Z',
      roles: { [ADA.oid]: 'Organizer', [PAT.oid]: 'Presenter', [ATTENDEE.oid]: 'Attendee' },
    });
    expect(await test.teams.addBotToMeeting(test.app.url, CHAT, COUNCIL_TENANT)).toBe(200);
    surgeryId = (await ada.openSurgery({ meetingId: MEETING, councillorAccounts: ['ben.ode@council.example'] })).id;
    await checkInJane(test);
  });

  afterAll(async () => {
    await test?.stop();
  });

  it.each([
    ['the organiser', () => ada],
    ['a councillor they added by email', () => ben],
  ])('When %s asks for the queue, then they see the residents', async (_who, api) => {
    const queue = await api().call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`);
    expect(queue.status).toBe(200);
    expect(queue.body.active[0]).toMatchObject({ name: 'Jane Smith', issue: 'The streetlight outside number 12 is broken' });
  });

  it.each([
    ['a meeting attendee', () => attendee],
    ['a councillor of another ward', () => otherWard],
    ['a presenter in the meeting who is neither on the ward’s roster nor added to the surgery', () => pat],
  ])('When %s calls any surgery API, then every answer is 403 with no resident data', async (_who, api) => {
    const visitId = (await ada.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body.active[0]!.visitId;
    const attempts: [string, string][] = [
      ['GET', `/api/surgeries/${surgeryId}/queue`],
      ['POST', `/api/surgeries/${surgeryId}/stream-ticket`],
      ['POST', `/api/surgeries/${surgeryId}/admit-next`],
      ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/admit`],
      ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/joined`],
      ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/no-show`],
      ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/seen`],
      ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/messages`],
      ['POST', `/api/surgeries/${surgeryId}/visits/${visitId}/case-updates`],
      ['POST', `/api/surgeries/${surgeryId}/end`],
      ['GET', `/api/meetings/surgery?meetingId=${encodeURIComponent(MEETING)}`],
    ];
    for (const [method, path] of attempts) {
      const res = await api().call(method, path, method === 'POST' ? {} : undefined);
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'SURGERY.COUNCILLORS_ONLY']);
      expect(said(res.body)).not.toMatch(/Jane|streetlight|SW1A/);
    }
    const list = await api().call('GET', '/api/surgeries');
    expect(list.body.surgeries.map((s: { id: string }) => s.id)).not.toContain(surgeryId);
    const inMeeting = await api().call('GET', `/api/surgeries?meetingId=${encodeURIComponent(MEETING)}`);
    expect(inMeeting.body.surgeries).toEqual([]);
    // Nothing they tried changed the queue.
    expect((await ada.call<QueueView>('GET', `/api/surgeries/${surgeryId}/queue`)).body.active[0]).toMatchObject({ status: 'waiting' });
  });

  it('When the side panel asks which surgery runs in this meeting, then councillors get it at once', async () => {
    for (const api of [ada, ben]) {
      const found = await api.call('GET', `/api/meetings/surgery?meetingId=${encodeURIComponent(MEETING)}`);
      expect(found).toMatchObject({ status: 200, body: { id: surgeryId, ward: 'Abbey' } });
    }
    const none = await ada.call(
      'GET',
      `/api/meetings/surgery?meetingId=${encodeURIComponent(meetingIdOfChat('19:meeting_empty@thread.v2'))}`,
    );
    expect(none).toMatchObject({ status: 404, body: { code: 'MEETING.NO_SURGERY' } });
  });

  it('When a councillor opens the configuration page, then the bot fills in the meeting’s join link and times from Teams', async () => {
    const details = await ada.call('GET', `/api/meetings/details?meetingId=${encodeURIComponent(MEETING)}`);
    expect(details).toEqual({
      status: 200,
      body: { title: 'Abbey ward surgery', joinUrl: JOIN_URL, startsAt: '2026-12-01T18:00:00.000Z', endsAt: '2026-12-01T20:00:00.000Z' },
    });
    const asked = test.teams.calls.find((c) => c.path === `/v1/meetings/${encodeURIComponent(MEETING)}`);
    expect(asked).toBeDefined();
    const roleAsked = test.teams.calls.find((c) => c.path === `/v1/meetings/${encodeURIComponent(MEETING)}/participants/${ADA.oid}`);
    expect(roleAsked).toEqual({ path: expect.any(String), tenantId: COUNCIL_TENANT });
    expect(await attendee.call('GET', `/api/meetings/details?meetingId=${encodeURIComponent(MEETING)}`)).toMatchObject({
      status: 404,
      body: { code: 'MEETING.DETAILS_UNAVAILABLE' },
    });
  });

  it('When an attendee tries to set up a surgery in the meeting, then Teams’ role says no', async () => {
    const res = await attendee.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: JOIN_URL,
      councillors: ['Jane'],
      meetingId: MEETING,
    });
    expect(res).toMatchObject({ status: 403, body: { code: 'MEETING.ROLE_REQUIRED' } });
  });

  it('When the bot is not in a surgery’s meeting, then its own list still decides', async () => {
    const elsewhere = meetingIdOfChat('19:meeting_nobot@thread.v2');
    const other = await ada.openSurgery({ meetingId: elsewhere, councillorAccounts: ['ben.ode@council.example'] });
    expect((await ben.call('GET', `/api/surgeries/${other.id}/queue`)).status).toBe(200);
    expect((await pat.call('GET', `/api/surgeries/${other.id}/queue`)).status).toBe(403);
  });
});

describe('The live stream opens only with a short-lived ticket for that surgery and that person', () => {
  let test: SignedInTestApp;
  let offsetMs = 0;

  beforeAll(async () => {
    test = await startSignedInApp({ clock: () => new Date(Date.now() + offsetMs) });
  });

  afterAll(async () => {
    await test?.stop();
  });

  const streamOf = (surgeryId: string, ticket?: string) =>
    new EventStream(
      `${test.app.url}/api/surgeries/${surgeryId}/stream${ticket === undefined ? '' : `?ticket=${encodeURIComponent(ticket)}`}`,
    );

  it('When a councillor opens the stream with their ticket, then the queue streams; with no, a bad or another surgery’s ticket it is refused', async () => {
    const ada = await test.as(ADA);
    const omar = await test.as(OTHER_WARD);
    const abbey = await ada.openSurgery();
    // Set up but not opened, so the resident below is offered only the Abbey surgery.
    const other = (await omar.call('POST', '/api/surgeries', { ward: 'Riverside', joinUrl: JOIN_URL, councillors: ['Cllr Omar Farouk'] }))
      .body;

    const ticket = await ada.call('POST', `/api/surgeries/${abbey.id}/stream-ticket`);
    expect(ticket.status).toBe(200);
    expect(Date.parse(ticket.body.expiresAt) - Date.now()).toBeLessThanOrEqual(61_000);
    const stream = streamOf(abbey.id, ticket.body.ticket);
    expect(await stream.status).toBe(200);
    await stream.waitFor((view) => view.surgery.id === abbey.id);
    await checkInJane(test);
    await stream.waitFor((view) => view.active.some((r) => r.name === 'Jane Smith'));
    stream.close();

    const otherTicket = (await omar.call('POST', `/api/surgeries/${other.id}/stream-ticket`)).body.ticket as string;
    const refusals: [string, EventStream, number][] = [
      ['no ticket', streamOf(abbey.id), 401],
      ['an empty ticket', streamOf(abbey.id, ''), 401],
      ['a made-up ticket', streamOf(abbey.id, 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2lnbmF0dXJl'), 401],
      ['the Teams token instead of a ticket', streamOf(abbey.id, ada.token), 401],
      ['another surgery’s ticket', streamOf(abbey.id, otherTicket), 401],
      [
        'a ticket with one character changed',
        streamOf(abbey.id, `${ticket.body.ticket.slice(0, -2)}${ticket.body.ticket.endsWith('A') ? 'B' : 'A'}A`),
        401,
      ],
    ];
    for (const [what, refused, status] of refusals) {
      expect([what, await refused.status]).toEqual([what, status]);
      refused.close();
      expect(refused.views).toEqual([]);
    }
  });

  it('When a ticket is more than a minute old, then it no longer opens the stream', async () => {
    const ada = await test.as(ADA);
    const abbey = await ada.openSurgery();
    const ticket = (await ada.call('POST', `/api/surgeries/${abbey.id}/stream-ticket`)).body.ticket as string;
    offsetMs = 2 * 60_000;
    try {
      const stream = streamOf(abbey.id, ticket);
      expect(await stream.status).toBe(401);
      stream.close();
    } finally {
      offsetMs = 0;
    }
  });
});

describe('Meeting roles are only asked of Teams when the bot’s traffic is signed', () => {
  it('When the server runs in local mode (anyone could post a made-up meeting chat), then the bot never asks Teams about a meeting', async () => {
    const teams = await new FakeTeamsMeetings().start();
    const test = await startTestApp();
    try {
      teams.meeting(MEETING, { roles: { [PAT.oid]: 'Presenter' } });
      await teams.addBotToMeeting(test.app.url, CHAT, COUNCIL_TENANT);
      const surgery = await test.api.openSurgery({ meetingId: MEETING });
      expect((await test.api.call('GET', `/api/surgeries/${surgery.id}/queue`)).status).toBe(200);
      expect(teams.calls).toEqual([]);
    } finally {
      await test.stop();
      await teams.stop();
    }
  });
});
