import { Browser, Page } from 'playwright-core';
import type { QueueView } from '../../bot/api-types';
import { launchChromium, tabTo } from '../support/chromium';
import { textOf } from '../support/recording-connector';
import { Resident, startTestApp, TestApp } from '../support/test-app';

describe('messaging a resident and recording a visit, from the keyboard in Chromium', () => {
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

  test('When the councillor sends a quick reply and then records the visit with a topic, then the resident gets both and the tab shows the message delivered', async () => {
    const surgery = await testApp.api.openSurgery();
    const jane = new Resident(testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Damp in my flat.' });
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Jane S · A1' }) });
    await card.waitFor();

    await tabTo(page, page, 'Message Jane S · A1');
    await page.keyboard.press('Enter');
    await tabTo(page, page, 'Still with someone — I won’t be long');
    await page.keyboard.press('Enter');

    await card.getByRole('list', { name: 'Messages sent' }).getByText(/Still with someone — I won’t be long\. \(.*, Delivered\)/).waitFor();
    const told = await testApp.connector.waitFor((c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('Still with someone'));
    expect(told.activity.text).toBe('Message from your councillor at the Abbey surgery: Still with someone — I won’t be long.');

    await testApp.api.admitNext(surgery.id);
    await page.getByRole('button', { name: 'Seen Jane S · A1' }).waitFor();
    await tabTo(page, page, 'Seen Jane S · A1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('I will ask Housing to inspect the damp.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await tabTo(page, page, 'Confirm seen');
    await page.keyboard.press('Enter');
    await page.getByText('Nobody is in the queue.').waitFor();

    const seen = (await testApp.api.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`)).body.finished[0]!;
    expect(seen).toMatchObject({ status: 'seen', outcome: 'I will ask Housing to inspect the damp.', topic: 'housing', followUp: true });
    const summary = await testApp.connector.waitFor((c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('Thank you for coming'));
    expect(textOf(summary.activity)).toContain(seen.caseReference!);
    expect(textOf(summary.activity)).toContain('Your councillor will follow this up');
  });

  test('When the councillor confirms seen without a topic, then the form asks for one and nothing is recorded', async () => {
    const surgery = await testApp.api.openSurgery();
    await new Resident(testApp, 'webchat').checksIn({ name: 'Omar Farouk', postcode: 'SW1A 1AA', issue: 'Parking' });
    await testApp.api.admitNext(surgery.id);
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByRole('button', { name: 'Seen Omar F · A1' }).click();
    await page.getByRole('button', { name: 'Confirm seen' }).click();

    await page.getByText('Choose a topic.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    expect((await testApp.api.queue(surgery.id)).active[0]!.status).toBe('called');
  });

  test('When the councillor posts a progress update on an open case from the Finished list, then the resident is told and the tab shows it delivered', async () => {
    const surgery = await testApp.api.openSurgery();
    const jane = new Resident(testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Pothole on Mill Lane.' });
    const { visitId } = (await testApp.api.admitNext(surgery.id)).body.called;
    await testApp.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/seen`, { topic: 'other', followUp: true });
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: /Finished/ }).click();
    await page.getByText(/Case SQ-\w+, Something else — follow-up needed/).waitFor();
    await page.getByRole('button', { name: 'Post update Jane S · A1' }).click();
    await page.getByRole('textbox', { name: 'Update for the resident' }).fill('I’ve raised this with Highways; reply expected by Friday.');
    await page.getByRole('button', { name: 'Send update' }).click();

    await page.getByRole('list', { name: 'Updates sent' }).getByText(/reply expected by Friday\. \(.*, Delivered\)/).waitFor();
    const told = await testApp.connector.waitFor((c) => c.conversationId === jane.conversationId && textOf(c.activity).startsWith('Update on your case'));
    expect(told.activity.text).toContain('I’ve raised this with Highways; reply expected by Friday.');
  });
});
