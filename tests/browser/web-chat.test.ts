import { seriousAxeProblems, webChatSettled } from '../support/axe';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { FakeDirectLine } from '../support/fake-direct-line';
import { Resident, startTestApp, TestApp } from '../support/test-app';
import { eventually, PATIENCE_MS } from '../support/patience';

const SECRET = 'direct-line-secret-for-tests';
/** The narrowest phone screen WCAG asks for (reflow at 320 CSS px), as an iPhone would open it. */
const PHONE: BrowserContextOptions = { viewport: { width: 320, height: 640 }, locale: 'en-GB', isMobile: true, hasTouch: true };

describe('web chat on a surgery page, in Chromium on a 320 px phone screen, through a fake Direct Line', () => {
  let browser: Browser;
  let directLine: FakeDirectLine;
  let testApp: TestApp;
  let page: Page;
  /** Content-Security-Policy refusals and script errors: none are expected. */
  let problems: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function start(secret = SECRET): Promise<void> {
    directLine = await new FakeDirectLine(SECRET).start();
    testApp = await startTestApp({ env: { DIRECT_LINE_SECRET: secret, DIRECT_LINE_BASE_URL: directLine.url } });
    directLine.botUrl = testApp.app.url;
    page = await (await browser.newContext(PHONE)).newPage();
    problems = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  }

  afterEach(async () => {
    await page?.context().close();
    await testApp?.stop();
    await directLine?.stop();
  });

  const chatBox = () => page.locator('[data-web-chat-box]');
  const sendBox = () => chatBox().getByRole('textbox').last();

  test('When a resident opens an open surgery page, then web chat starts with a token from our server, shows the check-in form, and answers "hello"', async () => {
    await start();
    const surgery = await testApp.api.openSurgery({ ward: 'Abbey' });
    const tokenRequest = page.waitForRequest(
      (request) => request.url() === `${testApp.app.url}/api/directline/token` && request.method() === 'POST',
    );

    const response = await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);

    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain(`connect-src 'self' ${directLine.url};`);
    expect(csp).toContain("script-src 'self';");
    await tokenRequest;
    const region = page.getByRole('region', { name: 'Check in' });
    await region.waitFor();
    // The bot's check-in form for this surgery, asked for by the page's hidden post back, relayed by the fake.
    await region.getByText('Your postcode').first().waitFor({ timeout: PATIENCE_MS });
    expect(await page.getByText('you need JavaScript switched on').isVisible()).toBe(false);

    await sendBox().fill('hello');
    await sendBox().press('Enter');

    // The resident's own message in the conversation (Web Chat also repeats it in a hidden live region).
    await region.locator('.webchat__text-content').getByText('hello', { exact: true }).waitFor();
    await eventually(
      async () => (await region.getByText('Your postcode').count()) === 2,
      'the bot answers hello with a second check-in form',
    );
    const said = directLine.activities.filter((a) => a.from.role === 'user');
    expect(said.map((a) => a.text ?? a.value)).toEqual([{ action: 'choose_surgery', surgeryId: surgery.id }, 'hello']);
    // Bound to the user our endpoint asked Direct Line for, and the bot answered after each.
    expect(new Set(said.map((a) => a.from.id)).size).toBe(1);
    expect(said[0]!.from.id).toMatch(/^dl_/);
    expect(directLine.activities.filter((a) => a.from.role === 'bot')).toHaveLength(2);
    const generated = directLine.calls.filter((c) => c.path === '/v3/directline/tokens/generate');
    expect(generated).toEqual([{ method: 'POST', path: '/v3/directline/tokens/generate', bearer: SECRET }]);
    expect(directLine.calls.filter((c) => c.path !== '/v3/directline/tokens/generate').every((c) => c.bearer !== SECRET)).toBe(true);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await webChatSettled(page);
    expect(await seriousAxeProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('When a resident checks in and the resident ahead is called, then their new place comes as a new card below the first, and nothing is updated in place', async () => {
    await start();
    const surgery = await testApp.api.openSurgery({ ward: 'Abbey' });
    // Someone ahead, checked in through Teams.
    await new Resident(testApp).checksIn({ name: 'Omar Farouk', postcode: 'AB1 1AB', issue: 'Bins not collected' });
    await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);
    const region = page.getByRole('region', { name: 'Check in' });
    await region.getByLabel('Your name').last().fill('Jane Smith', { timeout: PATIENCE_MS });
    await region.getByLabel('Your postcode').last().fill('AB1 1AA');
    await region.getByLabel('What would you like to talk about?').last().fill('Mould in my flat');
    await region.getByRole('button', { name: 'Check in', exact: true }).last().click();
    await region.getByText('2nd', { exact: true }).waitFor({ timeout: PATIENCE_MS });

    expect((await testApp.api.admitNext(surgery.id)).status).toBe(200);

    await region.getByText('1st: you are next', { exact: true }).waitFor({ timeout: PATIENCE_MS });
    expect(await region.getByText('You are in the queue').count()).toBe(2);
    // Azure's Direct Line refuses an update with 405; none was tried, and nothing shows as undelivered.
    expect(directLine.calls.filter((c) => c.method === 'PUT' || c.method === 'DELETE')).toEqual([]);
    await testApp.app.settled();
    expect((await testApp.api.queue(surgery.id)).active.filter((row) => row.lastMessage?.delivered === false)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(problems).toEqual([]);
  });

  test('When the chat stays open for 15 minutes, then Web Chat swaps its token for a fresh one before it expires, and keeps working', async () => {
    await start();
    const surgery = await testApp.api.openSurgery();
    await page.clock.install();
    await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);
    await page.getByText('Your postcode').first().waitFor({ timeout: PATIENCE_MS });
    const first = directLine.calls.find((c) => c.path === '/v3/directline/conversations')!.bearer;

    await page.clock.fastForward('15:05');

    await eventually(() => directLine.calls.some((c) => c.path === '/v3/directline/tokens/refresh'), 'Web Chat refreshes its token');
    expect(directLine.calls.find((c) => c.path === '/v3/directline/tokens/refresh')!.bearer).toBe(first);
    await sendBox().fill('hello');
    await sendBox().press('Enter');
    await eventually(async () => (await page.getByText('Your postcode').count()) === 2, 'the bot answers hello on the fresh token');
    const posted = directLine.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/activities'));
    expect(posted[posted.length - 1]!.bearer).not.toBe(first);
    expect(problems).toEqual([]);
  });

  test('When Direct Line will not give a token, then the page says the chat cannot start, and shows no chat', async () => {
    await start('a-secret-direct-line-refuses');
    const surgery = await testApp.api.openSurgery();

    await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);

    await page.getByText('The chat cannot start just now. Please reload this page in a few minutes.').waitFor();
    expect(await chatBox().isVisible()).toBe(false);
    expect(await page.getByText('If you use Microsoft Teams, you can check in there instead').isVisible()).toBe(true);
    expect(await page.getByText('you need JavaScript switched on').isVisible()).toBe(false);
    expect(await seriousAxeProblems(page)).toEqual([]);
  });

  test('When Web Chat itself cannot load or run in the browser, then the page says so instead of showing a broken chat', async () => {
    await start();
    const surgery = await testApp.api.openSurgery();
    await page.route('**/public/webchat-*.js', (route) => route.abort());

    await page.goto(`${testApp.app.url}/surgeries/${surgery.id}`);

    await page.getByText('The chat cannot start in this web browser. Try reloading the page, or use another browser.').waitFor();
    expect(await chatBox().isVisible()).toBe(false);
    expect(await page.getByText('If you use Microsoft Teams, you can check in there instead').isVisible()).toBe(true);
    expect(directLine.calls).toEqual([]);
  });

  test('When JavaScript is off, then the page says how to check in instead, and loads no chat', async () => {
    await start();
    const surgery = await testApp.api.openSurgery();
    const noScript = await (await browser.newContext({ ...PHONE, javaScriptEnabled: false })).newPage();
    try {
      await noScript.goto(`${testApp.app.url}/surgeries/${surgery.id}`);
      await noScript.getByText('To check in on this page, you need JavaScript switched on in your web browser.').waitFor();
      expect(await noScript.getByText('If you use Microsoft Teams, you can check in there instead').isVisible()).toBe(true);
      expect(await noScript.locator('[data-web-chat-box]').isVisible()).toBe(false);
      expect(directLine.calls).toEqual([]);
    } finally {
      await noScript.context().close();
    }
  });
});
