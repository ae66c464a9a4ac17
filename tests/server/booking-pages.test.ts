import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { SurgerySummary } from '../../bot/api-types';
import type { Booking } from '../../bot/domain/model';
import { isRefusal } from '../../bot/domain/refusal';
import { RESIDENT_CSP } from '../../bot/server/security-headers';
import { TestApp, startTestApp } from '../support/test-app';

const PUBLIC = 'https://surgeries.example.gov.uk';
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
// November: UK time is UTC, so 14:00Z is 2pm. Slot 2 of 10 minutes starts at 2:20pm.
const PLAN = {
  ward: 'Abbey',
  startsAt: '2026-11-24T14:00:00.000Z',
  endsAt: '2026-11-24T16:00:00.000Z',
  joinUrl: JOIN_URL,
  councillors: ['Cllr Ada Khan'],
  mode: 'bookings',
  slotMinutes: 10,
};
const DAY_BEFORE = new Date('2026-11-23T10:00:00.000Z');
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

const JANE = {
  name: 'Jane Smith',
  address: '12 Mill Lane',
  postcode: 'RV1 1AA',
  issue: 'Mould in my flat <b>since May</b>',
  contact: 'jane@example.com',
};
const OMAR = {
  name: 'Omar Farouk',
  address: '3 Castle Row',
  postcode: 'RV2 2BB',
  issue: 'Bins not collected',
  contact: 'omar@example.com',
};

interface Answer {
  status: number;
  body: string;
  headers: Headers;
}

