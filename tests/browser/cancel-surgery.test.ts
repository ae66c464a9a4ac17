import { tabInChromium } from '../support/chromium';
import { textOf } from '../support/recording-connector';
import { Resident } from '../support/test-app';
import { TIME_OF_DAY } from '../support/time-words';

describe('Cancelling a surgery, in the tab in Chromium', () => {
  const chromium = tabInChromium();

  test('When a councillor cancels the surgery with a message, then the tab first says how many residents will be told, and each resident gets the message', async () => {
    const { api, app, connector } = chromium.testApp;
    const page = chromium.page;
    const surgery = await api.openSurgery({ ward: 'Castle', mode: 'both' });
    const jane = new Resident(chromium.testApp, 'webchat');
    await jane.books(surgery.id, { contact: 'jane@example.com' });
    const bob = new Resident(chromium.testApp, 'webchat');
    await bob.checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Potholes on Mill Lane.' });
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'Cancel surgery' }).click();
    const asking = page.getByRole('group', { name: 'Cancel the surgery?' });
    await asking.getByText('2 residents will be told by chat, email or text', { exact: false }).waitFor();
    await asking.getByRole('textbox', { name: /Message to residents/ }).fill('Sorry, I am unwell. I will hold it next Monday.');
    await asking.getByRole('button', { name: 'Yes, cancel surgery' }).click();

    await page.getByText(new RegExp(String.raw`^Cancelled at ${TIME_OF_DAY}\. Residents booked or waiting have been told\.$`)).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel surgery' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Admit next' }).count()).toBe(0);
    for (const resident of [jane, bob]) {
      const told = await connector.waitFor(
        (c) => c.conversationId === resident.conversationId && textOf(c.activity).includes('has been cancelled'),
      );
      expect(textOf(told.activity)).toContain('The councillors say: "Sorry, I am unwell. I will hold it next Monday."');
    }
  });
});
