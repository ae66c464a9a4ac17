import { seriousAxeProblems } from '../support/axe';
import { Browser, Page } from 'playwright-core';
import type { SurgerySummary } from '../../bot/api-types';
import type { Booking } from '../../bot/domain/model';
import { isRefusal } from '../../bot/domain/refusal';
import { launchChromium } from '../support/chromium';
import { TestApp, startTestApp } from '../support/test-app';

const PLAN = {
  ward: 'Abbey',
  startsAt: '2026-11-24T14:00:00.000Z',
  endsAt: '2026-11-24T16:00:00.000Z',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
  councillors: ['Cllr Ada Khan'],
  mode: 'bookings',
  slotMinutes: 10,
};
const JANE = { name: 'Jane Smith', address: '12 Mill Lane', postcode: 'RV1 1AA', issue: 'Mould in my flat', contact: 'jane@example.com' };
const OMAR = { name: 'Omar Farouk', address: '3 Castle Row', postcode: 'RV2 2BB', issue: 'Bins', contact: 'omar@example.com' };
// The narrowest screen WCAG's reflow rule asks for: 320 CSS pixels.
const NARROW = 320;

const fitsTheScreen = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW);

describe('a booking’s manage page in Chromium on a 320-pixel screen', () => {
  let browser: Browser;
  let test: TestApp;
  let page: Page;
  let noScript: Page;
  let surgery: SurgerySummary;
  let jane: Booking;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    const now = new Date('2026-11-23T10:00:00.000Z');
    test = await startTestApp({ clock: () => now, env: { COUNCIL_NAME: 'Riverside Borough Council' } });
    const phone = { viewport: { width: NARROW, height: 640 }, locale: 'en-GB', isMobile: true, hasTouch: true };
    page = await (await browser.newContext(phone)).newPage();
    // JavaScript off, as the most basic browser: axe needs JavaScript, so it checks `page`.
    noScript = await (await browser.newContext({ ...phone, javaScriptEnabled: false })).newPage();
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', PLAN);
    surgery = created.body;
    const booked = await test.app.bookings.book(surgery.id, { ...JANE, slot: 2 }, { channel: 'webchat' });
    if (isRefusal(booked)) throw new Error(booked.message);
    jane = booked.booking;
  });

  afterEach(async () => {
    await page?.context().close();
    await noScript?.context().close();
    await test?.stop();
  });

  it('When a resident opens their booking, the change of time and the cancel question, then each fits the screen and has no serious accessibility problems', async () => {
    await page.goto(`${test.app.url}/bookings/${jane.manageToken}`);
    await page.getByRole('heading', { level: 1, name: 'Your surgery appointment' }).waitFor();
    await fitsTheScreen(page);
    expect(await seriousAxeProblems(page)).toEqual([]);

    await page.getByRole('link', { name: 'Change the time' }).click();
    await page.getByRole('group', { name: 'Choose a new time' }).waitFor();
    await fitsTheScreen(page);
    expect(await seriousAxeProblems(page)).toEqual([]);

    // Someone books 2:50pm while Jane is choosing it: the list comes back with the error, which is accessible too.
    await page.getByRole('radio', { name: '2:50pm to 3pm' }).check();
    const omar = await test.app.bookings.book(surgery.id, { ...OMAR, slot: 5 }, { channel: 'webchat' });
    expect(isRefusal(omar)).toBe(false);
    await page.getByRole('button', { name: 'Change the time' }).click();
    await page.getByRole('heading', { level: 2, name: 'There is a problem' }).waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.getByRole('radio', { name: '2:50pm to 3pm' }).count()).toBe(0);
    await fitsTheScreen(page);
    expect(await seriousAxeProblems(page)).toEqual([]);

    await page.getByRole('link', { name: 'Keep my time' }).click();
    await page.getByRole('link', { name: 'Cancel your booking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Are you sure you want to cancel your booking?' }).waitFor();
    await fitsTheScreen(page);
    expect(await seriousAxeProblems(page)).toEqual([]);
  });

  it('When a resident with JavaScript off changes the time and then cancels, then the forms work', async () => {
    await noScript.goto(`${test.app.url}/bookings/${jane.manageToken}`);
    await noScript.getByRole('link', { name: 'Change the time' }).click();
    await noScript.getByRole('radio', { name: '3:10pm to 3:20pm' }).check();
    await noScript.getByRole('button', { name: 'Change the time' }).click();
    await noScript.getByText('Tuesday 24 November 2026, 3:10pm').waitFor();

    await noScript.getByRole('link', { name: 'Cancel your booking' }).click();
    await noScript.getByRole('button', { name: 'Yes, cancel my booking' }).click();
    await noScript.getByRole('heading', { level: 1, name: 'Your booking was cancelled' }).waitFor();
    expect((await test.app.bookings.findByManageToken(jane.manageToken))!.booking).toMatchObject({ status: 'cancelled', slot: 7 });
  });
});
