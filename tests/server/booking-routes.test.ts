import type { QueueView, SurgerySummary } from '../../bot/api-types';
import { BookingDesk, bookingDesk } from '../support/booking-desk';
import { EntraUser } from '../support/fake-entra';
import { SignedInTestApp, startSignedInApp } from '../support/signed-in-app';
import { EventStream, TabApi, TestApp, startTestApp } from '../support/test-app';

// December: UK time is UTC, so 18:00Z is 6pm.
const STARTS = '2026-12-01T18:00:00.000Z';
const ENDS = '2026-12-01T20:00:00.000Z';
const at = (time: string) => new Date(`2026-12-01T${time}:00.000Z`);

const PLAN = {
  ward: 'Riverside',
  startsAt: STARTS,
  endsAt: ENDS,
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
  councillors: ['Cllr Ada Khan'],
  mode: 'both',
  slotMinutes: 10,
  freeSlots: 2,
};

async function planBookings(api: TabApi, overrides: Record<string, unknown> = {}): Promise<SurgerySummary> {
  const created = await api.call<SurgerySummary>('POST', '/api/surgeries', { ...PLAN, ...overrides });
  if (created.status !== 201) throw new Error(`Could not create a surgery: ${JSON.stringify(created.body)}`);
  return created.body;
}

const noShowPath = (surgeryId: string, bookingId: string) => `/api/surgeries/${surgeryId}/bookings/${bookingId}/no-show`;

describe('Booked slots in the councillors’ API, over real HTTP', () => {
  let now = at('17:00');
  let test: TestApp;
  let desk: BookingDesk;

  beforeAll(async () => {
    test = await startTestApp({ clock: () => now });
    desk = await bookingDesk(test, () => now);
  });

  afterAll(async () => {
    await test?.stop();
  });

  beforeEach(() => {
    now = at('17:00');
  });

  it('When a councillor sets up a surgery for bookings and drop-ins, then it keeps its slot settings and the queue shows every slot in time order', async () => {
    const surgery = await planBookings(test.api);

    expect(surgery).toMatchObject({ mode: 'both', slotMinutes: 10, freeSlots: 2 });
    const { slots } = await test.api.queue(surgery.id);
    expect(slots).toHaveLength(12);
    expect(slots!.map((slot) => slot.startsAt)).toEqual([...slots!.map((slot) => slot.startsAt)].sort());
    expect(slots![0]).toMatchObject({ index: 0, startsAt: STARTS, endsAt: '2026-12-01T18:10:00.000Z', state: 'free' });
    expect(slots!.filter((slot) => slot.state === 'kept_for_drop_ins')).toHaveLength(2);
    expect(slots!.filter((slot) => slot.state === 'free')).toHaveLength(10);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a slot length under 5 minutes', { slotMinutes: 3 }, 'slotMinutes'],
    ['a slot length that is not a whole number', { slotMinutes: 7.5 }, 'slotMinutes'],
    ['every slot kept for drop-ins', { freeSlots: 12 }, 'freeSlots'],
    ['a way of taking part that does not exist', { mode: 'sometimes' }, 'mode'],
  ])('When the set-up has %s, then it is refused with 400 naming that field', async (_what, overrides, field) => {
    const refused = await test.api.call('POST', '/api/surgeries', { ...PLAN, ...overrides });
    expect(refused.status).toBe(400);
    expect(refused.body.problems.map((p: { field: string }) => p.field)).toEqual([field]);
  });

  it('When a booked resident has not checked in, then they can be marked missed only from 10 minutes after their time, and the live stream shows it', async () => {
    const surgery = await planBookings(test.api);
    const first = await desk.book(surgery.id, 0, { name: 'Jane Smith', postcode: 'RV1 1AA' });
    await desk.book(surgery.id, 1, { name: 'Omar Farouk', postcode: 'CA1 2BB' });
    const stream = new EventStream(`${test.app.url}/api/surgeries/${surgery.id}/stream`);
    try {
      expect(await stream.status).toBe(200);

      now = at('18:09');
      const early = await test.api.call('POST', noShowPath(surgery.id, first.id));
      expect(early).toMatchObject({
        status: 409,
        body: { code: 'BOOKING.WRONG_STATE', message: 'You can mark a booking as missed 10 minutes after its time.' },
      });
      expect((await test.api.queue(surgery.id)).slots![0]).toMatchObject({
        state: 'booked',
        booking: { name: 'Jane Smith', postcode: 'RV1 1AA', wardCheck: 'in_ward' },
      });

      now = at('18:10');
      expect((await test.api.queue(surgery.id)).slots![0]!.state).toBe('late');
      const marked = await test.api.call<QueueView>('POST', noShowPath(surgery.id, first.id));

      expect(marked.status).toBe(200);
      expect(marked.body.slots!.slice(0, 2)).toMatchObject([
        { state: 'no_show', booking: { bookingId: first.id, name: 'Jane Smith' } },
        { state: 'booked', booking: { name: 'Omar Farouk', wardCheck: 'outside', postcodeWard: 'Castle' } },
      ]);
      await stream.waitFor((view) => view.slots?.[0]?.state === 'no_show');

      const again = await test.api.call('POST', noShowPath(surgery.id, first.id));
      expect(again).toMatchObject({ status: 409, body: { code: 'BOOKING.WRONG_STATE' } });
    } finally {
      stream.close();
    }
  });

  it('When the booking or surgery does not exist, then the answer is 404 and nothing changes', async () => {
    const surgery = await planBookings(test.api);
    await desk.book(surgery.id, 0, { name: 'Jane Smith', postcode: 'RV1 1AA' });
    now = at('18:30');

    expect(await test.api.call('POST', noShowPath(surgery.id, 'nosuchbooking'))).toMatchObject({
      status: 404,
      body: { code: 'BOOKING.NOT_FOUND' },
    });
    expect(await test.api.call('POST', noShowPath(surgery.id, 'not%20an%20id'))).toMatchObject({
      status: 404,
      body: { code: 'BOOKING.NOT_FOUND' },
    });
    expect(await test.api.call('POST', noShowPath('nosuchsurgery', 'nosuchbooking'))).toMatchObject({
      status: 404,
      body: { code: 'SURGERY.NOT_FOUND' },
    });
    expect((await test.api.queue(surgery.id)).slots![0]!.state).toBe('late');
  });

  it('When a booked resident has checked in, then they cannot be marked missed, and their row in the queue says when they booked for', async () => {
    const surgery = await planBookings(test.api);
    const booking = await desk.book(surgery.id, 2, { name: 'Jane Smith', postcode: 'RV1 1AA' });
    now = at('18:00');
    expect((await test.api.call('POST', `/api/surgeries/${surgery.id}/open`)).status).toBe(200);
    await desk.checkIn(booking);
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Priya Shah',
      postcode: 'RV1 2AB',
      issue: 'Trees',
      phone: '',
      noPhone: true,
    });
    now = at('18:40');

    const refused = await test.api.call('POST', noShowPath(surgery.id, booking.id));
    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'BOOKING.WRONG_STATE', message: 'This booking is not waiting for its resident.' },
    });
    const view = await test.api.queue(surgery.id);
    expect(view.slots![2]).toMatchObject({ state: 'waiting', booking: { name: 'Jane Smith', lobbyTag: 'Jane S · A1' } });
    expect(view.active.find((row) => row.name === 'Jane Smith')).toMatchObject({ booked: true, slotStartsAt: '2026-12-01T18:20:00.000Z' });
    expect(view.active.find((row) => row.name === 'Priya Shah')).not.toHaveProperty('booked', true);
  });
});

