import { tabInChromium } from '../support/chromium';
import { Resident } from '../support/test-app';

jest.setTimeout(120_000);

describe('Messages that did not reach a resident, in the councillors tab', () => {
  const chromium = tabInChromium();

  test('When the call to a resident who gave a mobile cannot be delivered, then their card says why and to phone them on that number', async () => {
    const { testApp, page } = chromium;
    const surgery = await testApp.api.openSurgery();
    const jane = new Resident(testApp);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes on Mill Lane', contact: '07700 900123' });
    // 403: the resident blocked the bot.
    testApp.connector.fail(jane.conversationId, 403);
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByRole('heading', { name: 'Jane S · A1' }).waitFor();

    await testApp.api.admitNext(surgery.id);

    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Jane S · A1' }) });
    await card.getByText('Message not delivered: "It is your turn"').waitFor();
    expect(await card.textContent()).toContain('Their chat is closed: they may have blocked or removed it.');
    const phone = card.getByRole('link', { name: '07700 900123' });
    expect(await phone.getAttribute('href')).toBe('tel:+447700900123');
  });

  test('When a resident with no number or email is not told the surgery ended, then Finished says so and to give them their case reference when they get in touch', async () => {
    const { testApp, page } = chromium;
    const surgery = await testApp.api.openSurgery();
    const omar = new Resident(testApp);
    await omar.checksIn({ name: 'Omar Farouk', postcode: 'SW1A 2AA', issue: 'Bins not collected' });
    // 404: the conversation is gone.
    testApp.connector.fail(omar.conversationId, 404);
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByRole('heading', { name: 'Omar F · A1' }).waitFor();

    expect((await testApp.api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    await testApp.app.settled();
    // The follow-ups load once the tab sees the end, above Finished: press it once the page has settled.
    await page.getByRole('heading', { name: /^Follow-ups \(\d+ to do\)$/ }).waitFor();

    await page.getByRole('button', { name: /Finished/ }).click();
    const finished = page.getByRole('list', { name: 'Finished' }).getByRole('listitem').filter({ hasText: 'Omar F · A1' });
    await finished.getByText('Message not delivered: "The surgery has ended"').waitFor();
    const { caseReference } = (await testApp.api.queue(surgery.id)).finished[0]!;
    expect(await finished.textContent()).toContain(
      `They gave no phone number or email: if they get in touch, give them case reference ${caseReference}.`,
    );
  });
});
