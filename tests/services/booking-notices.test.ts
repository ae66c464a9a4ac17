import { randomBytes } from 'node:crypto';
import type { Booking, Surgery } from '../../bot/domain/model';
import { bookingReference } from '../../bot/domain/booking-reference';
import { isRefusal } from '../../bot/domain/refusal';
import { DEFAULT_WAIT_SETTINGS } from '../../bot/domain/wait-model';
import { NO_WARD_LISTS } from '../../bot/domain/ward-check';
import { BookingService } from '../../bot/services/booking-service';
import type { ContactMessage } from '../../bot/domain/messages';
import { QueueService } from '../../bot/services/queue-service';
import { ResidentUpdates } from '../../bot/services/resident-updates';
import { createMemoryStorage } from '../../bot/storage/memory/memory-storage';

const PUBLIC = 'https://surgeries.example.gov.uk';
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
// November: UK time is UTC. Slot 2 of 10 minutes starts at 2:20pm on Tuesday 24 November.
const PLAN = {
  ward: 'Abbey',
  startsAt: '2026-11-24T14:00:00.000Z',
  endsAt: '2026-11-24T16:00:00.000Z',
  joinUrl: JOIN_URL,
  councillors: ['Cllr Ada Khan'],
  mode: 'bookings',
  slotMinutes: 10,
};
const JANE = { name: 'Jane Smith', address: '12 Mill Lane', postcode: 'RV1 1AA', issue: 'Mould in my flat', contact: 'jane@example.com' };
const OMAR = { name: 'Omar Farouk', address: '3 Castle Row', postcode: 'RV2 2BB', issue: 'Bins', contact: '07700 900123' };

interface Desk {
  /** Every email and text in the outbox, oldest first. */
  posted(): Promise<ContactMessage[]>;
  bookings: BookingService;
  queue: QueueService;
  updates: ResidentUpdates;
  surgery: Surgery;
  /** Resolves once every saved change's promise has been turned into outbox entries. */
  settled(): Promise<void>;
  setNow(time: string): void;
}

async function desk(): Promise<Desk> {
  let now = new Date('2026-11-10T09:00:00.000Z');
  const clock = () => now;
  const storage = createMemoryStorage();
  const newId = () => randomBytes(9).toString('base64url');
  const updates = new ResidentUpdates({
    chats: storage.chats,
    outbox: storage.outbox,
    sendSoon: () => undefined,
    surgeries: storage.surgeries,
    wait: DEFAULT_WAIT_SETTINGS,
    clock,
    newId,
    calledAdmitMinutes: 5,
    gettingCloseMinutes: 5,
    publicBaseUrl: PUBLIC,
    statusUrl: (token) => `${PUBLIC}/status/${token}`,
    bookingInvites: { councilName: 'Riverside Borough Council', organiserEmail: 'surgeries@riverside.gov.uk', publicBaseUrl: PUBLIC },
  });
  const queue = new QueueService({
    surgeries: storage.surgeries,
    clock,
    newId,
    newStatusToken: () => randomBytes(32).toString('base64url'),
    statusLinks: storage.statusLinks,
    wait: DEFAULT_WAIT_SETTINGS,
    onChanged: () => undefined,
    planMessages: (applied) => updates.plan(applied),
    outbox: storage.outbox,
    onPromised: () => undefined,
  });
  const bookings = new BookingService({
    queue,
    links: storage.bookingLinks,
    statusLinks: storage.statusLinks,
    wards: NO_WARD_LISTS,
    outsideWard: 'allow',
    clock,
    newId,
    newReference: () => bookingReference(randomBytes(8)),
    newToken: () => randomBytes(32).toString('base64url'),
  });
  const surgery = await queue.planSurgery(PLAN, 'officer');
  if (isRefusal(surgery)) throw new Error(surgery.message);
  return {
    posted: async () =>
      (await storage.outbox.forSurgery(surgery.id)).filter((entry) => entry.contact).map((entry) => entry.message as ContactMessage),
    bookings,
    queue,
    updates: updates!,
    surgery,
    settled: async () => {
      for (const { surgeryId } of await storage.outbox.withWork())
        for (const promise of await storage.outbox.promises(surgeryId)) await updates!.expand(promise);
    },
    setNow: (time) => {
      now = new Date(time);
    },
  };
}

async function book(d: Desk, slot: number, resident = JANE): Promise<Booking> {
  const booked = await d.bookings.book(d.surgery.id, { ...resident, slot }, { channel: 'webchat' });
  if (isRefusal(booked)) throw new Error(`Could not book: ${booked.code} ${booked.message}`);
  await d.settled();
  return booked.booking;
}

