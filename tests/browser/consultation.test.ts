import type { QueueView } from '../../bot/api-types';
import { tabInChromium, tabTo } from '../support/chromium';
import { textOf } from '../support/recording-connector';
import { Resident } from '../support/test-app';

describe('messaging a resident and recording a visit, from the keyboard in Chromium', () => {
  const chromium = tabInChromium();

  test('When the councillor sends a quick reply and then records the visit with a topic, then the resident gets both and the tab shows the message delivered', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    const jane = new Resident(chromium.testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Damp in my flat.' });
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);
    const card = chromium.page.getByRole('listitem').filter({ has: chromium.page.getByRole('heading', { name: 'Jane S · A1' }) });
    await card.waitFor();

    await tabTo(chromium.page, chromium.page, 'Message Jane S · A1');
    await chromium.page.keyboard.press('Enter');
    await tabTo(chromium.page, chromium.page, 'Still with someone — I won’t be long.');
    await chromium.page.keyboard.press('Enter');

    await card
      .getByRole('list', { name: 'Messages sent' })
      .getByText(/Still with someone — I won’t be long\. \(.*, Delivered\)/)
      .waitFor();
    const told = await chromium.testApp.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('Still with someone'),
    );
    expect(told.activity.text).toBe('Message from your councillor at the Abbey surgery: Still with someone — I won’t be long.');

    await chromium.testApp.api.admitNext(surgery.id);
    await chromium.page.getByRole('button', { name: 'Seen Jane S · A1' }).waitFor();
    await tabTo(chromium.page, chromium.page, 'Seen Jane S · A1');
    await chromium.page.keyboard.press('Enter');
    await chromium.page.keyboard.type('I will ask Housing to inspect the damp.');
    await chromium.page.keyboard.press('Tab');
    expect(await chromium.page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await chromium.page.keyboard.press('ArrowDown');
    await chromium.page.keyboard.press('Tab');
    await chromium.page.keyboard.press('Space');
    await tabTo(chromium.page, chromium.page, 'Confirm seen');
    await chromium.page.keyboard.press('Enter');
    await chromium.page.getByText('Nobody is in the queue.').waitFor();

    const seen = (await chromium.testApp.api.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`)).body.finished[0]!;
    expect(seen).toMatchObject({
      status: 'seen',
      outcome: 'I will ask Housing to inspect the damp.',
      topic: 'Roads and pavements',
      followUp: true,
    });
    const summary = await chromium.testApp.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('Thank you for coming'),
    );
    expect(textOf(summary.activity)).toContain(seen.caseReference!);
    expect(textOf(summary.activity)).toContain('Your councillor will follow this up');
  });

  test('When the councillor sends a quick reply or their own words, then the message form closes either way, back on the Message button', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    await new Resident(chromium.testApp, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);
    const messageButton = chromium.page.getByRole('button', { name: 'Message Jane S · A1' });
    const form = chromium.page.getByRole('form', { name: 'Message Jane S · A1' });
    const sent = chromium.page.getByRole('list', { name: 'Messages sent' });

    await messageButton.click();
    await form.getByRole('button', { name: 'Please join the lobby now.' }).click();
    await sent.getByText(/Please join the lobby now\./).waitFor();
    await form.waitFor({ state: 'detached' });
    expect(await messageButton.evaluate((button) => button === document.activeElement)).toBe(true);

    await messageButton.click();
    await form.getByRole('textbox', { name: 'Your own message' }).fill('Two minutes, sorry.');
    await form.getByRole('button', { name: 'Send' }).click();
    await sent.getByText(/Two minutes, sorry\./).waitFor();
    await form.waitFor({ state: 'detached' });
    expect(await messageButton.evaluate((button) => button === document.activeElement)).toBe(true);
  });

  test('When the councillor confirms seen without a topic, then the form asks for one and nothing is recorded', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    await new Resident(chromium.testApp, 'webchat').checksIn({ name: 'Omar Farouk', postcode: 'SW1A 1AA', issue: 'Parking' });
    await chromium.testApp.api.admitNext(surgery.id);
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);
    await chromium.page.getByRole('button', { name: 'Seen Omar F · A1' }).click();
    await chromium.page.getByRole('button', { name: 'Confirm seen' }).click();

    await chromium.page.getByText('Choose a topic.').waitFor();
    expect(await chromium.page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    expect((await chromium.testApp.api.queue(surgery.id)).active[0]!.status).toBe('called');
  });

  test('When the councillor posts a progress update on an open case from the Finished list, then the resident is told and the tab shows it delivered', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    const jane = new Resident(chromium.testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Pothole on Mill Lane.' });
    const { visitId } = (await chromium.testApp.api.admitNext(surgery.id)).body.called;
    await chromium.testApp.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/seen`, { topic: 'other', followUp: true });
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);

    await chromium.page.getByRole('button', { name: /Finished/ }).click();
    await chromium.page.getByText(/Case SQ-\w+, Something else — follow-up needed/).waitFor();
    await chromium.page.getByRole('button', { name: 'Post update Jane S · A1' }).click();
    await chromium.page
      .getByRole('textbox', { name: 'Update for the resident' })
      .fill('I’ve raised this with Highways; reply expected by Friday.');
    await chromium.page.getByRole('button', { name: 'Send update' }).click();

    await chromium.page
      .getByRole('list', { name: 'Updates sent' })
      .getByText(/reply expected by Friday\. \(.*, Delivered\)/)
      .waitFor();
    const told = await chromium.testApp.connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).startsWith('Update on your case'),
    );
    expect(told.activity.text).toContain('I’ve raised this with Highways; reply expected by Friday.');
  });
});
