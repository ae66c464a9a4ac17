import type { FrameLocator } from 'playwright-core';
import { pageInChromium } from '../support/chromium';
import { COUNCIL_TENANT, EntraUser } from '../support/fake-entra';
import { SignedInTestApp, startSignedInApp } from '../support/signed-in-app';
import { openInTeams } from '../support/teams-test-host';
import { eventually } from '../support/patience';
import { toLondonInput } from '../../tab/src/london-time';
import type { SurgerySummary } from '../../bot/api-types';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const BEN: EntraUser = { oid: '0000be00-0000-4000-8000-000000000002', name: 'Cllr Ben Ode', upn: 'ben.ode@council.example' };

describe('The set-up form makes the surgery’s Teams meeting for a signed-in councillor, in Chromium', () => {
  const chromium = pageInChromium({ viewport: { width: 400, height: 900 } });
  let app: SignedInTestApp;

  beforeAll(async () => {
    app = await startSignedInApp({ graph: true });
  });

  afterAll(async () => {
    await app?.stop();
  });

  afterEach(() => {
    app.entra.consentMissing = false;
  });

  // Teams outside a meeting (the app's own tab): no meeting id, so surgeries are chosen or set up here.
  const inTeams = async (user: EntraUser = ADA, tabPath?: string): Promise<FrameLocator> =>
    openInTeams(chromium.page, app.app.url, {
      frameContext: 'content',
      meetingId: '',
      chatId: '',
      userObjectId: user.oid,
      tenantId: COUNCIL_TENANT,
      token: await app.entra.token(user),
      ...(tabPath ? { tabPath } : {}),
    });

  const fillIn = async (tab: FrameLocator) => {
    await tab.getByRole('option', { name: 'Abbey' }).waitFor({ state: 'attached' });
    await tab.getByRole('textbox', { name: 'Councillors' }).fill('Cllr Ada Khan, Cllr Ben Ode');
    await tab.getByRole('textbox', { name: 'Work email addresses' }).fill('ben.ode@council.example');
  };

  it('When a councillor sets up a surgery with the default choice, then the meeting is made in their calendar and the surgery opens with its link', async () => {
    const tab = await inTeams();
    const create = tab.getByRole('radio', { name: 'Create the Teams meeting for me' });
    await create.waitFor();
    expect(await create.isChecked()).toBe(true);
    expect(await tab.getByRole('textbox', { name: 'Teams meeting join link' }).count()).toBe(0);
    await tab.getByText('Residents wait in the lobby until a councillor admits them, and meeting chat is off.').waitFor();

    await fillIn(tab);
    await tab.getByRole('button', { name: 'Set up surgery' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    await eventually(async () => app.graph!.events.length === 1, 'the meeting is made');
    const event = app.graph!.events[0]!;
    expect(event.organiser).toBe(ADA.oid);
    expect(event.settings).toMatchObject({ allowedPresenters: 'roleIsPresenter', allowMeetingChat: 'disabled' });
    expect(app.graph!.problems).toEqual([]);
  });

  it('When nobody has consented to the Graph permissions, then the form says what the officers must grant, and a pasted link still sets the surgery up', async () => {
    app.entra.consentMissing = true;
    const tab = await inTeams();
    await fillIn(tab);
    await tab.getByRole('button', { name: 'Set up surgery' }).click();
    await tab.getByText(/grant admin consent .* Calendars\.ReadWrite and OnlineMeetings\.ReadWrite/).waitFor();

    await tab.getByRole('radio', { name: 'I have a join link' }).check();
    await tab
      .getByRole('textbox', { name: 'Teams meeting join link' })
      .fill('https://teams.microsoft.com/l/meetup-join/19%3ameeting_pasted%40thread.v2/0');
    await tab.getByRole('button', { name: 'Set up surgery' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
  });

  it('When the organiser cancels a surgery whose meeting Graph may no longer change, then the surgery is cancelled and the tab says the meeting is still in the calendar and what the officers must grant', async () => {
    const tab = await inTeams();
    await fillIn(tab);
    await tab.getByRole('button', { name: 'Set up surgery' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    const event = app.graph!.events.at(-1)!;

    app.entra.consentMissing = true;
    await tab.getByRole('button', { name: 'Cancel surgery' }).click();
    await tab.getByRole('button', { name: 'Yes, cancel surgery' }).click();

    await tab.getByText(/^Cancelled at /).waitFor();
    const note = tab.getByText(/The surgery is cancelled, but its Teams meeting is still in the organiser’s calendar/);
    await note.waitFor();
    expect(await note.textContent()).toMatch(
      /grant the Microsoft Graph permission Calendars\.ReadWrite .* and cancel it in Outlook or Teams meanwhile\./,
    );
    expect(event.cancelled).toBeUndefined();
    await tab.getByRole('button', { name: 'Dismiss the note about the Teams meeting' }).click();
    await note.waitFor({ state: 'detached' });
  });

  it('When the organiser changes a surgery and Graph does not answer, then the change holds and the tab says the meeting still shows the old time', async () => {
    const tab = await inTeams();
    await fillIn(tab);
    await tab.getByRole('button', { name: 'Set up surgery' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    const event = app.graph!.events.at(-1)!;
    const start = Date.parse(`${event.body.start.dateTime}Z`);

    app.graph!.failNext('PATCH /me/events', 503);
    await tab.getByRole('button', { name: 'Change surgery' }).click();
    const form = tab.getByRole('form', { name: 'Change surgery' });
    await form.getByLabel('End (UK time)').fill(toLondonInput(new Date(start + 3 * 60 * 60_000)));
    await form.getByRole('button', { name: 'Save changes' }).click();

    await tab.getByText('Surgery changed. Residents whose time moved are told.').waitFor();
    await tab
      .getByText(
        /The surgery is changed, but its Teams meeting .* still shows the old time and councillors: Microsoft 365 did not answer just now\. Please change it in Outlook or Teams\./,
      )
      .waitFor();
    expect(event.changes).toEqual([]);
  });

  it('When a councillor who is not the organiser changes the surgery, then their panel says the meeting waits for the organiser, and the organiser’s panel, opened or open, makes each change in the meeting or says why it could not', async () => {
    const created = await (
      await app.as(ADA)
    ).call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'E05000001',
      startsAt: '2026-12-10T18:00:00.000Z',
      endsAt: '2026-12-10T20:00:00.000Z',
      councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'],
      councillorAccounts: ['ben.ode@council.example'],
      createMeeting: true,
    });
    expect(created.status).toBe(201);
    const surgeryPath = `/tab/?surgery=${encodeURIComponent(created.body.id)}`;
    const event = app.graph!.events.at(-1)!;
    const ben = await app.as(BEN);
    const change = (times: { startsAt: string; endsAt: string }) => ben.call('PATCH', `/api/surgeries/${created.body.id}`, times);
    expect((await change({ startsAt: '2026-12-10T19:00:00.000Z', endsAt: '2026-12-10T21:00:00.000Z' })).status).toBe(200);

    const bensTab = await inTeams(BEN, surgeryPath);
    await bensTab
      .getByText(
        /Cllr Ben Ode changed the time on .*Only Cllr Ada Khan, who set the surgery up, can change its Teams meeting, so Surgery Queue updates it the next time Cllr Ada Khan opens this panel\. Until then calendars show the meeting as it was\./,
      )
      .waitFor();
    expect(event.changes).toEqual([]);

    const adasTab = await inTeams(ADA, surgeryPath);
    await adasTab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    await eventually(async () => event.changes.length === 1, 'the meeting follows as the organiser opens the panel');
    // https://learn.microsoft.com/en-us/graph/api/event-update
    expect(event.changes[0]).toMatchObject({ start: { dateTime: '2026-12-10T19:00:00', timeZone: 'UTC' } });
    await adasTab.getByText('Connecting to live updates…').waitFor({ state: 'detached' });

    // With her panel open, the next change reaches the meeting from it; one Graph refuses is shown with why.
    expect((await change({ startsAt: '2026-12-10T19:00:00.000Z', endsAt: '2026-12-10T21:30:00.000Z' })).status).toBe(200);
    await eventually(async () => event.changes.length === 2, 'the meeting follows from the organiser’s open panel');
    expect(event.changes[1]).toMatchObject({ end: { dateTime: '2026-12-10T21:30:00', timeZone: 'UTC' } });

    app.graph!.failNext('PATCH /me/events', 503);
    expect((await change({ startsAt: '2026-12-10T19:30:00.000Z', endsAt: '2026-12-10T21:30:00.000Z' })).status).toBe(200);
    await adasTab
      .getByText(
        /Surgery Queue tried to update the Teams meeting as Cllr Ada Khan, who set the surgery up, but could not\. .*Microsoft 365 did not answer just now/,
      )
      .waitFor();
    expect(event.changes).toHaveLength(2);
    expect(app.graph!.problems).toEqual([]);
  });
});