async function found(d: Desk, booking: Booking) {
  const result = await d.bookings.findByManageToken(booking.manageToken);
  if (!result) throw new Error('No such booking');
  return result;
}

const manageUrl = (booking: Booking) => `${PUBLIC}/bookings/${booking.manageToken}`;

describe('Emails and texts to booked residents', () => {
  it('When a resident books with an email address, then they are sent one confirmation with the manage link, the calendar link, what to do on the day and the invitation', async () => {
    const d = await desk();
    const jane = await book(d, 2);

    expect(await d.posted()).toHaveLength(1);
    const [confirmation] = await d.posted();
    expect(confirmation).toMatchObject({
      id: `booking-${jane.id}-confirmed`,
      to: { kind: 'email', value: JANE.contact },
      surgeryId: d.surgery.id,
      subject: 'Abbey ward surgery: your appointment is booked',
    });
    const { body } = confirmation!;
    expect(body).toContain(`Reference: ${jane.reference}`);
    expect(body).toContain('Date and time: Tuesday 24 November 2026, 2:20pm');
    expect(body).toContain(`Join the meeting: ${JOIN_URL}`);
    expect(body).toContain(`Add it to your calendar: ${manageUrl(jane)}/invite.ics`);
    expect(body).toContain(`Change or cancel your booking, or check in on the day: ${manageUrl(jane)}`);
    expect(body).toContain(
      `Check in from 2pm, when the surgery opens: use the link to your booking below, or send your reference ${jane.reference} and your postcode in the chat on the surgery page (${PUBLIC}/surgeries/${d.surgery.id}).`,
    );
    expect(confirmation!.calendar!.filename).toBe(`surgery-appointment-${jane.reference}.ics`);
    expect(confirmation!.calendar!.content).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(confirmation!.calendar!.content).toContain('\r\nDTSTART;TZID=Europe/London:20261124T142000\r\n');
    expect(confirmation!.visitId).toBeUndefined();
  });

  it('When the same booking event is planned twice (say after a retry), then both carry one id, so the resident gets one message', async () => {
    const d = await desk();
    const jane = await book(d, 2);
    const { state } = await found(d, jane);

    const again = d.updates.plan({
      change: { surgery: state.surgery, visits: [], events: [{ type: 'booked', bookingId: jane.id }] },
      state,
    })!;
    await d.updates.expand({ promise: again, etag: 'never stored' });

    expect(again.entries.map((entry) => entry.id)).toEqual([`booking-${jane.id}-confirmed`]);
    expect((await d.posted()).map((m) => m.id)).toEqual([`booking-${jane.id}-confirmed`]);
  });

  it('When a resident books with a mobile number, then the confirmation is a short text with the reference and manage link and no calendar file', async () => {
    const d = await desk();
    const omar = await book(d, 3, OMAR);

    const [text] = await d.posted();
    expect(text!.to).toEqual({ kind: 'mobile', value: '+447700900123' });
    expect(text!.body).toBe(
      `Surgery Queue: Abbey ward surgery booked for Tue 24 Nov, 2:30pm. Ref ${omar.reference}. Check in, change or cancel: ${manageUrl(omar)}`,
    );
    expect(text!.calendar).toBeUndefined();
  });

  it('When time passes with a fixed clock, then the day-before and hour-before reminders are each sent once, at their time', async () => {
    const d = await desk();
    const jane = await book(d, 2);
    const omar = await book(d, 3, OMAR);
    const reminders = async () => (await d.posted()).filter((m) => m.id.includes('_before'));
    const tick = async (time: string) => {
      d.setNow(time);
      await d.bookings.sendReminders(await d.queue.currentSurgeries());
      await d.settled();
    };

    await tick('2026-11-23T14:19:00.000Z');
    expect(await reminders()).toEqual([]);

    await tick('2026-11-23T14:21:00.000Z');
    expect((await reminders()).map((m) => m.to.value)).toEqual([JANE.contact]);
    await tick('2026-11-23T14:31:00.000Z');
    await tick('2026-11-24T12:00:00.000Z');
    const dayBefore = await reminders();
    expect(dayBefore.map((m) => m.to.value)).toEqual([JANE.contact, '+447700900123']);
    expect(dayBefore[0]).toMatchObject({ subject: 'Reminder: your Abbey ward surgery appointment tomorrow at 2:20pm' });
    expect(dayBefore[0]!.body).toContain('This is a reminder of your appointment at the Abbey ward surgery tomorrow at 2:20pm.');
    expect(dayBefore[0]!.body).toContain(manageUrl(jane));
    expect(dayBefore[1]!.body).toBe(`Surgery Queue: Abbey ward surgery tomorrow, 2:30pm. Change or cancel: ${manageUrl(omar)}`);
    expect(dayBefore[1]!.body.length).toBeLessThanOrEqual(160);

    await tick('2026-11-24T13:21:00.000Z');
    await tick('2026-11-24T13:25:00.000Z');
    await tick('2026-11-24T13:35:00.000Z');
    const all = await reminders();
    expect(all).toHaveLength(4);
    const hourBefore = all.slice(2);
    expect(hourBefore.map((m) => m.id)).toEqual([
      expect.stringMatching(`^booking-${jane.id}-hour_before-`),
      expect.stringMatching(`^booking-${omar.id}-hour_before-`),
    ]);
    expect(hourBefore[0]!.subject).toBe('Reminder: your Abbey ward surgery appointment today at 2:20pm');
    expect(hourBefore[1]!.body).toBe(`Surgery Queue: your Abbey ward surgery appointment is at 2:30pm. Check in: ${manageUrl(omar)}`);
    expect(hourBefore[1]!.body.length).toBeLessThanOrEqual(160);
    expect(new Set(all.map((m) => m.id)).size).toBe(4);
  });

  it('When a resident moves their booking, then they are sent the new time with an updated invitation for the same event', async () => {
    const d = await desk();
    const jane = await book(d, 2);
    d.setNow('2026-11-12T10:00:00.000Z');

    const moved = await d.bookings.move(await found(d, jane), 5);
    expect(isRefusal(moved)).toBe(false);
    await d.settled();

    const message = (await d.posted())[1]!;
    expect(message.id).toBe(`booking-${jane.id}-moved-2026-11-12T10:00:00.000Z`);
    expect(message.subject).toBe('Abbey ward surgery: your appointment has a new time');
    expect(message.body).toContain('Your appointment at the Abbey ward surgery has moved to Tuesday 24 November 2026, 2:50pm.');
    expect(message.calendar!.content).toContain('\r\nDTSTART;TZID=Europe/London:20261124T145000\r\n');
    expect(message.calendar!.content).toContain(`\r\nUID:${jane.id}@surgeries.example.gov.uk\r\n`);
    expect(message.calendar!.content).toMatch(/\r\nSEQUENCE:[1-9]\d*\r\n/);
  });

  it('When a resident cancels, then they are sent a cancellation with the CANCEL invitation and how to book again', async () => {
    const d = await desk();
    const jane = await book(d, 2);
    const omar = await book(d, 3, OMAR);
    d.setNow('2026-11-12T10:00:00.000Z');

    await d.bookings.cancel(await found(d, jane));
    await d.bookings.cancel(await found(d, omar));
    await d.settled();

    const [email, text] = (await d.posted()).slice(2);
    expect(email).toMatchObject({ id: `booking-${jane.id}-cancelled`, subject: 'Abbey ward surgery: your appointment is cancelled' });
    expect(email!.body).toContain(
      `Your appointment at the Abbey ward surgery on Tuesday 24 November 2026, 2:20pm (reference ${jane.reference}) is cancelled.`,
    );
    expect(email!.body).toContain(`${PUBLIC}/surgeries/ward/abbey`);
    expect(email!.calendar!.content).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(email!.calendar!.content).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(text!.body).toBe(
      `Surgery Queue: your Abbey ward surgery appointment on Tue 24 Nov, 2:30pm is cancelled. To book again: ${PUBLIC}/surgeries/ward/abbey`,
    );
  });

  it('When councillors mark a booked resident as missed, then the resident is told sorry we missed you and how to book again', async () => {
    const d = await desk();
    const jane = await book(d, 2);
    d.setNow('2026-11-24T14:31:00.000Z');

    const missed = await d.bookings.markNoShow(d.surgery.id, jane.id);
    expect(isRefusal(missed)).toBe(false);
    await d.settled();

    const message = (await d.posted())[1]!;
    expect(message).toMatchObject({ id: `booking-${jane.id}-missed`, subject: 'Abbey ward surgery: sorry we missed you' });
    expect(message.body).toContain('Sorry we missed you. You had an appointment at the Abbey ward surgery at 2:20pm today');
    expect(message.body).toContain('send the message "book"');
    expect(message.calendar).toBeUndefined();
  });
});