async function fetchPage(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

const post = (url: string, body: string, headers: Record<string, string> = FORM) => fetchPage(url, { method: 'POST', headers, body });

describe('A booking’s manage page, over real HTTP', () => {
  let now = DAY_BEFORE;
  let test: TestApp;

  beforeEach(async () => {
    now = DAY_BEFORE;
    test = await startTestApp({
      clock: () => now,
      env: { PUBLIC_BASE_URL: PUBLIC, COUNCIL_NAME: 'Riverside Borough Council', ORGANISER_EMAIL: 'surgeries@riverside.gov.uk' },
    });
  });

  afterEach(async () => {
    await test?.stop();
  });

  async function planSurgery(overrides: Record<string, unknown> = {}): Promise<SurgerySummary> {
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', { ...PLAN, ...overrides });
    if (created.status !== 201) throw new Error(`Could not create a surgery: ${JSON.stringify(created.body)}`);
    return created.body;
  }

  async function book(surgeryId: string, slot: number, resident = JANE): Promise<Booking> {
    const booked = await test.app.bookings.book(surgeryId, { ...resident, slot }, { channel: 'webchat' });
    if (isRefusal(booked)) throw new Error(`Could not book: ${booked.code} ${booked.message}`);
    return booked.booking;
  }

  const manageUrl = (booking: Booking) => `${test.app.url}/bookings/${booking.manageToken}`;
  const managePath = (booking: Booking) => `/bookings/${booking.manageToken}`;

  it('When a resident opens their booking’s link, then the page shows the reference, ward, UK date and time, what it is about and the meeting link, and is never cached', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);

    const page = await fetchPage(manageUrl(jane));

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toBe(RESIDENT_CSP);
    expect(page.body).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(page.body).toContain('<h1 class="govuk-heading-l">Your surgery appointment</h1>');
    expect(page.body).toContain(`<strong>${jane.reference}</strong>`);
    expect(page.body).toContain('Abbey ward surgery');
    expect(page.body).toContain('Tuesday 24 November 2026, 2:20pm');
    expect(page.body).toContain('Mould in my flat &lt;b&gt;since May&lt;/b&gt;');
    expect(page.body).toContain(`href="${JOIN_URL}"`);
    expect(page.body).toContain(`<a href="${managePath(jane)}/invite.ics" class="govuk-link" download>Add to your calendar</a>`);
    expect(page.body).toContain(`<a href="${managePath(jane)}/move" class="govuk-link">Change the time</a>`);
    expect(page.body).toContain(`<a href="${managePath(jane)}/cancel" class="govuk-link">Cancel your booking</a>`);
    // The surgery is not open yet: how to check in on the day, not the button.
    expect(page.body).not.toContain('Check in now');
    expect(page.body).toContain(`send your reference ${jane.reference} and your postcode to our chat assistant`);
    expect(page.body).not.toContain('<script');
    for (const secret of [JANE.name, JANE.address, JANE.postcode, JANE.contact]) expect(page.body).not.toContain(secret);
  });

  it('When the resident follows Add to your calendar, then they get the invitation as a .ics file at the UK time', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);

    const ics = await fetchPage(`${manageUrl(jane)}/invite.ics`);

    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(ics.headers.get('content-disposition')).toBe(`attachment; filename="surgery-appointment-${jane.reference}.ics"`);
    expect(ics.headers.get('cache-control')).toBe('no-store');
    expect(ics.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.body).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(ics.body).toContain(`\r\nUID:${jane.id}@surgeries.example.gov.uk\r\n`);
    expect(ics.body).toContain('\r\nDTSTART;TZID=Europe/London:20261124T142000\r\n');
    expect(ics.body).toContain('\r\nSUMMARY:Ward surgery appointment: Abbey\r\n');
    expect(ics.body).toContain('ORGANIZER;CN="Riverside Borough Council":mailto:surgeries@riverside.gov.uk');
  });

  it('When the resident cancels and confirms with the form, then the booking is cancelled, the page says how to book again and another resident can book the time', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);

    const confirm = await fetchPage(`${manageUrl(jane)}/cancel`);
    expect(confirm.status).toBe(200);
    expect(confirm.headers.get('cache-control')).toBe('no-store');
    expect(confirm.body).toContain('Are you sure you want to cancel your booking?');
    expect(confirm.body).toContain(`<form method="post" action="${managePath(jane)}/cancel" novalidate>`);
    expect(confirm.body).toContain('<input type="hidden" name="confirm" value="yes">');

    // Not our form, or not confirmed: nothing changes.
    expect(
      (await post(`${manageUrl(jane)}/cancel`, JSON.stringify({ confirm: 'yes' }), { 'Content-Type': 'application/json' })).status,
    ).toBe(415);
    expect((await post(`${manageUrl(jane)}/cancel`, 'confirm=no')).status).toBe(400);
    expect((await test.app.bookings.findByManageToken(jane.manageToken))!.booking.status).toBe('booked');
    expect(isRefusal(await test.app.bookings.book(surgery.id, { ...OMAR, slot: 2 }, { channel: 'webchat' }))).toBe(true);

    const cancelled = await post(`${manageUrl(jane)}/cancel`, 'confirm=yes');
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe(managePath(jane));

    const page = await fetchPage(manageUrl(jane));
    expect(page.body).toContain('<h1 class="govuk-heading-l">Your booking was cancelled</h1>');
    expect(page.body).toContain('To book another time');
    expect(page.body).toContain(`href="/surgeries/${surgery.id}"`);
    expect(page.body).not.toContain('/move"');
    expect(page.body).not.toContain('/cancel"');
    const ics = await fetchPage(`${manageUrl(jane)}/invite.ics`);
    expect(ics.body).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(ics.body).toContain('\r\nSTATUS:CANCELLED\r\n');
    // Pressing again, or opening the question again, changes nothing and leads back to the booking.
    expect((await post(`${manageUrl(jane)}/cancel`, 'confirm=yes')).status).toBe(303);
    expect((await fetchPage(`${manageUrl(jane)}/cancel`)).headers.get('location')).toBe(managePath(jane));

    const omar = await test.app.bookings.book(surgery.id, { ...OMAR, slot: 2 }, { channel: 'webchat' });
    expect(isRefusal(omar)).toBe(false);
    const slots = (await test.api.queue(surgery.id)).slots!;
    expect(slots[2]).toMatchObject({ state: 'booked', booking: { name: OMAR.name } });
  });

  it('When the resident changes the time, then the free times are GOV.UK radios and choosing one moves the booking', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);
    await book(surgery.id, 4, OMAR);

    const choose = await fetchPage(`${manageUrl(jane)}/move`);
    expect(choose.status).toBe(200);
    expect(choose.body).toContain('<h1 class="govuk-fieldset__heading">Choose a new time</h1>');
    expect(choose.body).toContain(`<form method="post" action="${managePath(jane)}/move" novalidate>`);
    const offered = [...choose.body.matchAll(/name="slot" type="radio" value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(offered).toEqual([0, 1, 3, 5, 6, 7, 8, 9, 10, 11]);
    expect(choose.body).toContain('<input class="govuk-radios__input" id="slot" name="slot" type="radio" value="0">');
    expect(choose.body).toContain('2:30pm to 2:40pm');

    const moved = await post(`${manageUrl(jane)}/move`, 'slot=3');
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(managePath(jane));
    const page = await fetchPage(manageUrl(jane));
    expect(page.body).toContain('Tuesday 24 November 2026, 2:30pm');
    const ics = await fetchPage(`${manageUrl(jane)}/invite.ics`);
    expect(ics.body).toContain('\r\nDTSTART;TZID=Europe/London:20261124T143000\r\n');
    expect(ics.body).not.toContain('\r\nSEQUENCE:0\r\n');
    const slots = (await test.api.queue(surgery.id)).slots!;
    expect(slots[2]!.state).toBe('free');
    expect(slots[3]).toMatchObject({ state: 'booked', booking: { name: JANE.name } });
  });

  it('When someone has just booked the time the resident chose, then the free times are shown again with a GOV.UK error summary', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);
    const choose = await fetchPage(`${manageUrl(jane)}/move`);
    expect(choose.body).toContain('value="5"');
    await book(surgery.id, 5, OMAR);

    const refused = await post(`${manageUrl(jane)}/move`, 'slot=5');

    expect(refused.status).toBe(409);
    expect(refused.body).toContain('<title>Error: Choose a new time');
    expect(refused.body).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
    expect(refused.body).toContain('<li><a href="#slot">Sorry, that time is not free now. Please choose another.</a></li>');
    expect(refused.body).toContain(
      '<p id="slot-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Sorry, that time is not free now. Please choose another.</p>',
    );
    expect(refused.body).toContain('govuk-form-group--error');
    expect(refused.body).not.toContain('value="5"');
    expect(refused.body).toContain('value="6"');
    expect((await test.app.bookings.findByManageToken(jane.manageToken))!.booking.slot).toBe(2);
  });

  it.each<[string, string, Record<string, string>, number]>([
    ['no time chosen', '', FORM, 400],
    ['a time that is not a number', 'slot=soon', FORM, 400],
    ['a time far past the end', 'slot=999', FORM, 409],
    ['a JSON body', '{"slot":3}', { 'Content-Type': 'application/json' }, 415],
    [
      'a multipart body',
      '--x\r\nContent-Disposition: form-data; name="slot"\r\n\r\n3\r\n--x--',
      { 'Content-Type': 'multipart/form-data; boundary=x' },
      415,
    ],
    ['no content type', 'slot=3', {}, 415],
    ['broken percent-encoding', 'slot=%E0%A4%A&slot=%%%', FORM, 400],
  ])(
    'When the change of time comes with %s, then it is refused with a page, not a server error, and nothing moves',
    async (_what, body, headers, status) => {
      const surgery = await planSurgery();
      const jane = await book(surgery.id, 2);

      const refused = await post(`${manageUrl(jane)}/move`, body, headers);

      expect(refused.status).toBe(status);
      expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(refused.body).toContain('<html lang="en-GB"');
      expect((await test.app.bookings.findByManageToken(jane.manageToken))!.booking.slot).toBe(2);
    },
  );

  it('When the surgery opens on the day, then Check in now puts the booked resident in the queue, marked booked, and leads to their place in the queue', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);
    now = new Date('2026-11-24T13:55:00.000Z');
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/open`)).status).toBe(200);

    const page = await fetchPage(manageUrl(jane));
    expect(page.body).toContain(`<form method="post" action="${managePath(jane)}/check-in" novalidate>`);
    expect(page.body).toContain('Check in now');
    // Too late to change on the day? Not yet: the slot has not started.
    expect(page.body).toContain('/move"');

    expect((await post(`${manageUrl(jane)}/check-in`, '')).status).toBe(400);
    expect((await test.api.queue(surgery.id)).active).toEqual([]);

    const checkedIn = await post(`${manageUrl(jane)}/check-in`, 'confirm=yes');
    expect(checkedIn.status).toBe(303);
    const statusPath = checkedIn.headers.get('location')!;
    expect(statusPath).toMatch(/^\/status\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);

    const status = await fetchPage(`${test.app.url}${statusPath}`);
    expect(status.status).toBe(200);
    expect(status.body).toContain('You are in the queue');
    const view = await test.api.queue(surgery.id);
    expect(view.active).toHaveLength(1);
    expect(view.active[0]).toMatchObject({ name: JANE.name, booked: true, slotStartsAt: '2026-11-24T14:20:00.000Z', status: 'waiting' });
    expect(view.slots![2]).toMatchObject({ state: 'waiting' });

    // Pressing again leads to the same place; the booking's page now points there.
    const again = await post(`${manageUrl(jane)}/check-in`, 'confirm=yes');
    expect(again.headers.get('location')).toBe(statusPath);
    const after = await fetchPage(manageUrl(jane));
    expect(after.body).toContain('<h1 class="govuk-heading-l">You have checked in</h1>');
    expect(after.body).toContain(`<a href="${statusPath}" class="govuk-link">See your place in the queue</a>`);
    expect((await test.api.queue(surgery.id)).active).toHaveLength(1);
  });

  it('When the resident presses Check in now before the surgery opens, then they are told it has not started, and nothing changes', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);

    const early = await post(`${manageUrl(jane)}/check-in`, 'confirm=yes');

    expect(early.status).toBe(409);
    expect(early.body).toContain('The surgery has not started yet.');
    expect(early.body).toContain(`<a href="${managePath(jane)}" class="govuk-link">Back to your booking</a>`);
    expect((await test.app.bookings.findByManageToken(jane.manageToken))!.booking.status).toBe('booked');
  });

  it.each([
    ['a token of the wrong shape', '/bookings/not-a-token'],
    ['a token nobody was given', `/bookings/${'A'.repeat(43)}`],
    ['the calendar of a token nobody was given', `/bookings/${'A'.repeat(43)}/invite.ics`],
    ['the move page of a token nobody was given', `/bookings/${'A'.repeat(43)}/move`],
    ['an escaped path', '/bookings/..%2F..%2Fstatus'],
  ])('When someone opens %s, then they get the plain not-found page', async (_what, pathname) => {
    const page = await fetchPage(`${test.app.url}${pathname}`);
    expect(page.status).toBe(404);
    expect(page.body).toContain('Page not found');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('When someone posts to a token nobody was given, then nothing happens and they get the not-found page', async () => {
    for (const action of ['cancel', 'move', 'check-in']) {
      const page = await post(`${test.app.url}/bookings/${'B'.repeat(43)}/${action}`, 'confirm=yes&slot=1');
      expect(page.status).toBe(404);
      expect(page.body).toContain('Page not found');
    }
  });

  it('When a resident books, then their confirmation email links to the manage page and the calendar file, and carries the invitation', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);
    await test.app.settled();

    const files = readdirSync(test.mailboxDir).filter((f) => f.endsWith('.eml'));
    expect(files).toEqual([`booking-${jane.id}-confirmed.eml`]);
    const email = readFileSync(path.join(test.mailboxDir, files[0]!), 'utf8');
    expect(email).toContain(`To: ${JANE.contact}`);
    expect(email).toContain(`${PUBLIC}/bookings/${jane.manageToken}\r\n`);
    expect(email).toContain(`${PUBLIC}/bookings/${jane.manageToken}/invite.ics`);
    expect(email).toContain('Content-Type: text/calendar; charset=utf-8; method=REQUEST');
    expect(email).toContain('DTSTART;TZID=Europe/London:20261124T142000');
  });

  it('When the day before the appointment comes, then the server’s ticker sends the reminder once, however often it ticks', async () => {
    const surgery = await planSurgery();
    const jane = await book(surgery.id, 2);
    const reminders = () => readdirSync(test.mailboxDir).filter((f) => f.startsWith(`booking-${jane.id}-day_before-`));

    now = new Date('2026-11-23T14:19:00.000Z');
    await test.app.tick();
    await test.app.settled();
    expect(reminders()).toEqual([]);

    now = new Date('2026-11-23T14:21:00.000Z');
    await test.app.tick();
    await test.app.tick();
    await test.app.settled();
    expect(reminders()).toHaveLength(1);
    expect(readFileSync(path.join(test.mailboxDir, reminders()[0]!), 'utf8')).toContain(
      'Subject: Reminder: your Abbey ward surgery appointment tomorrow at 2:20pm',
    );
  });

  describe('the surgery’s public pages', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['drop-ins only', { mode: 'drop_in' }, 'No booking needed: check in on the day and wait your turn.'],
      ['booked slots only', { mode: 'bookings' }, 'Book a slot: this surgery is by appointment only.'],
      ['both', { mode: 'both', freeSlots: 2 }, 'Book a slot, or drop in without booking: check in on the day and wait your turn.'],
    ])('When a surgery takes %s, then its page and the listing say whether to book', async (_what, overrides, words) => {
      const surgery = await planSurgery(overrides);

      const page = await fetchPage(`${test.app.url}/surgeries/${surgery.id}`);
      const listing = await fetchPage(`${test.app.url}/surgeries`);
      const feed = await fetchPage(`${test.app.url}/surgeries.ics`);

      expect(page.body).toContain(`Online, on Microsoft Teams. ${words}`);
      expect(listing.body).toContain(`Online. ${words}`);
      expect(feed.body.replace(/\r\n /g, '')).toContain(words.replace(/,/g, '\\,'));
      if (overrides.mode === 'drop_in') {
        expect(page.body).not.toContain('id="book"');
        expect(listing.body).toContain('How to join the Abbey surgery');
      } else {
        expect(page.body).toContain('<h2 class="govuk-heading-m" id="book">Book a slot</h2>');
        expect(page.body).toContain('send the message “book” to our chat assistant');
        expect(listing.body).toContain('How to book or join the Abbey surgery');
      }
    });
  });
});
