import { seriousAxeProblems } from '../support/axe';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-components';
import { FrameLocator, Locator, Page } from 'playwright-core';
import type { SurgerySummary } from '../../bot/api-types';
import { BookingDesk, bookingDesk } from '../support/booking-desk';
import { appInChromium } from '../support/chromium';
import { meetingIdOfChat } from '../support/fake-teams-meetings';
import { openInTeams, TeamsTheme } from '../support/teams-test-host';
import { TestApp, startTestApp } from '../support/test-app';
import { eventually } from '../support/patience';

// December: UK time is UTC, so 18:00Z is 6pm.
const at = (time: string) => new Date(`2026-12-01T${time}:00.000Z`);
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
const CHAT = '19:meeting_riverside@thread.v2';

async function expectNoSeriousAxeProblems(page: Page): Promise<void> {
  expect(await seriousAxeProblems(page)).toEqual([]);
}

/** A surgery from 6pm to 8pm, set up over the API, as the tab's set-up form would send it. */
async function planSurgery(test: TestApp, plan: Record<string, unknown>): Promise<SurgerySummary> {
  const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', {
    ward: 'Riverside',
    startsAt: at('18:00').toISOString(),
    endsAt: at('20:00').toISOString(),
    joinUrl: JOIN_URL,
    councillors: ['Cllr Ada Khan'],
    ...plan,
  });
  if (created.status !== 201) throw new Error(`Could not set up the surgery: ${JSON.stringify(created.body)}`);
  return created.body;
}

const rowsOf = (within: Page | FrameLocator, list: string): Locator => within.getByRole('list', { name: list }).getByRole('listitem');

