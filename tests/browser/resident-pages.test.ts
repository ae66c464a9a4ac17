import { seriousAxeProblems } from '../support/axe';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { cardOf } from '../support/recording-connector';
import { Resident, startTestApp, TestApp } from '../support/test-app';

const PUBLIC = 'https://surgeries.example.gov.uk';

/** The status link from the resident's place card, pointed at the test server. */
function statusLink(resident: Resident): string {
  const card = cardOf(resident.lastReceived()!.activity)!;
  return card.actions.find((a: { title: string }) => a.title === 'See your place in a browser').url.replace(PUBLIC, testAppUrl);
}

let testAppUrl = '';

describe('resident pages in Chromium on a phone-sized screen', () => {
  let browser: Browser;
  let testApp: TestApp;
  let page: Page;
  let noScript: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    testApp = await startTestApp({ env: { PUBLIC_BASE_URL: PUBLIC, COUNCIL_NAME: 'Riverside Borough Council' } });
    testAppUrl = testApp.app.url;
    const phone = { viewport: { width: 390, height: 844 }, locale: 'en-GB', isMobile: true, hasTouch: true };
    page = await (await browser.newContext(phone)).newPage();
    // The same phone with JavaScript off, as the most basic browser: axe needs JavaScript, so it checks `page`.
    noScript = await (await browser.newContext({ ...phone, javaScriptEnabled: false })).newPage();
  });

  afterEach(async () => {
    await page?.context().close();
    await noScript?.context().close();
    await testApp?.stop();
  });

  test('When a resident opens their status page with JavaScript off and leaves the queue with the form, then it works', async () => {
    const surgery = await testApp.api.openSurgery();
    const jane = new Resident(testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes' });

    await noScript.goto(statusLink(jane));
    await noScript.getByRole('heading', { level: 1, name: 'You are in the queue' }).waitFor();
    expect(await noScript.getByText('Jane S · A1').isVisible()).toBe(true);
    await noScript.getByRole('link', { name: 'Leave the queue' }).click();
    await noScript.getByRole('heading', { level: 1, name: 'Are you sure you want to leave the queue?' }).waitFor();
    await noScript.getByRole('button', { name: 'Yes, leave the queue' }).click();
    await noScript.getByRole('heading', { level: 1, name: 'You left the queue' }).waitFor();
    expect((await testApp.api.queue(surgery.id)).finished.map((r) => r.status)).toEqual(['left']);
  });

  test('When a resident opens their status page and the leave question, then they fit the screen and have no serious accessibility problems', async () => {
    await testApp.api.openSurgery();
    const jane = new Resident(testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes' });

    await page.goto(statusLink(jane));
    await page.getByRole('heading', { level: 1, name: 'You are in the queue' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // axe flags any timed refresh; WCAG 2.2.1 allows one the user can turn off, which the page offers.
    expect((await seriousAxeProblems(page)).map((problem) => problem.slice(0, problem.indexOf(' (')))).toEqual([
      'meta-refresh: Delayed refresh under 20 hours must not be used',
    ]);
    await page.getByRole('link', { name: 'Stop updating this page' }).click();
    await page.getByText('This page does not update itself.').waitFor();
    expect(await seriousAxeProblems(page)).toEqual([]);
    await page.getByRole('link', { name: 'Leave the queue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Are you sure you want to leave the queue?' }).waitFor();
    expect(await seriousAxeProblems(page)).toEqual([]);
  });

  test('When the council listing and a surgery page are opened, then they fit the screen and have no serious accessibility problems', async () => {
    const surgery = await testApp.api.openSurgery({ ward: 'Abbey', councillors: ['Cllr Ada Khan', 'Cllr Tom Reid'] });

    await page.goto(`${testApp.app.url}/surgeries`);
    await page.getByRole('heading', { level: 1, name: 'Upcoming councillor surgeries' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeProblems(page)).toEqual([]);

    await page.getByRole('link', { name: 'How to join the Abbey surgery' }).click();
    await page.waitForURL(`${testApp.app.url}/surgeries/${surgery.id}`);
    await page.getByRole('heading', { level: 1, name: 'Abbey ward councillor surgery' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeProblems(page)).toEqual([]);
  });
});
