import { Browser, Page } from 'playwright-core';
import { launchChromium, tabTo } from '../support/chromium';
import { Resident, startTestApp, TestApp } from '../support/test-app';

describe('councillors tab in Chromium', () => {
  let browser: Browser;
  let testApp: TestApp;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    testApp = await startTestApp();
    page = await browser.newPage({ viewport: { width: 320, height: 800 }, locale: 'en-GB' });
  });

  afterEach(async () => {
    await page?.close();
    await testApp?.stop();
  });

  test('When the app runs in local mode, then the tab says so at the top', async () => {
    await page.goto(`${testApp.app.url}/tab/`);

    await page.getByText('Local mode — not for production').waitFor();
    expect(await page.title()).toBe('Surgery queue');
  });

  test('When a councillor sets up a surgery and opens it, then its queue is shown open', async () => {
    await page.goto(`${testApp.app.url}/tab/`);

    await page.getByRole('textbox', { name: 'Ward' }).fill('Abbey');
    await page.getByRole('textbox', { name: 'Teams meeting join link' }).fill('https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0');
    await page.getByRole('textbox', { name: 'Councillors' }).fill('Cllr Ada Khan, Cllr Tom Reid');
    await page.getByRole('button', { name: 'Set up surgery' }).click();

    await page.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    const surgeryId = new URL(page.url()).searchParams.get('surgery') ?? '';
    expect(surgeryId).not.toBe('');
    await page.getByRole('button', { name: 'Open surgery' }).click();
    await page.getByRole('button', { name: 'Admit next' }).waitFor();
    expect((await testApp.api.queue(surgeryId)).surgery).toMatchObject({ status: 'open', councillors: ['Cllr Ada Khan', 'Cllr Tom Reid'] });
  });

  test('When a resident checks in, then they appear in the open tab without a reload and are announced', async () => {
    const surgery = await testApp.api.openSurgery();
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByText('Nobody is in the queue.').waitFor();
    await page.evaluate(() => {
      document.body.dataset.sameLoad = 'yes';
    });

    await new Resident(testApp, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight outside my house is broken.' });

    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Jane S · A1' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Waiting — 1st');
    const { estimatedWindow } = (await testApp.api.queue(surgery.id)).active[0]!;
    const ukTime = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }).format(new Date(iso)).replace(/\s/g, '').replace(':00', '');
    expect(await card.textContent()).toContain(`Estimated ${ukTime(estimatedWindow!.earliest)} to ${ukTime(estimatedWindow!.latest)}`);
    await page.getByRole('status').filter({ hasText: 'Jane S · A1 joined the queue' }).waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.body.dataset.sameLoad)).toBe('yes');
  });

  test('When the councillor presses Admit next from the keyboard, then the first waiting resident is called', async () => {
    const surgery = await testApp.api.openSurgery();
    await new Resident(testApp, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Bins not collected.' });
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByRole('heading', { name: 'Jane S · A1' }).waitFor();

    await tabTo(page, page, 'Admit next');
    await page.keyboard.press('Enter');

    await page.getByText('Jane S · A1 has been called.').waitFor();
    await page.getByRole('button', { name: 'Joined Jane S · A1' }).waitFor();
    expect((await testApp.api.queue(surgery.id)).active).toMatchObject([{ lobbyTag: 'Jane S · A1', status: 'called' }]);
  });
});
