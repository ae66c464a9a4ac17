import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, FrameLocator, Page } from 'playwright-core';
import { testHasFailed } from './failure';
import { BROWSER_PATIENCE_MS } from './patience';
import { startTestApp, TestApp, TestAppOptions } from './test-app';

const CHROMIUM = '/usr/bin/chromium';
const projectRoot = path.resolve(__dirname, '..', '..');

/** Builds the tab (the server serves tab/dist, so never a stale bundle) and starts Debian's Chromium. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing: apt-get install -y chromium (expected at ${CHROMIUM})`);
  execFileSync(process.execPath, [path.join(projectRoot, 'tab', 'build.mjs')]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Nothing but the app under test: a page's call to the internet (teams-js fetches its list of Teams
      // domains from a CDN) fails at once, as on a machine with no network, instead of hanging where DNS works.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  // Playwright's own wait for an element or a navigation is 30 s, which a page on a machine busy with other
  // work can need whole; every context (browser.newPage makes one too) waits as patiently as the other tests.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(BROWSER_PATIENCE_MS);
    return context;
  };
  return browser;
}

/** Presses Tab until the named button (in the page, or in a frame of it) has focus, as a keyboard user would reach it. */
export async function tabTo(page: Page, within: Page | FrameLocator, name: string): Promise<void> {
  const target = within.getByRole('button', { name, exact: true });
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((element) => element === document.activeElement && document.hasFocus())) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the "${name}" button`);
}

export interface PageInChromium {
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/** The page's address, its visible text and the API's refusals: printed for a failed test. */
async function whatThePageShowed(page: Page, refused: readonly string[]): Promise<string> {
  const text = await page
    .evaluate(() => document.body.innerText)
    .then((shown) => shown.replace(/\n{2,}/g, '\n').slice(0, 3000))
    .catch((error: unknown) => `(the page could not be read: ${String(error)})`);
  const answers = refused.length > 0 ? `\nrefused:\n  ${refused.join('\n  ')}` : '';
  return `${expect.getState().currentTestName} failed; the page at ${page.url()} showed:\n${text}${answers}\n`;
}

/**
 * Registers jest hooks giving each test a fresh page in a context of its own (axe opens a page beside it to
 * put frames' results together), in one Chromium shared by the file. Read the fields inside tests, not at
 * definition time.
 */
export function pageInChromium(options: BrowserContextOptions = {}): PageInChromium {
  const current = {} as PageInChromium;
  beforeAll(async () => {
    current.browser = await launchChromium();
  });
  afterAll(async () => {
    await current.browser?.close();
  });
  let trouble: string[] = [];
  let refused: string[] = [];
  beforeEach(async () => {
    current.context = await current.browser.newContext({ locale: 'en-GB', ...options });
    current.page = await current.context.newPage();
    trouble = [];
    const started = Date.now();
    const note = (what: string) => trouble.push(`+${Date.now() - started} ms ${what}`);
    current.page.on('pageerror', (error) => note(`page error: ${error.message}`));
    current.page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? '';
      // Leaving a page aborts its open requests (the live queue's stream), and the internet is shut out.
      if (reason !== 'net::ERR_ABORTED' && new URL(request.url()).hostname === '127.0.0.1')
        note(`no answer: ${request.method()} ${request.url()} (${reason})`);
    });
    refused = [];
    current.page.on('response', (response) => {
      const answer = `${response.status()} for ${response.request().method()} ${response.url()}`;
      if (response.status() >= 500) note(answer);
      else if (response.status() >= 400) refused.push(`+${Date.now() - started} ms ${answer}`);
    });
  });
  afterEach(async () => {
    // What went wrong in the page, for a test that then failed on a machine we cannot watch.
    if (trouble.length > 0) process.stderr.write(`${expect.getState().currentTestName}:\n  ${trouble.join('\n  ')}\n`);
    if (testHasFailed() && current.page) process.stderr.write(await whatThePageShowed(current.page, refused));
    await current.context?.close();
  });
  return current;
}

/** The side panel's width. */
export const SIDE_PANEL: BrowserContextOptions = { viewport: { width: 320, height: 800 } };

export interface AppInChromium<App> extends PageInChromium {
  app: App;
}

/** As `pageInChromium`, with a fresh app for each test, started after the page and stopped after it. */
export function appInChromium<App extends { stop(): Promise<void> }>(
  start: () => Promise<App>,
  options: BrowserContextOptions = SIDE_PANEL,
): AppInChromium<App> {
  const current = pageInChromium(options) as AppInChromium<App>;
  beforeEach(async () => {
    current.app = await start();
  });
  afterEach(async () => {
    await current.app?.stop();
  });
  return current;
}

export interface TabInChromium {
  readonly browser: Browser;
  readonly testApp: TestApp;
  readonly page: Page;
}

/** A fresh app in local mode and a page at the side panel's width for each test. */
export function tabInChromium(options: TestAppOptions = {}): TabInChromium {
  const current = appInChromium(() => startTestApp(options));
  return {
    get browser() {
      return current.browser;
    },
    get testApp() {
      return current.app;
    },
    get page() {
      return current.page;
    },
  };
}
