import { seriousAxeProblems } from '../support/axe';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { FrameLocator, Page } from 'playwright-core';
import { appInChromium, tabTo } from '../support/chromium';
import { COUNCIL_TENANT, EntraUser } from '../support/fake-entra';
import { meetingIdOfChat } from '../support/fake-teams-meetings';
import { SignedInTestApp, startSignedInApp } from '../support/signed-in-app';
import { changeTheme, openInTeams, TeamsHostSettings, TeamsTheme } from '../support/teams-test-host';
import { Resident } from '../support/test-app';
import { eventually } from '../support/patience';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const ATTENDEE: EntraUser = { oid: '0000a77e-0000-4000-8000-000000000004', name: 'Sam Visitor', upn: 'sam.visitor@council.example' };
const CHAT = '19:meeting_abbey@thread.v2';
const MEETING = meetingIdOfChat(CHAT);
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0';

describe('The tab inside a Teams meeting, signed in with Teams SSO, in Chromium', () => {
  const chromium = appInChromium(() => startSignedInApp(), { viewport: { width: 400, height: 820 } });
  let app: SignedInTestApp;
  let page: Page;

  beforeEach(() => {
    ({ app, page } = chromium);
  });

  const inMeeting = async (user: EntraUser, changes: Partial<TeamsHostSettings> = {}): Promise<FrameLocator> =>
    openInTeams(page, app.app.url, {
      frameContext: 'sidePanel',
      meetingId: MEETING,
      chatId: CHAT,
      userObjectId: user.oid,
      tenantId: COUNCIL_TENANT,
      token: await app.entra.token(user),
      ...changes,
    });

  const abbeySurgery = async () => (await app.as(ADA)).openSurgery({ meetingId: MEETING, joinUrl: JOIN_URL });

  it('When a councillor opens the side panel, then it shows the meeting’s surgery and a check-in appears without a reload', async () => {
    await abbeySurgery();
    const tab = await inMeeting(ADA);
    await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    await tab.getByText('Nobody is in the queue.').waitFor();
    await tab.getByRole('button', { name: 'Admit next' }).waitFor();
    // Live updates are connected once the "Connecting" line has gone.
    await tab.getByText('Connecting to live updates…').waitFor({ state: 'detached' });

    await new Resident(app, 'webchat').checksIn({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      issue: 'The streetlight outside my house is broken.',
    });
    const card = tab.getByRole('listitem').filter({ has: tab.getByRole('heading', { name: 'Jane S · A1' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Waiting — 1st');
    await tab.getByRole('status').filter({ hasText: 'Jane S · A1 joined the queue' }).waitFor({ state: 'attached' });
  });

  it('When the councillor works the queue from the keyboard, then Admit next calls the resident and Confirm seen leaves focus on Admit next', async () => {
    const surgery = await abbeySurgery();
    await new Resident(app, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Bins not collected.' });
    const tab = await inMeeting(ADA);
    await tab.getByRole('heading', { name: 'Jane S · A1' }).waitFor();

    await tabTo(page, tab, 'Admit next');
    await page.keyboard.press('Enter');
    await tab.getByText('Jane S · A1 has been called.').waitFor();
    expect((await (await app.as(ADA)).call('GET', `/api/surgeries/${surgery.id}/queue`)).body.active).toMatchObject([
      { lobbyTag: 'Jane S · A1', status: 'called' },
    ]);

    await tabTo(page, tab, 'Seen Jane S · A1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Will report to Highways');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, tab, 'Confirm seen');
    await page.keyboard.press('Enter');
    await tab.getByText('Nobody is in the queue.').waitFor();
    await expectFocusOn(tab, 'Admit next');
  });

  it('When Teams switches between its default, dark and high contrast themes, then the tab follows live, without a reload', async () => {
    await abbeySurgery();
    const tab = await inMeeting(ADA, { theme: 'dark' });
    await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    await expectTheme(tab, 'dark');
    await tab.locator('body').evaluate((body) => {
      body.dataset.sameLoad = 'yes';
    });
    for (const theme of ['default', 'contrast', 'dark'] as const) {
      await changeTheme(page, theme);
      await expectTheme(tab, theme);
    }
    expect(await tab.locator('body').evaluate((body) => body.dataset.sameLoad)).toBe('yes');
  });

  it.each<TeamsTheme>(['default', 'dark', 'contrast'])(
    'When the theme is %s, then axe finds no serious or critical problems in the side panel',
    async (theme) => {
      const surgery = await abbeySurgery();
      await new Resident(app, 'webchat').checksIn({
        name: 'Jane Smith',
        postcode: 'SW1A 1AA',
        issue: 'Bins not collected.',
        accessNeeds: 'BSL interpreter',
      });
      const omar = new Resident(app, 'webchat');
      await omar.checksIn({ name: 'Omar Farouk', postcode: 'SW1A 2AA', issue: 'Parking '.repeat(30) });
      await new Resident(app, 'webchat').checksIn({ name: 'Priya Shah', postcode: 'EC1A 1BB', issue: 'Trees' });
      // Omar's "your turn" message is refused, so the panel also shows its warning, in every theme.
      app.connector.fail(omar.conversationId, 403);
      const ada = await app.as(ADA);
      const called = (await ada.call('POST', `/api/surgeries/${surgery.id}/admit-next`)).body.called;
      await ada.call('POST', `/api/surgeries/${surgery.id}/admit-next`);
      await ada.call('POST', `/api/surgeries/${surgery.id}/visits/${called.visitId}/joined`);
      await ada.call('POST', `/api/surgeries/${surgery.id}/visits/${called.visitId}/seen`, { outcome: 'Reported to the council' });
      await app.app.settled();
      const tab = await inMeeting(ADA);
      await tab.getByRole('heading', { name: 'Priya S · A3' }).waitFor();
      await tab.getByText('Message not delivered').waitFor();
      await changeTheme(page, theme);
      await expectTheme(tab, theme);
      await tab.getByRole('button', { name: /Finished/ }).click();
      await tab.getByRole('button', { name: 'Seen Omar F · A2' }).click();
      await tab.getByRole('textbox', { name: 'Outcome note' }).waitFor();
      // It fits the 320 px side panel: nothing scrolls sideways.
      expect(await tab.locator(':root').evaluate((root) => root.scrollWidth - root.clientWidth)).toBeLessThanOrEqual(0);

      expect(await seriousAxeProblems(page)).toEqual([]);
    },
  );

  it('When the councillor asks for reduced motion, then the tab’s transitions are all but switched off', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await abbeySurgery();
    const tab = await inMeeting(ADA);
    const admitNext = tab.getByRole('button', { name: 'Admit next' });
    await admitNext.waitFor();
    const durations = await admitNext.evaluate((button) =>
      getComputedStyle(button)
        .transitionDuration.split(',')
        .map((d) => parseFloat(d)),
    );
    expect(Math.max(...durations)).toBeLessThanOrEqual(0.001);
  });

  it('When a councillor adds the app to a meeting, then the configuration page fills in the meeting from Teams, sets up the surgery, and Save gives the side panel it', async () => {
    app.teams.meeting(MEETING, {
      title: 'Abbey ward surgery',
      joinUrl: JOIN_URL,
      startsAt: '2026-12-01T18:00:00Z',
      endsAt: '2026-12-01T20:00:00Z',
      roles: { [ADA.oid]: 'Organizer' },
    });
    expect(await app.teams.addBotToMeeting(app.app.url, CHAT, COUNCIL_TENANT)).toBe(200);
    const config = await inMeeting(ADA, { frameContext: 'settings', tabPath: '/tab/?config=1' });

    const joinLink = config.getByRole('textbox', { name: 'Teams meeting join link' });
    await joinLink.waitFor();
    expect(await joinLink.inputValue()).toBe(JOIN_URL);
    expect(await config.getByLabel('Start (UK time)').inputValue()).toBe('2026-12-01T18:00');
    expect(await config.getByLabel('End (UK time)').inputValue()).toBe('2026-12-01T20:00');
    expect(await page.evaluate(() => (window as unknown as { teams: { validity?: boolean } }).teams.validity)).toBe(false);

    // Ada represents Abbey and Castle on the roster: those are the wards offered, and nothing can be typed.
    const ward = config.getByRole('combobox', { name: 'Ward' });
    await config.getByRole('option', { name: 'Castle' }).waitFor({ state: 'attached' });
    expect(await ward.getByRole('option').allTextContents()).toEqual(['Abbey', 'Castle']);
    expect(await config.getByRole('textbox', { name: 'Ward' }).count()).toBe(0);
    await ward.selectOption({ label: 'Castle' });
    await ward.selectOption({ label: 'Abbey' });
    await config.getByRole('textbox', { name: 'Councillors' }).fill('Cllr Ada Khan, Cllr Ben Ode');
    await config.getByRole('textbox', { name: 'Work email addresses' }).fill('ben.ode@council.example');
    await config.getByRole('button', { name: 'Set up surgery' }).click();
    await config.getByText('Select Save to add the queue to the meeting.').waitFor();

    const host = () =>
      page.evaluate(
        () => (window as unknown as { teams: { validity?: boolean; saved?: Record<string, string>; saveResult?: string } }).teams,
      );
    expect((await host()).validity).toBe(true);
    await page.evaluate(() => (window as unknown as { pressSave(): void }).pressSave());
    await eventually(async () => Boolean((await host()).saveResult), 'Teams hears whether the tab was saved');
    expect(await host()).toMatchObject({
      saveResult: 'success',
      saved: { contentUrl: `${app.app.url}/tab/`, entityId: 'surgery-queue', suggestedDisplayName: 'Surgery queue' },
    });

    const ben = await app.as({ oid: '0000be00-0000-4000-8000-000000000002', name: 'Cllr Ben Ode', upn: 'ben.ode@council.example' });
    const found = await ben.call('GET', `/api/meetings/surgery?meetingId=${encodeURIComponent(MEETING)}`);
    expect(found).toMatchObject({
      status: 200,
      body: { ward: 'Abbey', joinUrl: JOIN_URL, startsAt: '2026-12-01T18:00:00.000Z', councillors: ['Cllr Ada Khan', 'Cllr Ben Ode'] },
    });

    const panel = await inMeeting(ADA);
    await panel.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    await panel.getByRole('button', { name: 'Open surgery' }).waitFor();
  });

  it('When an attendee opens the side panel, then they see only that it is for councillors, and no resident data reaches the browser', async () => {
    await abbeySurgery();
    await new Resident(app, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Noise from a late-night bar.' });
    const bodies: Promise<string>[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) bodies.push(response.text().catch(() => ''));
    });

    const tab = await inMeeting(ATTENDEE);
    await tab.getByText('This panel is for the councillors running this surgery.').waitFor();
    const shown = await tab.locator('main').textContent();
    expect(shown).not.toMatch(/Jane|Noise|SW1A|Abbey/);
    const received = await Promise.all(bodies);
    expect(received.length).toBeGreaterThan(0);
    for (const body of received) expect(body).not.toMatch(/Jane|Noise|SW1A/);
  });

  it('When Teams refuses the notices on the meeting stage, then the side panel says what councillors miss, that the panel shows the same, and what the officers must allow', async () => {
    const chat = '19:meeting_no_notices@thread.v2';
    const meetingId = meetingIdOfChat(chat);
    // The meeting chat's calls go to the recording connector, which refuses its notifications as Teams does without the permission.
    expect(await app.teams.addBotToMeeting(app.app.url, chat, COUNCIL_TENANT, app.connector.url)).toBe(200);
    app.connector.fail(`meeting:${meetingId}`, 403);
    await (await app.as(ADA)).openSurgery({ meetingId, joinUrl: JOIN_URL });
    const tab = await inMeeting(ADA, { meetingId, chatId: chat });
    await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();

    await new Resident(app, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes.' });

    const note = tab.getByText(/Teams would not show Surgery Queue’s notices in this meeting/);
    await note.waitFor();
    expect(await note.textContent()).toMatch(/Everything else works: keep this panel open.*OnlineMeetingNotification\.Send\.Chat/);
    await tab
      .getByRole('listitem')
      .filter({ has: tab.getByRole('heading', { name: 'Jane S · A1' }) })
      .waitFor();
    await tab.getByRole('button', { name: 'Dismiss the note about notices on the meeting stage' }).click();
    await note.waitFor({ state: 'detached' });
  });

  it('When Teams refused the meeting’s details for want of its permission before the surgery was set up, then the side panel says at once what councillors miss, what still works and what the officers must allow', async () => {
    const chat = '19:meeting_no_details@thread.v2';
    const meetingId = meetingIdOfChat(chat);
    app.teams.meeting(meetingId, { title: 'Abbey ward surgery', roles: { [ADA.oid]: 'Organizer' } });
    expect(await app.teams.addBotToMeeting(app.app.url, chat, COUNCIL_TENANT)).toBe(200);
    const ada = await app.as(ADA);
    app.teams.refuse('details', 403);
    try {
      // As the set-up form asks, before any surgery is set up in the meeting.
      expect((await ada.call('GET', `/api/meetings/details?meetingId=${encodeURIComponent(meetingId)}`)).status).toBe(404);
      await ada.openSurgery({ meetingId, joinUrl: JOIN_URL });
      const tab = await inMeeting(ADA, { meetingId, chatId: chat });
      await tab.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();

      const note = tab.getByText(/Teams would not give Surgery Queue this meeting’s details/);
      await note.waitFor();
      expect(await note.textContent()).toMatch(
        /Everything else works: type the time and the meeting link in.*OnlineMeeting\.ReadBasic\.Chat/,
      );
      await tab.getByRole('button', { name: 'Admit next' }).waitFor();
      await tab.getByRole('button', { name: 'Dismiss the note about what Teams will not share' }).click();
      await note.waitFor({ state: 'detached' });
    } finally {
      app.teams.refuse('details', undefined);
    }
  });
});

async function expectFocusOn(tab: FrameLocator, name: string): Promise<void> {
  const focused = await tab.locator(':root').evaluate(() => document.activeElement?.textContent ?? '');
  expect(focused).toBe(name);
}

const BACKGROUND: Record<TeamsTheme, string> = {
  default: teamsLightTheme.colorNeutralBackground1,
  dark: teamsDarkTheme.colorNeutralBackground1,
  contrast: teamsHighContrastTheme.colorNeutralBackground1,
};

/** "#292929" -> "rgb(41, 41, 41)", as getComputedStyle reports colours. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Waits until the tab is painted in the theme's own background. */
async function expectTheme(tab: FrameLocator, theme: TeamsTheme): Promise<void> {
  const provider = tab.locator('.fui-FluentProvider').first();
  const wanted = rgb(BACKGROUND[theme]);
  await eventually(
    async () => (await provider.evaluate((element) => getComputedStyle(element).backgroundColor)) === wanted,
    `the tab switches to the ${theme} theme, whose background is ${wanted}`,
  );
}
