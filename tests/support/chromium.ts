import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, FrameLocator, Page } from 'playwright-core';
import { startTestApp, TestApp, TestAppOptions } from './test-app';

const CHROMIUM = '/usr/bin/chromium';
const projectRoot = path.resolve(__dirname, '..', '..');

/** Builds the tab (the server serves tab/dist, so never a stale bundle) and starts Debian's Chromium. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing: apt-get install -y chromium (expected at ${CHROMIUM})`);
  execFileSync(process.execPath, [path.join(projectRoot, 'tab', 'build.mjs')]);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
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

export interface TabInChromium {
  browser: Browser;
  testApp: TestApp;
  page: Page;
}

/**
 * Registers jest hooks giving each test a fresh app (local mode) and a 320 px page, the side panel's
 * width, in one Chromium shared by the file. Read the fields inside tests, not at definition time.
 */
export function tabInChromium(options: TestAppOptions = {}): TabInChromium {
  const current = {} as TabInChromium;
  beforeAll(async () => {
    current.browser = await launchChromium();
  });
  afterAll(async () => {
    await current.browser?.close();
  });
  beforeEach(async () => {
    current.testApp = await startTestApp(options);
    current.page = await current.browser.newPage({ viewport: { width: 320, height: 800 }, locale: 'en-GB' });
  });
  afterEach(async () => {
    await current.page?.close();
    await current.testApp?.stop();
  });
  return current;
}
