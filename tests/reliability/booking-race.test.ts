import type { SurgerySummary } from '../../bot/api-types';
import { RecordingConnector, cardOf, textOf } from '../support/recording-connector';
import { ServerProcess, TwoInstances, startTwoInstances } from '../support/server-process';
import { Resident, TabApi } from '../support/test-app';

const BOOKED = 'Your time is booked';

describe('Residents booking at the same moment, through two server instances on one storage account', () => {
  let both: TwoInstances;
  let a: ServerProcess;
  let b: ServerProcess;
  let connector: RecordingConnector;

  beforeAll(async () => {
    both = await startTwoInstances();
    ({ a, b, connector } = both);
  });

  afterAll(async () => {
    await both?.stop();
  });

  async function planSurgery(ward: string): Promise<SurgerySummary> {
    const start = new Date(Date.now() + 7 * 86_400_000);
    const created = await new TabApi(a.url).call<SurgerySummary>('POST', '/api/surgeries', {
      ward,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_race%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      mode: 'bookings',
      slotMinutes: 5,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** Residents with the surgery's booking form open, half on each instance. */
  async function residentsWithForms(
    surgery: SurgerySummary,
    count: number,
  ): Promise<{ resident: Resident; submit: Record<string, unknown> }[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const resident = new Resident({ app: i % 2 === 0 ? a : b, connector });
        await resident.submits({ action: 'choose_booking_surgery', surgeryId: surgery.id });
        const form = cardOf(resident.lastReceived()!.activity);
        if (form?.actions[0].data.action !== 'book') throw new Error(`No booking form: ${textOf(resident.lastReceived()!.activity)}`);
        return { resident, submit: form.actions[0].data };
      }),
    );
  }

  const details = (i: number) => ({
    name: `Resident Number${i}`,
    address: `${i} High Street`,
    postcode: 'SW1A 1AA',
    issue: 'Parking',
    contact: `resident${i}@example.com`,
  });

  it('When 20 residents submit the same time at once, then exactly one gets it and the other 19 are offered the times still free', async () => {
    const surgery = await planSurgery('Race Ward');
    const residents = await residentsWithForms(surgery, 20);

    const statuses = await Promise.all(
      residents.map(({ resident, submit }, i) => resident.submits({ ...submit, slot: '7', ...details(i) })),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);

    const replies = residents.map(({ resident }) => textOf(resident.lastReceived()!.activity));
    expect(replies.filter((t) => t.startsWith(BOOKED))).toHaveLength(1);
    const refused = replies.filter((t) => !t.startsWith(BOOKED));
    expect(refused).toHaveLength(19);
    for (const text of refused) expect(text).toContain('Sorry, someone has just booked that time. Please choose another.');

    const slots = (await new TabApi(b.url).queue(surgery.id)).slots!;
    expect(slots.filter((s) => s.state === 'booked').map((s) => s.index)).toEqual([7]);
    const winner = residents.findIndex(({ resident }) => textOf(resident.lastReceived()!.activity).startsWith(BOOKED));
    expect(slots[7]!.booking!.name).toBe(`Resident Number${winner}`);
  });

  it('When 24 residents each book a different time at once, then every booking is kept: none is lost to another', async () => {
    const surgery = await planSurgery('Busy Ward');
    const residents = await residentsWithForms(surgery, 24);

    await Promise.all(residents.map(({ resident, submit }, i) => resident.submits({ ...submit, slot: String(i), ...details(i) })));

    expect(residents.map(({ resident }) => textOf(resident.lastReceived()!.activity)).filter((t) => !t.startsWith(BOOKED))).toEqual([]);
    const slots = (await new TabApi(a.url).queue(surgery.id)).slots!;
    expect(slots.map((s) => s.booking?.name)).toEqual(residents.map((_, i) => `Resident Number${i}`));
  });
});
