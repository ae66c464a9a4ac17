import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SurgerySummary } from '../../bot/api-types';
import { cardOf, textOf } from '../support/recording-connector';
import { startApp } from '../../bot/index';
import { silentLogger } from '../support/silent-logger';
import { Resident, TestApp, residentActivity, startTestApp } from '../support/test-app';
import { FakeNotify } from '../support/fake-notify';

// A week before the surgery, then on the day.
const SURGERY_START = '2026-12-01T18:00:00.000Z';
const SURGERY_END = '2026-12-01T20:00:00.000Z';
let now = new Date('2026-11-24T10:00:00.000Z');

const DETAILS = {
  name: 'Jane Smith',
  address: '12 High Street',
  postcode: 'SW1A 1AA',
  issue: 'Bins not collected',
  contact: 'jane@example.com',
};

describe('Booking a time with the bot', () => {
  let test: TestApp;

  beforeEach(async () => {
    now = new Date('2026-11-24T10:00:00.000Z');
    test = await startTestApp({ clock: () => now });
  });

  afterEach(async () => {
    await test?.stop();
  });

  async function plan(overrides: Record<string, unknown> = {}): Promise<SurgerySummary> {
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Abbey',
      startsAt: SURGERY_START,
      endsAt: SURGERY_END,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      mode: 'both',
      slotMinutes: 10,
      freeSlots: 2,
      ...overrides,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  const last = (resident: Resident) => resident.lastReceived()!.activity;
  const choices = (form: Record<string, any>) =>
    form.body.find((e: { id?: string }) => e.id === 'slot').choices as { title: string; value: string }[];

  async function bookingForm(resident: Resident): Promise<Record<string, any>> {
    await resident.says('book');
    const form = cardOf(last(resident));
    if (!form) throw new Error(`No booking form: ${textOf(last(resident))}`);
    return form;
  }

  async function book(resident: Resident, slot: string, details: Record<string, unknown> = DETAILS): Promise<Record<string, any>> {
    const form = await bookingForm(resident);
    await resident.submits({ ...form.actions[0].data, slot, ...details });
    return last(resident);
  }

  it('When a resident types "book", then they choose from the free times (none kept for drop-ins) and get a confirmation with a reference and links', async () => {
    const surgery = await plan();
    const jane = new Resident(test, 'webchat');
    const form = await bookingForm(jane);
    expect(textOf(last(jane))).toContain('Book a time at the Abbey surgery');
    const times = choices(form);
    expect(times).toHaveLength(10);
    expect(times[0]).toEqual({ title: 'Tuesday 1 December, 6pm', value: '0' });
    expect(times.map((t) => t.value)).not.toContain('5');

    await jane.submits({ ...form.actions[0].data, slot: '3', ...DETAILS });
    const confirmation = cardOf(last(jane))!;
    const text = textOf(last(jane));
    expect(text).toContain('Your time is booked');
    expect(text).toContain('When\nTuesday 1 December, 6:30pm');
    const reference = /Reference\n(SQ-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(text)![1]!;
    const [calendar, manage, meeting] = confirmation.actions.map((a: { url: string }) => a.url);
    expect(manage).toMatch(/\/bookings\/[A-Za-z0-9_-]{43}$/);
    expect(calendar).toBe(`${manage}/invite.ics`);
    expect(meeting).toBe(surgery.joinUrl);

    const slots = (await test.api.queue(surgery.id)).slots!;
    expect(slots[3]).toMatchObject({
      state: 'booked',
      booking: { reference, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Bins not collected' },
    });
    expect(slots.filter((s) => s.state === 'free')).toHaveLength(9);
    expect(slots.filter((s) => s.state === 'kept_for_drop_ins')).toHaveLength(2);
  });

  it('When the booking form is wrong, then it comes back with what to fix and what was typed, and nothing is booked', async () => {
    const surgery = await plan();
    const jane = new Resident(test);
    const reply = await book(jane, '2', { ...DETAILS, address: '', contact: '' });
    const text = textOf(reply);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter the first line of your address');
    expect(text).toContain('Enter an email address or a UK mobile number, so we can send your confirmation.');
    const form = cardOf(reply)!;
    expect(form.body.find((e: { id?: string }) => e.id === 'slot').value).toBe('2');
    expect(form.body.find((e: { id?: string }) => e.id === 'name').value).toBe('Jane Smith');
    expect((await test.api.queue(surgery.id)).slots!.filter((s) => s.state === 'booked')).toHaveLength(0);
  });

  it('When someone books a time while another resident has the form open, then the second is told kindly and offered the times still free', async () => {
    await plan();
    const jane = new Resident(test);
    const sam = new Resident(test);
    const samsForm = await bookingForm(sam);
    await book(jane, '4');

    await sam.submits({ ...samsForm.actions[0].data, slot: '4', ...DETAILS, contact: '07700 900123', name: 'Sam Lee' });
    const text = textOf(last(sam));
    expect(text).toContain('Sorry, someone has just booked that time. Please choose another.');
    expect(choices(cardOf(last(sam))!).map((c) => c.value)).not.toContain('4');
  });

  it('When a resident already holds a time at the surgery, then a second booking with the same contact is refused', async () => {
    await plan();
    const jane = new Resident(test);
    await book(jane, '1');
    await book(jane, '2');
    expect(textOf(last(jane))).toBe('You already have a booking at this surgery. Use the link in your confirmation to change it.');
  });

  it('When a booked resident sends their reference on the day, then they are in the queue without being asked again, marked booked, and called at their slot', async () => {
    const surgery = await plan();
    const jane = new Resident(test, 'webchat');
    const reference = /Reference\n(SQ-[A-Z0-9-]+)/.exec(textOf(await book(jane, '3')))![1]!;

    await jane.says(reference.toLowerCase());
    expect(textOf(last(jane))).toBe(
      'Your appointment is on Tuesday 1 December at 6:30pm. The surgery has not started yet: send me your reference again once it has.',
    );

    now = new Date('2026-12-01T18:05:00.000Z');
    await test.api.call('POST', `/api/surgeries/${surgery.id}/open`);
    const walkIn = new Resident(test);
    await walkIn.checksIn({ name: 'Walk In', postcode: 'SW1A 2AA', issue: 'Parking' });

    // Jane checks in from Teams, not the web chat she booked in: the postcode she booked with goes with it.
    const booked = new Resident(test, 'msteams');
    await booked.says(`${reference} sw1a1aa`);
    const replies = booked.received.map((c) => textOf(c.activity));
    expect(replies[0]).toBe(
      'Welcome, Jane Smith. You are checked in for your 6:30pm appointment. We will call you at your time, or as soon after as a councillor is free.',
    );
    expect(replies[1]).toContain('You are in the queue');

    const view = await test.api.queue(surgery.id);
    const row = view.active.find((r) => r.name === 'Jane Smith')!;
    expect(row).toMatchObject({ booked: true, slotStartsAt: '2026-12-01T18:30:00.000Z', issue: 'Bins not collected', position: 2 });
    expect(view.slots![3]).toMatchObject({ state: 'waiting', booking: { lobbyTag: row.lobbyTag } });

    // Before the slot, the drop-in fills the gap; at the slot, the booked resident is called first.
    expect((await test.api.admitNext(surgery.id)).body.called.name).toBe('Walk In');
    const another = new Resident(test);
    await another.checksIn({ name: 'Late Comer', postcode: 'SW1A 2AA', issue: 'Noise' });
    now = new Date('2026-12-01T18:30:30.000Z');
    expect((await test.api.admitNext(surgery.id)).body.called.name).toBe('Jane Smith');

    const summary = (await test.api.call('GET', `/api/surgeries/${surgery.id}/summary`)).body;
    expect(summary.figures.arrival).toEqual({ recorded: true, booked: 1, dropIn: 2 });
  });

  it('When the replies to a check-in by reference cannot be delivered in the turn, then the resident is never told something went wrong and gets the welcome and their place card, in order, through the outbox', async () => {
    const surgery = await plan();
    const jane = new Resident(test, 'webchat');
    const reference = /Reference\n(SQ-[A-Z0-9-]+)/.exec(textOf(await book(jane, '3')))![1]!;
    now = new Date('2026-12-01T18:05:00.000Z');
    await test.api.call('POST', `/api/surgeries/${surgery.id}/open`);
    // One 500 for the turn's one try (its client does not retry), and one more for the outbox.
    test.connector.fail(jane.conversationId, 500, 2);

    expect(await jane.says(reference)).toBe(200);
    // The outbox tries again after its back-off; the test's clock moves on rather than waiting for it.
    now = new Date('2026-12-01T18:06:00.000Z');
    await test.app.settled();

    const replies = jane.received.map((c) => textOf(c.activity));
    expect(replies.filter((r) => r.includes('something went wrong'))).toEqual([]);
    const welcome = replies.findIndex((r) => r.startsWith('Welcome, Jane Smith. You are checked in'));
    const card = replies.findIndex((r) => r.includes('You are in the queue'));
    expect(welcome).toBeGreaterThan(0);
    expect(card).toBe(welcome + 1);
    expect(replies.slice(welcome)).toHaveLength(2);
    expect((await test.api.queue(surgery.id)).active).toEqual([expect.objectContaining({ name: 'Jane Smith', booked: true })]);
  });

  it('When a waiting resident may not be reached and chooses to book the next surgery, then they get its booking form and keep their place today', async () => {
    const next = await plan();
    now = new Date('2026-11-24T18:30:00.000Z');
    const today = await test.api.openSurgery({ ward: 'abbey ', startsAt: '2026-11-24T18:00:00.000Z', endsAt: '2026-11-24T20:00:00.000Z' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    const visitId = (await test.api.queue(today.id)).active[0]!.visitId;

    await jane.submits({ action: 'next_surgery', visitId });
    const form = cardOf(last(jane))!;
    const text = textOf(last(jane));
    expect(text).toContain('Book a time at the Abbey surgery');
    expect(text).toContain('You are still in today\'s queue as "Jane S · A1". Type "leave" if you would rather go.');
    expect(form.actions[0].data).toEqual({ action: 'book', surgeryId: next.id });
    expect((await test.api.queue(today.id)).active.map((r) => r.name)).toEqual(['Jane Smith']);
  });

  it('When a resident booked in the chat, then the day before and the hour before they are reminded there too, once each', async () => {
    await plan();
    const jane = new Resident(test, 'webchat');
    const reference = /Reference\n(SQ-[A-Z0-9-]+)/.exec(textOf(await book(jane, '3')))![1]!;
    const reminders = () => jane.received.map((c) => textOf(c.activity)).filter((t) => t.startsWith('Reminder:'));

    now = new Date('2026-11-30T19:00:00.000Z');
    await test.app.tick();
    await test.app.tick();
    await test.app.settled();
    now = new Date('2026-12-01T17:45:00.000Z');
    await test.app.tick();
    await test.app.settled();

    const then = `Your reference is ${reference}. Once the surgery has started, send me your reference to check in, and I will tell you when it is your turn.`;
    expect(reminders()).toEqual([
      `Reminder: your appointment at the Abbey surgery is tomorrow at 6:30pm. ${then}`,
      `Reminder: your appointment at the Abbey surgery is today at 6:30pm. ${then}`,
    ]);
  });

  describe('A booking reference alone checks nobody in', () => {
    const ON_THE_DAY = new Date('2026-12-01T18:05:00.000Z');
    const NOT_MATCHED = (left: string) =>
      `That reference and postcode do not match a booking. Check both and send them again in one message. You can try ${left} before this chat has to wait 15 minutes.`;
    const LOCKED = (reference: string, minutes: string) =>
      `Too many tries. To keep bookings safe, ${reference} cannot be used in this chat for the next ${minutes}. You can check in from the chat you booked in, or from the link in your booking confirmation.`;
    const askedForPostcode = (reference: string) =>
      `To check in with ${reference} in this chat, send me the reference and the postcode you booked with in one message, like: ${reference} SW1A 1AA. In the chat you booked in, the reference alone is enough, and so is the link in your booking confirmation.`;

    let surgery: SurgerySummary;
    let jane: Resident;
    let reference: string;

    beforeEach(async () => {
      surgery = await plan();
      jane = new Resident(test, 'webchat');
      reference = /Reference\n(SQ-[A-Z0-9-]+)/.exec(textOf(await book(jane, '3')))![1]!;
      now = ON_THE_DAY;
      await test.api.call('POST', `/api/surgeries/${surgery.id}/open`);
    });

    const names = async () => (await test.api.queue(surgery.id)).active.map((row) => row.name);
    const everythingSaid = (resident: Resident) => resident.received.map((c) => JSON.stringify(c.activity)).join('\n');

    it('When the chat that made the booking sends the reference alone, then the resident is checked in as before', async () => {
      await jane.says(reference);
      expect(textOf(jane.received.at(-2)!.activity)).toBe(
        'Welcome, Jane Smith. You are checked in for your 6:30pm appointment. We will call you at your time, or as soon after as a councillor is free.',
      );
      expect(await names()).toEqual(['Jane Smith']);
    });

    it('When someone else’s reference is sent from another chat, then they are asked for the postcode, told nothing about the booking, and nobody is checked in', async () => {
      const stranger = new Resident(test, 'msteams');
      await stranger.says(reference);
      expect(textOf(last(stranger))).toBe(askedForPostcode(reference));
      await stranger.says(`${reference} hello`);
      expect(textOf(last(stranger))).toBe(`I could not read a postcode after your reference. ${askedForPostcode(reference)}`);
      expect(everythingSaid(stranger)).not.toMatch(/Jane|Smith|6:30|Abbey|A1/);
      expect(await names()).toEqual([]);
    });

    it('When a reference that does not exist is sent from another chat, then every reply is word for word what a real one gets', async () => {
      const [real, made] = [new Resident(test), new Resident(test)];
      const unknown = reference === 'SQ-2222-3333' ? 'SQ-2222-4444' : 'SQ-2222-3333';
      for (const [resident, quoted] of [
        [real, reference],
        [made, unknown],
      ] as const) {
        await resident.says(quoted);
        for (let wrong = 0; wrong < 4; wrong++) await resident.says(`${quoted} RV1 1AA`);
      }
      const replies = (resident: Resident, quoted: string) =>
        resident.received.map((c) => textOf(c.activity).replaceAll(quoted, '<reference>'));
      expect(replies(made, unknown)).toEqual(replies(real, reference));
      expect(replies(real, reference)).toEqual([
        askedForPostcode('<reference>'),
        NOT_MATCHED('2 more times'),
        NOT_MATCHED('once more'),
        LOCKED('<reference>', '15 minutes'),
        LOCKED('<reference>', '15 minutes'),
      ]);
    });

    it('When three wrong postcodes are sent from a chat, then the reference is locked there for 15 minutes, on every instance, and works with the right postcode after', async () => {
      const stranger = new Resident(test, 'msteams');
      for (const postcode of ['RV1 1AA', 'SW1A 2AA', 'EC1A 1BB']) await stranger.says(`${reference} ${postcode}`);
      expect(textOf(last(stranger))).toBe(LOCKED(reference, '15 minutes'));

      // Even the right postcode does nothing while the lock lasts, and another server sees the same lock.
      now = new Date(ON_THE_DAY.getTime() + 14 * 60_000);
      await stranger.says(`${reference} SW1A 1AA`);
      expect(textOf(last(stranger))).toBe(LOCKED(reference, 'minute'));
      const other = await startApp(test.config, { clock: () => now, logger: silentLogger });
      try {
        const res = await fetch(`${other.url}/api/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(
            residentActivity(test.connector.url, 'msteams', stranger.conversationId, stranger.userId, { text: `${reference} SW1A 1AA` }),
          ),
        });
        expect(res.status).toBe(200);
        expect(textOf(last(stranger))).toBe(LOCKED(reference, 'minute'));
      } finally {
        await other.stop();
      }
      expect(await names()).toEqual([]);

      // Once the lock has run out, the right postcode checks the booking in from this chat too.
      now = new Date(ON_THE_DAY.getTime() + 15 * 60_000);
      await stranger.says(`${reference} SW1A 1AA`);
      expect(textOf(stranger.received.at(-2)!.activity)).toContain('Welcome, Jane Smith.');
      expect(await names()).toEqual(['Jane Smith']);
    });

    it('When a chat is locked out of a reference, then the same reference still works from the chat that booked it', async () => {
      const stranger = new Resident(test, 'msteams');
      for (let wrong = 0; wrong < 3; wrong++) await stranger.says(`${reference} RV1 1AA`);
      await jane.says(reference);
      expect(await names()).toEqual(['Jane Smith']);
    });
  });

  it('When an open surgery sees residents by appointment only, then a resident without a booking is told how to take part, not given the drop-in form', async () => {
    const surgery = await plan({ mode: 'bookings', startsAt: '2026-11-24T09:30:00.000Z', endsAt: '2026-11-24T11:30:00.000Z' });
    await test.api.call('POST', `/api/surgeries/${surgery.id}/open`);
    const jane = new Resident(test);
    await jane.says('hello');
    expect(textOf(last(jane))).toBe(
      'The Abbey surgery sees residents by appointment. If you have booked, send me your booking reference, like SQ-7KM4-Q2XD. To book a time, type "book".',
    );
    await jane.submits({ action: 'check_in', surgeryId: surgery.id, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    expect((await test.api.queue(surgery.id)).active).toHaveLength(0);
  });

  it('When no surgery takes bookings, then "book" is answered with when residents can drop in instead', async () => {
    await plan({ mode: 'drop_in' });
    const jane = new Resident(test);
    await jane.says('book');
    expect(textOf(last(jane))).toBe(
      'There are no times left to book. The next surgery is the Abbey surgery on Tuesday 1 December, 6pm to 8pm, and you can drop in without booking.',
    );
  });
});

describe('The ward check when booking', () => {
  let test: TestApp;
  let listDir: string;

  beforeEach(() => {
    now = new Date('2026-11-24T10:00:00.000Z');
    listDir = mkdtempSync(path.join(os.tmpdir(), 'sq-wards-'));
    writeFileSync(path.join(listDir, 'wards.csv'), 'postcode,ward\nSW1A 1AA,Abbey\nSW1A 2AA,Castle\n');
  });

  afterEach(async () => {
    await test?.stop();
    rmSync(listDir, { recursive: true, force: true });
  });

  async function bookAs(postcode: string, policy: 'allow' | 'refuse') {
    test = await startTestApp({
      clock: () => now,
      env: { WARD_POSTCODES_FILE: path.join(listDir, 'wards.csv'), OUTSIDE_WARD_BOOKINGS: policy },
    });
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Abbey ward',
      startsAt: SURGERY_START,
      endsAt: SURGERY_END,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      mode: 'bookings',
    });
    const jane = new Resident(test);
    await jane.submits({ action: 'book', surgeryId: created.body.id, slot: '2', ...DETAILS, postcode });
    return { reply: textOf(jane.lastReceived()!.activity), slot: (await test.api.queue(created.body.id)).slots![2]! };
  }

  it.each([
    ['in the ward', 'SW1A 1AA', 'allow', 'in_ward', undefined],
    [
      'in another ward the lists know, and the council takes such bookings',
      'SW1A 2AA',
      'allow',
      'outside',
      'Your postcode is in Castle, not Abbey ward. You are still welcome',
    ],
    ['on no list, even where the council turns other wards away', 'EC1A 1BB', 'refuse', 'unknown', undefined],
  ])('When the postcode is %s, then the time is booked and the councillors see the check', async (_, postcode, policy, check, note) => {
    const { reply, slot } = await bookAs(postcode, policy as 'allow' | 'refuse');
    expect(reply).toContain('Your time is booked');
    if (note) expect(reply).toContain(note);
    expect(slot).toMatchObject({ state: 'booked', booking: { wardCheck: check } });
  });

  it('When the postcode is in another ward and the council asks residents to book in their own, then they are told kindly which ward and nothing is booked', async () => {
    const { reply, slot } = await bookAs('SW1A 2AA', 'refuse');
    expect(reply).toBe(
      "Your postcode is in Castle, not Abbey ward. This council asks residents to book with their own ward's councillors, who can do the most for you.",
    );
    expect(slot.state).toBe('free');
  });
});

describe('Booking confirmations through GOV.UK Notify', () => {
  let test: TestApp;
  let notify: FakeNotify;

  beforeEach(async () => {
    // A clock that runs, so a message Notify refused is tried again when its retry falls due.
    const offset = Date.parse('2026-11-24T10:00:00.000Z') - Date.now();
    notify = await new FakeNotify().start();
    test = await startTestApp({ clock: () => new Date(Date.now() + offset), notify, env: { OUTBOX_RETRY_BASE_MS: '50' } });
  });

  afterEach(async () => {
    await test?.stop();
    await notify?.stop();
  });

  it('When a resident books with an email address, and Notify fails once, then one confirmation email arrives with the reference, the time and both links', async () => {
    const created = await test.api.call<SurgerySummary>('POST', '/api/surgeries', {
      ward: 'Abbey',
      startsAt: SURGERY_START,
      endsAt: SURGERY_END,
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      mode: 'bookings',
    });
    notify.failNext(500);
    const jane = new Resident(test);
    await jane.submits({ action: 'book', surgeryId: created.body.id, slot: '3', ...DETAILS });
    const card = cardOf(jane.lastReceived()!.activity)!;
    const [calendarUrl, manageUrl] = card.actions.map((a: { url: string }) => a.url);
    const reference = /Reference\n(SQ-[A-Z0-9-]+)/.exec(textOf(jane.lastReceived()!.activity))![1]!;

    const email = await notify.waitFor((sent) => sent.kind === 'email');
    await test.app.settled();
    expect(notify.sent.filter((sent) => sent.to === 'jane@example.com')).toHaveLength(1);
    expect(notify.requests.filter((request) => request.kind === 'email').map((request) => request.status)).toEqual([500, 201]);
    expect(email.content).toContain(reference);
    expect(email.content).toContain('6:30pm');
    expect(email.content).toContain(manageUrl);
    expect(email.content).toContain(calendarUrl);
  });
});