describe('Marking a booking missed, signed in', () => {
  const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
  const OMAR: EntraUser = { oid: '00000002-0000-4000-8000-000000000005', name: 'Cllr Omar Farouk', upn: 'omar.farouk@council.example' };
  // Sign-in tokens are made for the real time, so this clock runs from it, moved on as the test needs.
  let ahead = 0;
  const clock = () => new Date(Date.now() + ahead);
  let test: SignedInTestApp;

  beforeAll(async () => {
    test = await startSignedInApp({ clock });
  });

  afterAll(async () => {
    await test?.stop();
  });

  it('When someone who does not run the surgery marks a booking missed, then it is refused with 403 and nothing about the resident; its councillor can', async () => {
    const ada = await test.as(ADA);
    const omar = await test.as(OMAR);
    const startsAt = new Date(Date.now() + 2 * 60_000);
    const surgery = await planBookings(ada, {
      ward: 'Abbey',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    });
    const booking = await (await bookingDesk(test, clock)).book(surgery.id, 0, { name: 'Jane Smith', postcode: 'RV1 1AA' });
    ahead = 13 * 60_000;

    const refused = await omar.call('POST', noShowPath(surgery.id, booking.id));
    expect(refused).toMatchObject({ status: 403, body: { code: 'SURGERY.COUNCILLORS_ONLY' } });
    expect(JSON.stringify(refused.body)).not.toContain('Jane');
    expect((await test.api.call('POST', noShowPath(surgery.id, booking.id))).status).toBe(401);
    expect((await ada.queue(surgery.id)).slots![0]!.state).toBe('late');

    const marked = await ada.call<QueueView>('POST', noShowPath(surgery.id, booking.id));
    expect(marked.status).toBe(200);
    expect(marked.body.slots![0]!.state).toBe('no_show');
  });
});
