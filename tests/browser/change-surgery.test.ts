import type { SurgerySummary } from '../../bot/api-types';
import { formatTime } from '../../bot/domain/time-format';
import { tabInChromium } from '../support/chromium';
import { Resident } from '../support/test-app';
import { formatSession, toLondonInput } from '../../tab/src/london-time';

const DAY = 86_400_000;
const MINUTE = 60_000;

describe('Changing a surgery, in the tab in Chromium', () => {
  const chromium = tabInChromium();

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
    await asking.getByText(/^Jane Smith at \d{1,2}(:\d{2})?[ap]m \(SQ-[A-Z0-9-]+\)$/).waitFor();
    // Keyboard users land on the question, not back at the top of the page.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('This booking would be cancelled');
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
});
