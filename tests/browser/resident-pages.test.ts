import { seriousAxeProblems, webChatSettled } from '../support/axe';
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

/** One Chromium for the file, and for each test a fresh app that gives residents the council's public address. */
function chromiumAndApp(): { browser: Browser; testApp: TestApp } {
  const current = {} as { browser: Browser; testApp: TestApp };
  beforeAll(async () => {
    current.browser = await launchChromium();
  });
  afterAll(async () => {
    await current.browser?.close();
  });
  beforeEach(async () => {
    current.testApp = await startTestApp({ env: { PUBLIC_BASE_URL: PUBLIC, COUNCIL_NAME: 'Riverside Borough Council' } });
    testAppUrl = current.testApp.app.url;
  });
  afterEach(async () => {
    await current.testApp?.stop();
  });
  return current;
}

describe('resident pages in Chromium on a phone-sized screen', () => {
  const setUp = chromiumAndApp();
  let browser: Browser;
  let testApp: TestApp;
  let page: Page;
  let noScript: Page;

  beforeEach(async () => {
    ({ browser, testApp } = setUp);
    const phone = { viewport: { width: 390, height: 844 }, locale: 'en-GB', isMobile: true, hasTouch: true };
    page = await (await browser.newContext(phone)).newPage();
    // The same phone with JavaScript off, as the most basic browser: axe needs JavaScript, so it checks `page`.
    noScript = await (await browser.newContext({ ...phone, javaScriptEnabled: false })).newPage();
  });

  afterEach(async () => {
    await page?.context().close();
    await noScript?.context().close();
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
    await webChatSettled(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousAxeProblems(page)).toEqual([]);
  });
});

describe('advice on joining the meeting, fitted to the resident’s device, in Chromium', () => {
  const MAC_SAFARI =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
  const DIAL_IN = { dialInNumber: '+44 20 3443 1234', dialInConferenceId: '123 456 789' };
  const setUp = chromiumAndApp();
  let browser: Browser;
  let testApp: TestApp;

  beforeEach(() => {
    ({ browser, testApp } = setUp);
  });

  /** The advice shown first on the page, and the advice behind "Joining on another device". */
  async function advice(page: Page): Promise<{ first: string; others: string[] }> {
    const section = page.locator('[data-joining-advice]');
    await section.waitFor();
    return {
      first: (await section.locator('[data-joining-fits]').innerText()).trim(),
      others: await section.locator('details li').evaluateAll((items) => items.map((item) => item.getAttribute('data-joining-tip') ?? '')),
    };
  }

  /** Checks a resident in to an open surgery with a phone line, and gives their status link. */
  async function checkedIn(): Promise<string> {
    await testApp.api.openSurgery(DIAL_IN);
    const jane = new Resident(testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes' });
    return statusLink(jane);
  }

  async function statusPageIn(link: string, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const page = await (await browser.newContext({ locale: 'en-GB', ...options })).newPage();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'You are in the queue' }).waitFor();
    return page;
  }

  test('When a resident on an iPad (Safari, which calls itself a Mac) opens their status page, then the page script puts the Teams app first, with the App Store link', async () => {
    const page = await statusPageIn(await checkedIn(), { userAgent: MAC_SAFARI, viewport: { width: 810, height: 1080 }, hasTouch: true });
    try {
      await page.locator('[data-joining-advice][data-device="apple_mobile"]').waitFor();
      const { first, others } = await advice(page);
      expect(first).toContain('On an iPhone or iPad, you need the free Microsoft Teams app to join. Get it now, while you wait.');
      expect(others).toEqual(['mac_safari', 'android', 'computer']);
      expect(await page.getByRole('link', { name: 'Get Microsoft Teams from the App Store' }).getAttribute('href')).toBe(
        'https://apps.apple.com/gb/app/microsoft-teams/id1113153706',
      );
      expect(await page.locator('[data-joining-tip="phone"]').innerText()).toContain(
        'call +44 20 3443 1234 and enter the conference ID 123 456 789',
      );
    } finally {
      await page.context().close();
    }
  });

  test('When a resident on a Mac in Safari opens their status page, with or without JavaScript, then they are told to use the Teams app or another browser', async () => {
    const link = await checkedIn();
    for (const javaScriptEnabled of [true, false]) {
      const page = await statusPageIn(link, { userAgent: MAC_SAFARI, viewport: { width: 1280, height: 800 }, javaScriptEnabled });
      try {
        const { first, others } = await advice(page);
        expect(first).toContain('On a Mac, Safari may not join the meeting. Use the free Microsoft Teams app, or another web browser');
        expect(others).toEqual(['apple_mobile', 'android', 'computer']);
      } finally {
        await page.context().close();
      }
    }
  });

  test('When a resident opens the surgery page in Chrome on a computer, then it says they can join in their browser, keeps the other devices a click away, and mentions the phone line without its number', async () => {
    const surgery = await testApp.api.openSurgery(DIAL_IN);
    const page = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } })).newPage();
    try {
      const res = await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);
      expect(res!.headers()['vary']).toContain('User-Agent');
      const { first, others } = await advice(page);
      expect(first).toContain('On a computer, you can join in Microsoft Edge or Google Chrome');
      expect(others).toEqual(['apple_mobile', 'android', 'mac_safari']);
      expect(await page.getByText('Get Microsoft Teams from the App Store').isVisible()).toBe(false);
      await page.getByText('Joining on another device').click();
      expect(await page.getByText('Get Microsoft Teams from the App Store').isVisible()).toBe(true);
      const text = await page.locator('main').innerText();
      expect(text).toContain('You can join this surgery by phone. We give you the number and conference ID when you check in.');
      expect(text).not.toContain('3443 1234');
      await webChatSettled(page);
      expect(await seriousAxeProblems(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
