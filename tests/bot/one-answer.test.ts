import type { QueueView, SurgerySummary } from '../../bot/api-types';
import { appointmentTime } from '../../bot/services/booking-invite';
import { formatTime } from '../../bot/domain/time-format';
import type { FakeNotify } from '../support/fake-notify';
import { startStillApp, stopStillApp } from '../support/still-app';
import { ConnectorCall, cardOf, textOf } from '../support/recording-connector';
import { Resident, TestApp } from '../support/test-app';

const MINUTE = 60_000;
const JOIN = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_castle%40thread.v2/0';
const IN_THE_QUEUE = 'You are in the queue';

/** What a chat shows now: the latest version of every card and message in it, updated ones as updated. */
function chatShows(resident: Resident): string[] {
  const latest = new Map<string, ConnectorCall>();
  for (const call of resident.received) latest.set(call.method === 'PUT' ? call.activityId! : call.resultId, call);
  return [...latest.values()].map((call) => `${JSON.stringify(cardOf(call.activity) ?? {})} ${textOf(call.activity)}`);
}

const capitalised = (words: string) => `${words.charAt(0).toUpperCase()}${words.slice(1)}`;

describe('One answer everywhere: the tab, the chat, the status page, the booking page and emails agree', () => {
  let notify: FakeNotify;
  let test: TestApp;
  // Still, so every place is read at one moment.
  let now = 0;

  beforeEach(async () => {
    ({ test, notify, now } = await startStillApp());
  });

  afterEach(() => stopStillApp({ test, notify }));

  const page = async (path: string) => (await fetch(`${test.app.url}${path}`)).text();
  const pathOf = (url: string) => new URL(url).pathname;

  it('When a change moves a resident’s turn, then for each resident emailed the tab, their place card, their status page and their email give the same window, and none starts before the surgery does', async () => {
    const startsAt = now + 20 * MINUTE;
    const surgery = await test.api.openSurgery({
      ward: 'Castle',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 120 * MINUTE).toISOString(),
    });
    const residents: Resident[] = [];
    for (let n = 1; n <= 6; n++) {
      const resident = new Resident(test);
      await resident.checksIn({
        name: `Resident ${n}`,
        postcode: 'SW1A 1AA',
        issue: 'Street lights out.',
        contact: `resident${n}@example.com`,
      });
      residents.push(resident);
    }
    await test.app.settled();

    expect(
      (await test.api.call('PATCH', `/api/surgeries/${surgery.id}`, { councillors: ['Cllr Ada Khan', 'Cllr Ben Osei', 'Cllr Cara Lee'] }))
        .status,
    ).toBe(200);
    await test.app.settled();

    const view: QueueView = await test.api.queue(surgery.id);
    const rows = residents.map((_, i) => view.active.find((row) => row.name === `Resident ${i + 1}`)!);
    // Opened early: nobody is promised a time before the surgery starts.
    for (const row of rows) expect(Date.parse(row.estimatedWindow!.earliest)).toBeGreaterThanOrEqual(startsAt);
    expect(rows[0]!.estimatedWindow!.words).toMatch(new RegExp(`^about ${formatTime(new Date(startsAt).toISOString())}( to |$)`));

    const moved = rows.filter((_row, i) =>
      notify.sent.some((s) => s.to === `resident${i + 1}@example.com` && s.subject === 'Your time at the Castle ward surgery has changed'),
    );
    expect(moved.length).toBeGreaterThan(0);
    for (const row of moved) {
      const n = rows.indexOf(row) + 1;
      const words = row.estimatedWindow!.words;
      const email = notify.sent.find((s) => s.to === `resident${n}@example.com` && s.subject!.includes('has changed'))!;
      expect(email.content).toContain(`we now expect to call you ${words}.`);
      const placeCard = chatShows(residents[n - 1]!).find((shown) => shown.includes(IN_THE_QUEUE))!;
      expect(placeCard).toContain(`"value":"${capitalised(words)}"`);
      const statusUrl = /See your place in the queue: (\S+)/.exec(email.content)![1]!;
      expect(await page(pathOf(statusUrl))).toContain(`<dd class="govuk-summary-list__value">${capitalised(words)}</dd>`);
    }
  });

  it('When a booked resident’s surgery is changed, they check in, are called and the surgery ends, then after each step their booking page, status page and chat agree, and none says they are in the queue once it has ended', async () => {
    const startsAt = Math.ceil((now + 20 * MINUTE) / (5 * MINUTE)) * 5 * MINUTE;
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: JOIN,
      councillors: ['Cllr Ada Khan'],
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 120 * MINUTE).toISOString(),
      mode: 'both',
      slotMinutes: 10,
      freeSlots: 2,
    });
    expect(created.status).toBe(201);
    const surgeryId = created.body.id;
    const jane = new Resident(test);
    await jane.books(surgeryId, { contact: 'jane@example.com' });
    const manageUrl = cardOf(jane.lastReceived()!.activity)!.actions.find((a: { title: string }) => a.title === 'Change or cancel')
      .url as string;
    const bookingPage = () => page(pathOf(manageUrl));

    // Changed: half an hour later. The booking page, the chat's booking card and the email give the new time.
    expect(
      (
        await test.api.call('PATCH', `/api/surgeries/${surgeryId}`, {
          startsAt: new Date(startsAt + 30 * MINUTE).toISOString(),
          endsAt: new Date(startsAt + 150 * MINUTE).toISOString(),
        })
      ).status,
    ).toBe(200);
    await test.app.settled();
    const booking = (await test.api.queue(surgeryId)).slots!.find((slot) => slot.booking)!;
    expect(Date.parse(booking.startsAt)).toBeGreaterThan(startsAt + 30 * MINUTE);
    const newTime = appointmentTime(booking.startsAt);
    expect(await bookingPage()).toContain(newTime);
    expect(chatShows(jane).filter((shown) => shown.includes('Your time is booked'))).toEqual([
      expect.stringContaining(formatTime(booking.startsAt)),
    ]);
    expect(notify.sent.filter((s) => s.to === 'jane@example.com' && s.subject!.includes('new time'))).toEqual([
      expect.objectContaining({ content: expect.stringContaining(newTime) }),
    ]);

    // Checked in: "You have checked in" on the booking page; one window on the status page, the chat and the tab.
    expect((await test.api.call('POST', `/api/surgeries/${surgeryId}/open`, { confirmEarly: true })).status).toBe(200);
    await jane.says(booking.booking!.reference);
    await test.app.settled();
    const checkedIn = await bookingPage();
    expect(checkedIn).toContain('You have checked in');
    const statusPath = /href="(\/status\/[^"]+)"/.exec(checkedIn)![1]!;
    const row = (await test.api.queue(surgeryId)).active.find((r) => r.name === 'Jane Smith')!;
    const window = capitalised(row.estimatedWindow!.words);
    expect(await page(statusPath)).toContain(`<dd class="govuk-summary-list__value">${window}</dd>`);
    expect(chatShows(jane).filter((shown) => shown.includes(IN_THE_QUEUE))).toEqual([expect.stringContaining(`"value":"${window}"`)]);

    // Called: both pages say it is their turn; the chat has the call, and no place card saying they wait.
    expect((await test.api.call('POST', `/api/surgeries/${surgeryId}/visits/${row.visitId}/admit`)).status).toBe(200);
    await test.app.settled();
    for (const shown of [await bookingPage(), await page(statusPath)]) {
      expect(shown).toContain('It is your turn next');
      expect(shown).not.toContain(IN_THE_QUEUE);
    }
    expect(chatShows(jane).some((shown) => shown.includes('It is your turn'))).toBe(true);
    expect(chatShows(jane).some((shown) => shown.includes(IN_THE_QUEUE))).toBe(false);

    // Ended before she joined: all three say the surgery ended before reaching her, with where to go next.
    expect((await test.api.call('POST', `/api/surgeries/${surgeryId}/end`)).status).toBe(200);
    await test.app.settled();
    for (const shown of [await bookingPage(), await page(statusPath)]) {
      expect(shown).toContain('The surgery ended before we could reach you');
      expect(shown).not.toContain(IN_THE_QUEUE);
      expect(shown).not.toContain('You have checked in');
    }
    expect(chatShows(jane).some((shown) => shown.includes('has ended before we could reach you'))).toBe(true);
    expect(chatShows(jane).some((shown) => shown.includes(IN_THE_QUEUE))).toBe(false);
  });
});