describe('Booked slots in the councillors’ tab, in Chromium', () => {
  let now = at('17:00');
  const chromium = appInChromium(() => {
    now = at('17:00');
    return startTestApp({ clock: () => now });
  });
  let test: TestApp;
  let desk: BookingDesk;
  let page: Page;

  beforeEach(async () => {
    ({ app: test, page } = chromium);
    desk = await bookingDesk(test, () => now);
  });

  it('When a councillor sets up a surgery for bookings and drop-ins, then the panel shows its slots, and a late booking can be marked missed from the keyboard', async () => {
    await page.goto(`${test.app.url}/tab/`);
    await page.getByRole('textbox', { name: 'Ward' }).fill('Riverside');
    await page.getByLabel('Start (UK time)').fill('2026-12-01T18:00');
    await page.getByLabel('End (UK time)').fill('2026-12-01T20:00');
    await page.getByRole('textbox', { name: 'Teams meeting join link' }).fill(JOIN_URL);
    await page.getByRole('textbox', { name: 'Councillors' }).fill('Cllr Ada Khan');
    await page.getByRole('radio', { name: 'Both: bookings, and slots kept for drop-ins' }).check();
    const keptFree = page.getByRole('spinbutton', { name: 'Slots kept free for drop-ins' });
    expect(await page.getByRole('spinbutton', { name: 'Slot length (minutes)' }).inputValue()).toBe('10');
    await page.getByText('This 2-hour surgery has 12 slots of 10 minutes.').waitFor();

    await keptFree.fill('12');
    await page.getByRole('button', { name: 'Set up surgery' }).click();
    await page.getByText('Keep fewer than 12 slots free, or choose drop-in only.').waitFor();
    expect(await keptFree.getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousAxeProblems(page);

    await keptFree.fill('2');
    await page.getByText('That leaves 10 slots to book.').waitFor();
    await page.getByRole('button', { name: 'Set up surgery' }).click();
    await page.getByRole('heading', { level: 1, name: 'Riverside surgery' }).waitFor();
    const surgeryId = new URL(page.url()).searchParams.get('surgery') ?? '';
    expect((await test.api.queue(surgeryId)).surgery).toMatchObject({ mode: 'both', slotMinutes: 10, freeSlots: 2 });
    await page.getByText('12 slots: 10 free, 2 for drop-ins').waitFor();

    await desk.book(surgeryId, 0, { name: 'Jane Smith', postcode: 'RV1 1AA' });
    await desk.book(surgeryId, 1, { name: 'Omar Farouk', postcode: 'CA1 2BB' });
    await page.getByText('12 slots: 2 booked, 8 free, 2 for drop-ins').waitFor();
    await page.getByRole('button', { name: 'Show all slots' }).click();
    const slots = rowsOf(page, 'All slots');
    expect(await slots.count()).toBe(12);
    expect(await slots.nth(0).innerText()).toMatch(/6pm\s+Booked — Jane Smith \(RV1 1AA, in ward\)/);
    expect(await slots.nth(1).innerText()).toMatch(/6:10pm\s+Booked — Omar Farouk \(CA1 2BB, outside ward \(Castle\)\)/);
    expect(await slots.filter({ hasText: 'Kept for drop-ins' }).count()).toBe(2);
    expect(await slots.filter({ hasText: /pm\s*Free$/ }).count()).toBe(8);

    // Opening the surgery at 6:12pm brings a fresh view: Jane is late, Omar's time has not come.
    now = at('18:12');
    await page.getByRole('button', { name: 'Open surgery' }).click();
    await page.getByText('12 slots: 2 booked (1 late), 8 free, 2 for drop-ins').waitFor();
    expect(await slots.nth(0).innerText()).toContain('Late — Jane Smith');
    expect(await slots.nth(0).innerText()).toContain('Not checked in 10 minutes after their time.');
    expect(await page.getByRole('button', { name: /^Mark as missed/ }).count()).toBe(1);

    const markMissed = page.getByRole('button', { name: 'Mark as missed: Jane Smith, 6pm' });
    await markMissed.focus();
    await page.keyboard.press('Enter');
    await page.getByText('12 slots: 1 booked, 1 missed, 8 free, 2 for drop-ins').waitFor();
    expect(await slots.nth(0).innerText()).toMatch(/6pm\s+Missed — Jane Smith/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Missed — Jane Smith');
    await page.getByRole('status').filter({ hasText: 'Jane Smith’s 6pm booking is marked as missed.' }).waitFor({ state: 'attached' });
    expect((await test.api.queue(surgeryId)).slots![0]!.state).toBe('no_show');
  });

  it('When the side panel is narrow, then the slots fold to a summary that keeps late bookings in view', async () => {
    const surgery = await planSurgery(test, { mode: 'bookings', slotMinutes: 15 });
    await desk.book(surgery.id, 0, { name: 'Jane Smith', postcode: 'RV1 1AA' });
    now = at('18:20');

    await page.goto(`${test.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByText('8 slots: 1 booked (1 late), 1 passed unbooked, 6 free').waitFor();
    const late = rowsOf(page, 'Late bookings');
    expect(await late.count()).toBe(1);
    expect(await late.first().innerText()).toContain('Late — Jane Smith');
    expect(await page.getByRole('button', { name: 'Show all slots' }).getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator(':root').evaluate((root) => root.scrollWidth - root.clientWidth)).toBeLessThanOrEqual(0);
  });

  it('When a booked resident checks in, then the timeline shows them waiting with their lobby tag and their queue row says when they booked for', async () => {
    const surgery = await planSurgery(test, { mode: 'both', freeSlots: 2 });
    const booking = await desk.book(surgery.id, 2, { name: 'Jane Smith', postcode: 'RV1 1AA' });
    now = at('18:05');
    await test.api.call('POST', `/api/surgeries/${surgery.id}/open`);
    await page.goto(`${test.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByRole('button', { name: 'Admit next' }).waitFor();

    await desk.checkIn(booking);
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Priya Shah',
      postcode: 'RV1 2AB',
      issue: 'Trees',
      phone: '',
      noPhone: true,
    });

    const jane = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Jane S · A1' }) });
    await jane.waitFor();
    expect(await jane.innerText()).toContain('Booked for 6:20pm, via Web chat');
    const priya = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Priya S · A2' }) });
    await priya.waitFor();
    expect(await priya.innerText()).toContain('Drop-in, via Phone');
    await page.getByRole('button', { name: 'Show all slots' }).click();
    expect(await rowsOf(page, 'All slots').nth(2).innerText()).toMatch(/6:20pm\s+Waiting — Jane Smith, Jane S · A1\s+Checked in/);
  });

  it.each<TeamsTheme>(['default', 'dark', 'contrast'])(
    'When the Teams theme is %s, then axe finds no serious or critical problems in the slots',
    async (theme) => {
      const meetingId = meetingIdOfChat(CHAT);
      const surgery = await planSurgery(test, { meetingId, mode: 'both', freeSlots: 3 });
      const missed = await desk.book(surgery.id, 0, { name: 'Jane Smith', postcode: 'RV1 1AA' });
      await desk.book(surgery.id, 1, { name: 'Omar Farouk', postcode: 'CA1 2BB' });
      const here = await desk.book(surgery.id, 2, { name: 'Priya Shah', postcode: 'RV2 3AB' });
      await desk.book(surgery.id, 6, { name: 'Sam Lee', postcode: 'RV1 4EF' });
      now = at('18:00');
      await test.api.call('POST', `/api/surgeries/${surgery.id}/open`);
      await desk.checkIn(here);
      now = at('18:25');
      await test.api.call('POST', `/api/surgeries/${surgery.id}/bookings/${missed.id}/no-show`);

      const tab = await openInTeams(page, test.app.url, {
        frameContext: 'sidePanel',
        meetingId,
        chatId: CHAT,
        userObjectId: 'local',
        tenantId: 'local',
        token: 'local',
        theme,
      });
      await tab.getByText('12 slots: 3 booked (1 late), 1 missed, 5 free, 3 for drop-ins').waitFor();
      await expectTheme(tab, theme);
      await tab.getByRole('button', { name: 'Show all slots' }).click();
      await tab.getByRole('button', { name: 'Mark as missed: Omar Farouk, 6:10pm' }).waitFor();
      expect(await tab.locator(':root').evaluate((root) => root.scrollWidth - root.clientWidth)).toBeLessThanOrEqual(0);

      await expectNoSeriousAxeProblems(page);
    },
  );
});

const BACKGROUND: Record<TeamsTheme, string> = {
  default: teamsLightTheme.colorNeutralBackground1,
  dark: teamsDarkTheme.colorNeutralBackground1,
  contrast: teamsHighContrastTheme.colorNeutralBackground1,
};

/** Waits until the tab is painted in the theme's own background. */
async function expectTheme(tab: FrameLocator, theme: TeamsTheme): Promise<void> {
  const [r, g, b] = [1, 3, 5].map((from) => parseInt(BACKGROUND[theme].slice(from, from + 2), 16));
  const provider = tab.locator('.fui-FluentProvider').first();
  const wanted = `rgb(${r}, ${g}, ${b})`;
  await eventually(
    async () => (await provider.evaluate((element) => getComputedStyle(element).backgroundColor)) === wanted,
    `the tab switches to the ${theme} theme, whose background is ${wanted}`,
  );
}
