import { tabInChromium } from '../support/chromium';
import { textOf } from '../support/recording-connector';
import { Resident } from '../support/test-app';
import { TIME_OF_DAY } from '../support/time-words';

describe('No-show with care, in the tab in Chromium', () => {
  const chromium = tabInChromium();

  test('When the councillor presses No-show before the promised time, then the tab says so and asks first; Cancel changes nothing and Yes tells the resident kindly', async () => {
    const { api, app, connector } = chromium.testApp;
    const page = chromium.page;
    const surgery = await api.openSurgery();
    const jane = new Resident(chromium.testApp, 'webchat');
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Potholes on Mill Lane.' });
    await api.admitNext(surgery.id);
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'No-show Jane S · A1' }).click();
    const asked = page.getByRole('group', { name: 'Mark Jane S · A1 as not joining' });
    await asked
      .getByText(
        new RegExp(String.raw`Jane S · A1 was told a councillor would let them in by ${TIME_OF_DAY}\. They may still be joining\.`),
      )
      .waitFor();
    await asked.getByText('They will be told kindly, and can press “I’m here” within 10 minutes to be seen next.').waitFor();
    await asked.getByRole('button', { name: 'Cancel' }).click();
    expect(await asked.count()).toBe(0);
    expect((await api.queue(surgery.id)).active[0]!.status).toBe('called');

    await page.getByRole('button', { name: 'No-show Jane S · A1' }).click();
    await page.getByRole('button', { name: 'Yes, mark no-show' }).click();
    await page.getByText('Nobody is in the queue.').waitFor();
    await connector.waitFor((c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('could not see you'));
    expect((await api.queue(surgery.id)).finished.map((r) => [r.lobbyTag, r.status])).toEqual([['Jane S · A1', 'no_show']]);
  });
});
