import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { cardOf } from '../support/recording-connector';
import { seedHistory } from '../support/history';
import { Resident, TestApp, startTestApp } from '../support/test-app';

// Storage requests one resident's messages cost, counted as the Table service answers them. History must
// not show in them: the same with no past surgeries as with many.
const PAST_SURGERIES = 30;
const VISITS_EACH = 15;

describe('What a check-in costs in storage', () => {
  let test: TestApp;
  const counter = new RequestCounter();

  beforeEach(async () => {
    // The ticker looks at open surgeries as time passes; it is no part of a resident's message.
    test = await startTestApp({ counter, env: { SURGERY_TICK_SECONDS: '600' } });
  });

  afterEach(async () => {
    await test?.stop();
  });

  /** Requests a resident's message caused, apart from the outbox sender's look for work. */
  async function requestsFor(send: () => Promise<unknown>): Promise<number> {
    await test.app.settled();
    counter.reset();
    await send();
    const polled = counter.byTable.get('outboxwork');
    return counter.requests - (polled?.requests ?? 0);
  }

  async function checkInCost(surgeryId: string): Promise<{ hello: number; submit: number }> {
    const resident = new Resident(test);
    const hello = await requestsFor(() => resident.says('hello'));
    const form = cardOf(resident.lastReceived()!.activity);
    expect(form?.actions?.[0]?.data).toMatchObject({ action: 'check_in', surgeryId });
    const submit = await requestsFor(() =>
      resident.submits({ ...form!.actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking', contact: '' }),
    );
    expect((await test.api.queue(surgeryId)).active.length).toBeGreaterThan(0);
    return { hello, submit };
  }

  it(`When ${PAST_SURGERIES} past surgeries of ${VISITS_EACH} visits each are stored, then "hello" to the form costs at most 2 requests, and neither it nor the check-in costs more than with none`, async () => {
    const surgery = await test.api.openSurgery();
    const before = await checkInCost(surgery.id);

    const storage = await createTableStorage({
      connectionString: test.azurite.connectionString,
      tablePrefix: test.config.tablePrefix,
      allowInsecureConnection: true,
    });
    await seedHistory(storage, PAST_SURGERIES, VISITS_EACH);
    const after = await checkInCost(surgery.id);

    expect(before.hello).toBeLessThanOrEqual(2);
    expect(after).toEqual(before);
  });

  it('When a resident in the queue says hello again, then their place is found through their chat, reading one queue', async () => {
    const surgery = await test.api.openSurgery();
    await test.api.openSurgery();
    await test.api.openSurgery();
    const jane = new Resident(test);
    await jane.says('hello');
    const choice = cardOf(jane.lastReceived()!.activity)!;
    const chosen = choice.actions.find((a: { data?: { surgeryId?: string } }) => a.data?.surgeryId === surgery.id);
    await jane.submits(chosen.data);
    const form = cardOf(jane.lastReceived()!.activity)!;
    await jane.submits({ ...form.actions[0].data, name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking', contact: '' });

    // The surgeries open now, then Jane's queue alone, whichever of them she is in.
    await requestsFor(() => jane.says('hello'));
    expect(counter.byTable.get('surgeryindex')).toEqual({ requests: 1, rowsRead: 3 });
    expect(counter.byTable.get('surgeries')?.requests).toBe(1);
    expect(JSON.stringify(jane.lastReceived()!.activity)).toContain('Jane S');
  });
});
