import { Page } from 'playwright-core';
import { pageInChromium } from '../support/chromium';
import { eventually, PATIENCE_MS } from '../support/patience';
import { startTestApp, TestApp } from '../support/test-app';
import { CHANNEL_NAMES } from '../../bot/api-types';

// Three windows and a server on one busy machine: a hang guard, not a time budget.
jest.setTimeout(300_000);

/** A phone-sized window, as a newcomer might open beside the tab. */
const WINDOW = { viewport: { width: 400, height: 800 }, locale: 'en-GB' };

/** Fills the bot's check-in form in the page's web chat and sends it, as a resident would. */
async function checkInThroughWebChat(page: Page, resident: { name: string; postcode: string; issue: string }): Promise<void> {
  const chat = page.getByRole('region', { name: 'Check in' });
  await chat.getByLabel('Your name').last().fill(resident.name, { timeout: PATIENCE_MS });
  await chat.getByLabel('Your postcode').last().fill(resident.postcode);
  await chat.getByLabel('What would you like to talk about?').last().fill(resident.issue);
  await chat.getByRole('button', { name: 'Check in', exact: true }).last().click();
  await chat.getByText('You are in the queue').last().waitFor({ timeout: PATIENCE_MS });
}

/** The resident's place as their newest place card says it. */
const placeOf = (page: Page) =>
  page
    .getByRole('region', { name: 'Check in' })
    .getByText(/^(1st: you are next|\d+(st|nd|rd|th))$/)
    .last()
    .textContent();

describe('web chat on the surgery page in local mode, through the server’s own Direct Line, in Chromium', () => {
  const chromium = pageInChromium(WINDOW);
  let test: TestApp | undefined;

  afterEach(async () => {
    await test?.stop();
    test = undefined;
  });

  it('When three residents open the surgery page in three windows and check in, then each sees their own place, and the next one called is told in their chat', async () => {
    test = await startTestApp();
    const surgery = await test.api.openSurgery({ ward: 'Abbey' });
    const windows = [chromium.page, await chromium.context.newPage(), await chromium.context.newPage()];
    const residents = [
      { name: 'Jane Smith', postcode: 'AB1 1AA', issue: 'Mould in my flat' },
      { name: 'Sam Lee', postcode: 'AB1 1AB', issue: 'Bins not collected' },
      { name: 'Priya Shah', postcode: 'AB1 2BD', issue: 'Parking on the green' },
    ];

    for (const [i, page] of windows.entries()) {
      await page.goto(`${test.app.url}/surgeries/${surgery.id}`);
      await checkInThroughWebChat(page, residents[i]!);
    }

    expect(await Promise.all(windows.map(placeOf))).toEqual(['1st: you are next', '2nd', '3rd']);
    const queue = await test.api.queue(surgery.id);
    expect(queue.active.map((row) => [row.name, CHANNEL_NAMES[row.channel]])).toEqual(residents.map((r) => [r.name, 'Web chat']));
    // The bot answered through the server's own Direct Line, never the test's Bot Connector.
    expect(test.connector.calls).toEqual([]);

    expect((await test.api.admitNext(surgery.id)).status).toBe(200);

    await windows[0]!.getByRole('region', { name: 'Check in' }).getByText('It is your turn next').waitFor({ timeout: PATIENCE_MS });
    // Direct Line cannot change a message: each resident behind reads their new place in a new card below the first.
    await eventually(async () => (await placeOf(windows[1]!)) === '1st: you are next', 'Sam’s new place card');
    await eventually(async () => (await placeOf(windows[2]!)) === '2nd', 'Priya’s new place card');
    for (const page of windows.slice(1)) expect(await page.getByText('You are in the queue').count()).toBe(2);
    expect(await windows[1]!.getByText('It is your turn next').count()).toBe(0);
    await test.app.settled();
    expect((await test.api.queue(surgery.id)).active.filter((row) => row.lastMessage?.delivered === false)).toEqual([]);
  });
});
