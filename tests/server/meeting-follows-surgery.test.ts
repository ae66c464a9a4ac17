import type { QueueView, SurgeryChanged, SurgerySummary } from '../../bot/api-types';
import { CLIENT_ID, EntraUser, OBO_GRANT_TYPE } from '../support/fake-entra';
import type { CalendarEvent, FakeGraph } from '../support/fake-graph';
import { SignedInTestApp, startSignedInApp, UserApi } from '../support/signed-in-app';

// Ada represents Abbey on the test roster and organises; Ben runs her surgeries because she adds him by email.
const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const BEN: EntraUser = { oid: '0000be00-0000-4000-8000-000000000002', name: 'Cllr Ben Ode', upn: 'ben.ode@council.example' };

const PLAN = {
  ward: 'E05000001',
  startsAt: '2026-12-10T18:00:00.000Z',
  endsAt: '2026-12-10T20:00:00.000Z',
  councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'],
  councillorAccounts: ['ben.ode@council.example'],
  createMeeting: true,
};

const LATER = { startsAt: '2026-12-10T19:00:00.000Z', endsAt: '2026-12-10T21:30:00.000Z' };

describe('The Teams meeting Surgery Queue made follows its surgery when the organiser changes or cancels it, or as soon as the organiser calls when someone else did', () => {
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
    expect(graph.problems).toEqual([]);
  });

  /** A surgery with its meeting made in Ada's calendar, and that meeting's event. */
  async function surgeryWithMeeting(): Promise<{ surgery: SurgerySummary; event: CalendarEvent }> {
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', PLAN);
    expect(created.status).toBe(201);
    return { surgery: created.body, event: graph.events.at(-1)! };
  }

  /**
   * The event moved to LATER with Ben and Cy invited, in one change (https://learn.microsoft.com/en-us/graph/api/event-update),
   * and both presenting (https://learn.microsoft.com/en-us/graph/api/onlinemeeting-update).
   */
  function expectMovedLaterWithCy(event: CalendarEvent): void {
    expect(event.changes).toHaveLength(1);
    const patch = event.changes[0]!;
    expect(Object.keys(patch).sort()).toEqual(['attendees', 'end', 'start']);
    expect(patch.start).toEqual({ dateTime: '2026-12-10T19:00:00', timeZone: 'UTC' });
    expect(patch.end).toEqual({ dateTime: '2026-12-10T21:30:00', timeZone: 'UTC' });
    expect(patch.attendees).toEqual([
      { emailAddress: { address: 'ben.ode@council.example' }, type: 'required' },
      { emailAddress: { address: 'cy.dale@council.example' }, type: 'required' },
    ]);
    expect(event.settings?.participants).toEqual({
      attendees: [
        { upn: 'ben.ode@council.example', role: 'presenter' },
        { upn: 'cy.dale@council.example', role: 'presenter' },
      ],
    });
  }

  const timesOf = async (surgeryId: string) => {
    const { surgery } = (await ada.call<SurgeryChanged>('GET', `/api/surgeries/${surgeryId}/queue`)).body;
    return { startsAt: surgery.startsAt, endsAt: surgery.endsAt };
  };

  it('When the organiser moves the surgery and adds a councillor, then the event gets the new start, end and invited councillors, and the new councillor presents', async () => {
    const { surgery, event } = await surgeryWithMeeting();
    const exchanges = test.entra.tokenRequests.length;

    const changed = await ada.call<SurgeryChanged>('PATCH', `/api/surgeries/${surgery.id}`, {
      ...LATER,
      councillors: ['Cllr Ada Khan', 'Cllr Ben Ode', 'Cllr Cy Dale'],
      councillorAccounts: ['ben.ode@council.example', 'cy.dale@council.example'],
    });

    expect(changed.status).toBe(200);
    expect(changed.body.meetingNotUpdated).toBeUndefined();
    expect(changed.body.surgery.startsAt).toBe(LATER.startsAt);
    // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow#first-case-access-token-request-with-a-shared-secret
    expect(test.entra.tokenRequests.length).toBe(exchanges + 1);
    expect(test.entra.tokenRequests.at(-1)).toMatchObject({
      grant_type: OBO_GRANT_TYPE,
      client_id: CLIENT_ID,
      assertion: ada.token,
      requested_token_use: 'on_behalf_of',
    });
    expectMovedLaterWithCy(event);
    expect(event.settings).toMatchObject({
      allowedPresenters: 'roleIsPresenter',
      allowMeetingChat: 'disabled',
      isEntryExitAnnounced: false,
    });
    expect(event.cancelled).toBeUndefined();
  });

  it('When the organiser cancels the surgery with a message, then the event is cancelled with that message to the invited councillors', async () => {
    const { surgery, event } = await surgeryWithMeeting();

    const cancelled = await ada.call<SurgeryChanged>('POST', `/api/surgeries/${surgery.id}/cancel`, { message: 'I am unwell.' });

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.meetingNotUpdated).toBeUndefined();
    expect(cancelled.body.surgery.cancelledAt).toBeDefined();
    // https://learn.microsoft.com/en-us/graph/api/event-cancel
    expect(event.cancelled?.comment).toContain('I am unwell.');
    expect(event.changes).toEqual([]);
  });

  it('When another councillor of the surgery changes it, then the change holds, nothing is asked of Entra ID or Graph as them, and every councillor reads that the meeting waits for the organiser', async () => {
    const { surgery, event } = await surgeryWithMeeting();
    const ben = await test.as(BEN);
    const exchanges = test.entra.tokenRequests.length;
    const calls = graph.calls.length;

    const changed = await ben.call<SurgeryChanged>('PATCH', `/api/surgeries/${surgery.id}`, LATER);

    expect(changed.status).toBe(200);
    expect(changed.body.meetingNotUpdated).toBeUndefined();
    expect(changed.body.meetingPending).toEqual({
      id: expect.any(String),
      what: ['time'],
      by: 'Cllr Ben Ode',
      at: expect.any(String),
      organiser: 'Cllr Ada Khan',
    });
    // Ben's own calls never make the change: Graph lets only the organiser change the event (/me/events).
    const bensView = await ben.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`);
    expect(bensView.body.meetingPending?.what).toEqual(['time']);
    expect(bensView.body.surgery.startsAt).toBe(LATER.startsAt);
    expect(test.entra.tokenRequests.length).toBe(exchanges);
    expect(graph.calls.length).toBe(calls);
    expect(event.changes).toEqual([]);
  });

  it('When the organiser’s tab next calls the server, then another councillor’s change is made in the meeting with the organiser’s own sign-in, and the note is gone for everyone', async () => {
    const { surgery, event } = await surgeryWithMeeting();
    const ben = await test.as(BEN);
    await ben.call('PATCH', `/api/surgeries/${surgery.id}`, LATER);
    // A later change replaces the pending one: the meeting gets the surgery as it is then.
    await ben.call('PATCH', `/api/surgeries/${surgery.id}`, {
      councillors: ['Cllr Ada Khan', 'Cllr Ben Ode', 'Cllr Cy Dale'],
      councillorAccounts: ['ben.ode@council.example', 'cy.dale@council.example'],
    });
    expect((await ben.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`)).body.meetingPending?.what).toEqual([
      'time',
      'councillors',
    ]);
    const exchanges = test.entra.tokenRequests.length;

    const adasView = await ada.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`);

    expect(adasView.status).toBe(200);
    expect(adasView.body.meetingPending).toBeUndefined();
    // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow#first-case-access-token-request-with-a-shared-secret
    expect(test.entra.tokenRequests.length).toBe(exchanges + 1);
    expect(test.entra.tokenRequests.at(-1)).toMatchObject({ grant_type: OBO_GRANT_TYPE, assertion: ada.token });
    // https://learn.microsoft.com/en-us/graph/api/event-update: one change, in Ada's calendar, with both councillors' changes.
    expect(event.organiser).toBe(ADA.oid);
    expectMovedLaterWithCy(event);
    expect((await ben.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`)).body.meetingPending).toBeUndefined();

    await ada.call('GET', `/api/surgeries/${surgery.id}/queue`);
    expect(event.changes).toHaveLength(1);
    expect(test.entra.tokenRequests.length).toBe(exchanges + 1);
  });

  it('When Graph refuses another councillor’s cancellation at the organiser’s call, then it is kept with why, for every councillor to read, and the event stays', async () => {
    const { surgery, event } = await surgeryWithMeeting();
    const ben = await test.as(BEN);
    const cancelled = await ben.call<SurgeryChanged>('POST', `/api/surgeries/${surgery.id}/cancel`, { message: 'Flooding.' });
    expect(cancelled.body.meetingPending).toMatchObject({ what: ['cancelled'], by: 'Cllr Ben Ode' });
    graph.failNext('POST /me/events', 403);

    const adasView = await ada.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`);

    expect(adasView.body.meetingPending).toMatchObject({ what: ['cancelled'], by: 'Cllr Ben Ode', organiser: 'Cllr Ada Khan' });
    expect(adasView.body.meetingPending?.refused).toMatch(/is still in the organiser’s calendar.*Calendars\.ReadWrite/);
    expect((await ben.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`)).body.meetingPending?.refused).toBe(
      adasView.body.meetingPending?.refused,
    );
    expect(event.cancelled).toBeUndefined();
  });

  it('When nobody consented to the Graph permissions, then the change holds and the tab is told what the officers must grant', async () => {
    const { surgery, event } = await surgeryWithMeeting();
    test.entra.consentMissing = true;

    const changed = await ada.call<SurgeryChanged>('PATCH', `/api/surgeries/${surgery.id}`, LATER);

    expect(changed.status).toBe(200);
    expect(await timesOf(surgery.id)).toEqual(LATER);
    expect(changed.body.meetingNotUpdated).toMatch(/still shows the old time/);
    expect(changed.body.meetingNotUpdated).toMatch(/grant the Microsoft Graph permission Calendars\.ReadWrite/);
    expect(event.changes).toEqual([]);
  });

  it('When Graph does not answer the change, then the change holds and the tab is told to change the meeting by hand, never a 500', async () => {
    const { surgery } = await surgeryWithMeeting();
    graph.failNext('PATCH /me/events', 503);

    const changed = await ada.call<SurgeryChanged>('PATCH', `/api/surgeries/${surgery.id}`, LATER);

    expect(changed.status).toBe(200);
    expect(await timesOf(surgery.id)).toEqual(LATER);
    expect(changed.body.meetingNotUpdated).toMatch(/Microsoft 365 did not answer just now\. Please change it in Outlook or Teams\./);
  });

  it('When the calendar may not be written at the cancellation, then the surgery is cancelled and the tab names the permission missing', async () => {
    const { surgery, event } = await surgeryWithMeeting();
    graph.failNext('POST /me/events', 403);

    const cancelled = await ada.call<SurgeryChanged>('POST', `/api/surgeries/${surgery.id}/cancel`, {});

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.surgery.cancelledAt).toBeDefined();
    expect(cancelled.body.meetingNotUpdated).toMatch(/is still in the organiser’s calendar/);
    expect(cancelled.body.meetingNotUpdated).toMatch(/Calendars\.ReadWrite/);
    expect(event.cancelled).toBeUndefined();
  });

  it('When the organiser already deleted the event, then a cancellation has nothing left to say about it', async () => {
    const { surgery, event } = await surgeryWithMeeting();
    event.deleted = true;

    const cancelled = await ada.call<SurgeryChanged>('POST', `/api/surgeries/${surgery.id}/cancel`, {});

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.meetingNotUpdated).toBeUndefined();
  });

  it('When a surgery whose join link was pasted changes, then no token is exchanged and nothing is said about a meeting', async () => {
    const created = await ada.call<SurgerySummary>('POST', '/api/surgeries', {
      ...PLAN,
      createMeeting: false,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_pasted%40thread.v2/0',
    });
    const exchanges = test.entra.tokenRequests.length;

    const changed = await ada.call<SurgeryChanged>('PATCH', `/api/surgeries/${created.body.id}`, LATER);

    expect(changed.status).toBe(200);
    expect(changed.body.meetingNotUpdated).toBeUndefined();
    expect(test.entra.tokenRequests.length).toBe(exchanges);
  });
});
