import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { seedHistory } from '../support/history';
import { ManualScheduler } from '../support/manual-scheduler';
import { Resident, TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(600_000);

// What an open surgery's background work asks of storage, with one past surgery stored and with many:
// counted over ticks the test moves on by hand, so the machine's speed plays no part.
const STORED = [1, 200];
const TICK_SECONDS = 30;
const QUIET_MINUTES = 10;

interface Costs {
  /** Storage requests of one tick of the surgery ticker, per table. */
  tick: Record<string, number>;
  /** Storage requests over QUIET_MINUTES of every piece of background work, per table. */
  quiet: Record<string, number>;
}

const perTable = (counter: RequestCounter): Record<string, number> =>
  Object.fromEntries([...counter.byTable].map(([table, counts]) => [table, counts.requests]));

async function costsWith(past: number): Promise<Costs> {
  const counter = new RequestCounter();
  const scheduler = new ManualScheduler();
  const test: TestApp = await startTestApp({
    counter,
    scheduler,
    clock: scheduler.clock,
    env: { SURGERY_TICK_SECONDS: String(TICK_SECONDS) },
  });
  try {
    const { config } = test;
    const history = await createTableStorage({
      connectionString: config.storage.connectionString,
      tablePrefix: config.storage.tablePrefix,
      allowInsecureConnection: true,
    });
    await seedHistory(history, past, 2);
    const surgery = await test.api.openSurgery();
    for (const name of ['Ann Lee', 'Bob Ray']) await new Resident(test).checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });
    // A minute of background work: the check-ins' news is sent and the outbox has nothing left to do.
    await scheduler.advance(60_000);
    expect((await test.api.queue(surgery.id)).active).toHaveLength(2);

    counter.reset();
    await test.app.tick();
    const tick = perTable(counter);

    counter.reset();
    await scheduler.advance(QUIET_MINUTES * 60_000);
    return { tick, quiet: perTable(counter) };
  } finally {
    await test.stop();
  }
}

let costs: Costs[];

beforeAll(async () => {
  costs = [];
  for (const past of STORED) costs.push(await costsWith(past));
});

test(`When ${STORED.join(' or ')} past surgeries are stored, then a tick of the surgery ticker reads the index of current surgeries once, and asks the same of storage`, () => {
  const [few, many] = costs;
  expect(many!.tick).toEqual(few!.tick);
  expect(few!.tick.surgeryindex).toBe(1);
});

test(`When a surgery is open and its residents wait, then over ${QUIET_MINUTES} minutes the outbox backs off between the place card updates time brings, whatever the surgeries stored`, () => {
  const [few, many] = costs;
  expect(many!.quiet).toEqual(few!.quiet);
  // Backed off, the outbox looks every 4 s (150 looks), and quickly only while an updated card goes out;
  // looking every 500 ms the whole time would be 1,200.
  expect(few!.quiet.outboxwork ?? 0).toBeLessThanOrEqual(0.4 * QUIET_MINUTES * 60);
});
