import { tabInChromium } from '../support/chromium';
import { TIME_OF_DAY } from '../support/time-words';

const DAY = 86_400_000;
const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';

describe('Opening on the day, and breaks, in the tab in Chromium', () => {
  const chromium = tabInChromium();

  test('When the councillor opens a surgery two days early, then the tab asks first, naming its day; a break hides Admit next until they resume', async () => {
    const { api, app } = chromium.testApp;
    const page = chromium.page;
    const startsAt = new Date(Date.now() + 2 * DAY);
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' }).format(
      startsAt,
    );
    const created = await api.call('POST', '/api/surgeries', { ward: 'Castle', joinUrl: JOIN, councillors: ['Cllr Ada Khan'], startsAt });
    await page.goto(`${app.url}/tab/?surgery=${created.body.id}`);

    await page.getByRole('button', { name: 'Open surgery' }).click();
    const asked = page.getByRole('group', { name: 'Open the surgery early?' });
    await asked.getByText(`This surgery is on ${day}. Open it now?`).waitFor();
    await asked.getByRole('button', { name: 'Not yet' }).click();
    expect((await api.queue(created.body.id)).surgery.status).toBe('scheduled');
    await page.getByRole('button', { name: 'Open surgery' }).click();
    await page.getByRole('button', { name: 'Yes, open it now' }).click();
    await page.getByRole('button', { name: 'Admit next' }).waitFor();

    await page.getByRole('button', { name: 'Take a break' }).click();
    await page.getByRole('combobox', { name: 'How long?' }).selectOption('20');
    await page.getByRole('button', { name: 'Start break' }).click();
    await page
      .getByRole('group', { name: 'On a break' })
      .getByText(new RegExp(String.raw`^On a break until ${TIME_OF_DAY}\.$`))
      .waitFor();
    expect(await page.getByRole('button', { name: 'Admit next' }).count()).toBe(0);
    const onBreak = (await api.queue(created.body.id)).surgery.onBreak!;
    expect(Date.parse(onBreak.until) - Date.parse(onBreak.since)).toBe(20 * 60_000);

    await page.getByRole('button', { name: 'Resume surgery' }).click();
    await page.getByRole('button', { name: 'Admit next' }).waitFor();
    expect((await api.queue(created.body.id)).surgery.onBreak).toBeUndefined();
  });
});
