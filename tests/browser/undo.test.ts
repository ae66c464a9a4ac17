import { tabInChromium } from '../support/chromium';
import { textOf } from '../support/recording-connector';
import { Resident } from '../support/test-app';
import { TIME_OF_DAY } from '../support/time-words';

describe('Undo, in the tab in Chromium', () => {
  // The server's clock, moved back in the last test so the tab sees changes made more than 10 minutes ago.
  let offset = 0;
  const chromium = tabInChromium({ clock: () => new Date(Date.now() + offset) });

  beforeEach(() => {
    offset = 0;
  });

  test('When the councillor marks a no-show or ends the surgery by mistake, then "Undo" beside it puts the resident back, and the surgery back open, and residents are told', async () => {
    const { api, app, connector } = chromium.testApp;
    const page = chromium.page;
    const surgery = await api.openSurgery({ ward: 'Castle' });
    const jane = new Resident(chromium.testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes on Mill Lane.' });
    await new Resident(chromium.testApp, 'webchat').checksIn({ name: 'Bob Ray', postcode: 'SW1A 1AA', issue: 'Bins' });
    await api.admitNext(surgery.id);
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'No-show Jane S · A1' }).click();
    await page.getByRole('button', { name: 'Yes, mark no-show' }).click();
    const undoable = page.getByRole('list', { name: 'Can be undone' });
    await undoable.getByText(new RegExp(String.raw`^Jane S · A1: No-show at ${TIME_OF_DAY}\. Undo until ${TIME_OF_DAY}\.$`)).waitFor();
    await undoable.getByRole('button', { name: 'Undo no-show Jane S · A1' }).click();
    await page.getByRole('button', { name: 'No-show Jane S · A1' }).waitFor();
    // The undone entry leaves the list with the next view of the queue, which may come a moment after the button.
    await undoable.waitFor({ state: 'detached' });
    await connector.waitFor((c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('by mistake'));

    await page.getByRole('button', { name: 'End surgery' }).click();
    await page.getByRole('button', { name: 'Yes, end surgery' }).click();
    await page.getByText(new RegExp(String.raw`^Ended at ${TIME_OF_DAY}\.$`)).waitFor();
    await page
      .getByText(new RegExp(String.raw`^Undo until ${TIME_OF_DAY}: residents not reached go back in the queue and are told\.$`))
      .waitFor();
    await page.getByRole('button', { name: 'Undo ending the surgery' }).click();
    await page.getByRole('button', { name: 'Admit next' }).waitFor();
    expect((await api.queue(surgery.id)).active.map((r) => [r.lobbyTag, r.status])).toEqual([
      ['Jane S · A1', 'called'],
      ['Bob R · A2', 'waiting'],
    ]);
    await connector.waitFor((c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('open again'));
  });

  test('When the surgery ended more than 10 minutes ago, then the tab says when it ended and offers no "Undo"', async () => {
    const { api, app } = chromium.testApp;
    const page = chromium.page;
    const surgery = await api.openSurgery({ ward: 'Castle' });
    offset = -11 * 60_000;
    expect((await api.call('POST', `/api/surgeries/${surgery.id}/end`)).status).toBe(200);
    offset = 0;
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByText(new RegExp(String.raw`^Ended at ${TIME_OF_DAY}\.$`)).waitFor();
    expect(await page.getByRole('button', { name: 'Undo ending the surgery' }).count()).toBe(0);
  });
});
