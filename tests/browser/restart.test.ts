import { Browser, Page } from 'playwright-core';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { launchChromium } from '../support/chromium';
import { RecordingConnector } from '../support/recording-connector';
import { ServerProcess, startServerProcess } from '../support/server-process';
import { Resident, TabApi } from '../support/test-app';
import { PATIENCE_MS } from '../support/patience';

describe("The councillors' tab when its server is killed mid-surgery (Chromium)", () => {
  let browser: Browser;
  let azurite: RunningAzurite;
  let connector: RecordingConnector;
  let page: Page;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    azurite = await startAzurite();
    connector = await new RecordingConnector().start();
  });

  afterAll(async () => {
    await page?.close();
    for (const server of servers) await server.stop();
    await connector?.stop();
    await azurite?.stop();
    await browser?.close();
  });

  it('When the server is killed (kill -9) and restarted, then the open tab reconnects by itself and shows every resident once', async () => {
    const env = { TABLES_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: uniqueTablePrefix() };
    const first = await startServerProcess(env);
    servers.push(first);
    const surgery = await new TabApi(first.url).openSurgery();
    for (const name of ['Ann Lee', 'Bob Ray'])
      await new Resident({ app: first, connector }).checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });

    page = await browser.newPage({ viewport: { width: 320, height: 800 }, locale: 'en-GB' });
    await page.goto(`${first.url}/tab/?surgery=${surgery.id}`);
    const residents = page.getByRole('list', { name: 'In the queue' }).getByRole('heading', { level: 3 });
    await page.getByRole('heading', { name: 'Bob R · A2' }).waitFor();
    await page.evaluate(() => {
      document.body.dataset.sameLoad = 'yes';
    });

    await first.killHard();
    // In a status region, so a screen reader says it too.
    await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();

    const second = await startServerProcess(env, first.port);
    servers.push(second);
    await new Resident({ app: second, connector }).checksIn({ name: 'Cat Orr', postcode: 'SW1A 1AA', issue: 'Bins' });

    await page.getByRole('heading', { name: 'Cat O · A3' }).waitFor({ timeout: PATIENCE_MS });
    expect(await residents.allTextContents()).toEqual(['Ann L · A1', 'Bob R · A2', 'Cat O · A3']);
    expect(await page.getByText('Reconnecting…').count()).toBe(0);
    expect(await page.evaluate(() => document.body.dataset.sameLoad)).toBe('yes');
  });
});
