import type { SurgerySummary } from '../../bot/api-types';
import { formatTime } from '../../bot/domain/time-format';
import { seriousAxeProblems } from '../support/axe';
import { tabInChromium } from '../support/chromium';
import { ConnectorCall, cardOf } from '../support/recording-connector';
import { Resident } from '../support/test-app';
import { formatSession, toLondonInput } from '../../tab/src/london-time';
import { TIME_OF_DAY } from '../support/time-words';

const DAY = 86_400_000;
const MINUTE = 60_000;

describe('Changing a surgery, in the tab in Chromium', () => {
  // Still where a test says, so the tab and the resident's pages are read at one moment.
  let frozen: number | undefined;
  const chromium = tabInChromium({ clock: () => new Date(frozen ?? Date.now()) });
  afterEach(() => {
    frozen = undefined;
  });

  async function bookedSurgery(): Promise<{ surgery: SurgerySummary; start: number }> {
    const { api } = chromium.testApp;
    const start = Math.ceil((Date.now() + 2 * DAY) / (60 * MINUTE)) * 60 * MINUTE;
    const created = await api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_castle%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 120 * MINUTE).toISOString(),
      mode: 'bookings',
      slotMinutes: 10,
    });
    expect(created.status).toBe(201);
    await new Resident(chromium.testApp).books(created.body.id, { contact: 'jane@example.com' });
    return { surgery: created.body, start };
  }

  test('When a councillor shortens a surgery so that a booking has no slot, then the tab names the booking and asks first, and once confirmed the tab and the public page show the new time', async () => {
    const { app } = chromium.testApp;
    const page = chromium.page;
    const { surgery, start } = await bookedSurgery();
    const newStart = new Date(start + 60 * MINUTE).toISOString();
    const newEnd = new Date(start + 120 * MINUTE).toISOString();
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'Change surgery' }).click();
    const form = page.getByRole('form', { name: 'Change surgery' });
    await form.getByLabel('Start (UK time)').fill(toLondonInput(new Date(newStart)));
    await form.getByLabel('End (UK time)').fill(toLondonInput(new Date(newEnd)));
    await form.getByRole('button', { name: 'Save changes' }).click();

    const asking = form.getByRole('group', { name: 'This booking would be cancelled' });
    await asking.getByText(new RegExp(String.raw`^Jane Smith at ${TIME_OF_DAY} \(SQ-[A-Z0-9-]+\)$`)).waitFor();
    // Keyboard users land on the question, not back at the top of the page.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('This booking would be cancelled');
    // The form and its question pass axe as they stand.
    expect(await seriousAxeProblems(page)).toEqual([]);
    // Nothing changed while the councillor decides.
    expect((await chromium.testApp.api.queue(surgery.id)).surgery.startsAt).toBe(surgery.startsAt);
    await asking.getByRole('button', { name: 'Yes, change and cancel it' }).click();

    await page.getByText('Surgery changed. Residents whose time moved are told.').waitFor();
    await page.getByText(formatSession(newStart, newEnd), { exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Change surgery');
    expect(await form.count()).toBe(0);
    const publicPage = await (await fetch(`${app.url}/surgeries/${surgery.id}`)).text();
    expect(publicPage).toContain(`${formatTime(newStart)} to ${formatTime(newEnd)}`);
    expect(publicPage).not.toContain(`${formatTime(new Date(start).toISOString())} to`);
  });

  test('When a change is not a valid surgery, then the field says why and is marked, and nothing is asked or changed', async () => {
    const { app } = chromium.testApp;
    const page = chromium.page;
    const { surgery, start } = await bookedSurgery();
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'Change surgery' }).click();
    const form = page.getByRole('form', { name: 'Change surgery' });
    const end = form.getByLabel('End (UK time)');
    await end.fill(toLondonInput(new Date(start - 30 * MINUTE)));
    await end.press('Enter');

    await form.getByText('The end must be after the start.').waitFor();
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    const described = await end.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' '),
    );
    expect(described).toContain('The end must be after the start.');
    await form.getByRole('button', { name: 'Close without changing' }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Change surgery');
    expect((await chromium.testApp.api.queue(surgery.id)).surgery.endsAt).toBe(surgery.endsAt);
  });

  test('When councillors join an open surgery through the form, then the tab shows each resident the same window as their place card and their status page', async () => {
    frozen = Date.now();
    const { api, app, connector } = chromium.testApp;
    const page = chromium.page;
    const surgery = await api.openSurgery({
      ward: 'Castle',
      startsAt: new Date(frozen).toISOString(),
      endsAt: new Date(frozen + 120 * MINUTE).toISOString(),
    });
    const residents: Resident[] = [];
    for (let n = 1; n <= 4; n++) {
      const resident = new Resident(chromium.testApp);
      await resident.checksIn({ name: `Resident ${n}`, postcode: 'SW1A 1AA', issue: 'Street lights out.' });
      residents.push(resident);
    }
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'Change surgery' }).click();
    const form = page.getByRole('form', { name: 'Change surgery' });
    await form.getByLabel('Councillors').fill('Cllr Ada Khan, Cllr Ben Osei, Cllr Cara Lee');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Surgery changed. Residents whose time moved are told.').waitFor();
    await chromium.testApp.app.settled();

    const view = await api.queue(surgery.id);
    for (const [i, resident] of residents.entries()) {
      const words = view.active.find((row) => row.name === `Resident ${i + 1}`)!.estimatedWindow!.words;
      const shown = `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
      await page.getByText(`Estimated ${words}`).first().waitFor();
      const latest = new Map<string, ConnectorCall>();
      for (const call of connector.to(resident.conversationId)) latest.set(call.method === 'PUT' ? call.activityId! : call.resultId, call);
      const placeCard = [...latest.values()]
        .map((call) => cardOf(call.activity))
        .find((card) => card?.body?.[0]?.text === 'You are in the queue');
      expect(JSON.stringify(placeCard)).toContain(`"value":"${shown}"`);
      const statusUrl = placeCard!.actions.find((action: { title: string }) => action.title === 'See your place in a browser')
        .url as string;
      const statusPage = await (await fetch(`${app.url}${new URL(statusUrl).pathname}`)).text();
      expect(statusPage).toContain(`<dd class="govuk-summary-list__value">${shown}</dd>`);
    }
  });
});
