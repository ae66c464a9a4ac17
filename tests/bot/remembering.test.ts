import { cardOf, textOf } from '../support/recording-connector';
import { Resident, TestApp, startTestApp } from '../support/test-app';

let now = new Date('2026-11-24T18:10:00.000Z');
const DAY = 86_400_000;

describe("Don't ask twice: remembering a resident's name and postcode, if they agree", () => {
  let test: TestApp;

  beforeEach(async () => {
    now = new Date('2026-11-24T18:10:00.000Z');
    test = await startTestApp({ clock: () => now, env: { RETENTION_DAYS: '30' } });
  });

  afterEach(async () => {
    await test?.stop();
  });

  const formOf = (resident: Resident) => cardOf(resident.lastReceived()!.activity)!;
  const inputs = (form: Record<string, any>) =>
    Object.fromEntries(
      form.body.filter((e: { type: string }) => e.type.startsWith('Input.')).map((e: { id: string; value?: string }) => [e.id, e.value]),
    );

  /** Checks in at a new surgery and leaves, so the resident can come back another day. */
  async function visit(resident: Resident, details: Record<string, unknown>): Promise<void> {
    const surgery = await test.api.openSurgery({ startsAt: now.toISOString() });
    await resident.says('hello');
    await resident.submits({ ...formOf(resident).actions[0].data, issue: 'Parking', ...details });
    expect(textOf(resident.lastReceived()!.activity)).toContain('You are in the queue');
    await resident.says('leave');
    await test.api.call('POST', `/api/surgeries/${surgery.id}/end`);
  }

  it('When a resident agreed to be remembered, then next time the form has their name and postcode, and only in the same chat', async () => {
    const jane = new Resident(test, 'webchat');
    await visit(jane, { name: 'Jane Smith', postcode: 'SW1A 1AA', remember: 'true' });

    now = new Date(now.getTime() + 7 * DAY);
    await test.api.openSurgery({ startsAt: now.toISOString() });
    await jane.says('hello');
    expect(inputs(formOf(jane))).toMatchObject({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: undefined, remember: 'true' });
    expect(textOf(jane.lastReceived()!.activity)).toContain('We filled in your name and postcode from last time, as you asked.');

    const stranger = new Resident(test, 'webchat');
    await stranger.says('hello');
    expect(inputs(formOf(stranger))).toMatchObject({ name: undefined, postcode: undefined, remember: 'false' });
  });

  it('When a resident did not tick the box, then nothing is remembered', async () => {
    const jane = new Resident(test);
    await visit(jane, { name: 'Jane Smith', postcode: 'SW1A 1AA' });

    await test.api.openSurgery();
    await jane.says('hello');
    expect(inputs(formOf(jane))).toMatchObject({ name: undefined, postcode: undefined, remember: 'false' });
  });

  it('When a remembered resident presses "Forget my details" or unticks the box, then they are forgotten', async () => {
    const jane = new Resident(test);
    await visit(jane, { name: 'Jane Smith', postcode: 'SW1A 1AA', remember: 'true' });
    const open = await test.api.openSurgery();
    await jane.says('hello');
    await jane.submits(formOf(jane).actions.find((a: { title: string }) => a.title === 'Forget my details').data);
    expect(textOf(jane.lastReceived()!.activity)).toBe('Done: I have forgotten your name and postcode. I will ask for them next time.');
    await jane.says('hello');
    expect(inputs(formOf(jane))).toMatchObject({ name: undefined, remember: 'false' });
    await test.api.call('POST', `/api/surgeries/${open.id}/end`);

    const sam = new Resident(test);
    await visit(sam, { name: 'Sam Lee', postcode: 'SW1A 2AA', remember: 'true' });
    await visit(sam, { name: 'Sam Lee', postcode: 'SW1A 2AA', remember: 'false' });
    await test.api.openSurgery();
    await sam.says('hello');
    expect(inputs(formOf(sam))).toMatchObject({ name: undefined, remember: 'false' });
  });

  it('When RETENTION_DAYS have passed since the details were last used, then they are gone', async () => {
    const jane = new Resident(test);
    await visit(jane, { name: 'Jane Smith', postcode: 'SW1A 1AA', remember: 'true' });

    now = new Date(now.getTime() + 29 * DAY);
    await visit(jane, { name: 'Jane Smith', postcode: 'SW1A 1AA', remember: 'true' });
    now = new Date(now.getTime() + 29 * DAY);
    await test.api.openSurgery({ startsAt: now.toISOString() });
    await jane.says('hello');
    expect(inputs(formOf(jane))).toMatchObject({ name: 'Jane Smith' });

    now = new Date(now.getTime() + 2 * DAY);
    await jane.says('hello');
    expect(inputs(formOf(jane))).toMatchObject({ name: undefined, remember: 'false' });
  });

  it('When a resident booked and asked to be remembered, then their check-in form on another day is filled in too', async () => {
    const planned = await test.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      startsAt: '2026-12-01T18:00:00.000Z',
      endsAt: '2026-12-01T20:00:00.000Z',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      mode: 'bookings',
    });
    const jane = new Resident(test);
    await jane.submits({
      action: 'book',
      surgeryId: planned.body.id,
      slot: '1',
      name: 'Jane Smith',
      address: '1 Road',
      postcode: 'SW1A 1AA',
      issue: 'Bins',
      contact: 'jane@example.com',
      remember: 'true',
    });
    expect(textOf(jane.lastReceived()!.activity)).toContain('Your time is booked');

    await test.api.openSurgery({ ward: 'Castle' });
    await jane.says('hello');
    expect(inputs(formOf(jane))).toMatchObject({ name: 'Jane Smith', postcode: 'SW1A 1AA' });
  });
});
