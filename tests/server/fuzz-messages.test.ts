import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { Fuzz, FuzzTargets, closeRawConnections, isApiError, fuzzActivity, fuzzSeed, sendRaw, storedProblems } from '../support/fuzz';
import { uniqueTablePrefix } from '../support/azurite';
import { Resident, TestApp, startTestApp } from '../support/test-app';

const SEED = fuzzSeed();
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
// The cases are counted, not timed: on a busy machine all of them still run; this limit only catches a hang.
jest.setTimeout(600_000);

describe(`Fuzzing /api/messages (FUZZ_SEED=${SEED})`, () => {
  let test: TestApp;
  let tablePrefix: string;
  let targets: FuzzTargets;

  beforeAll(async () => {
    tablePrefix = uniqueTablePrefix();
    test = await startTestApp({
      env: { TABLE_PREFIX: tablePrefix, BOT_RATE_LIMIT_PER_MINUTE: '1000000', CHAT_RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    const abbey = await test.api.openSurgery({ ward: 'Abbey' });
    const jane = new Resident(test);
    await jane.checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Parking' });
    const castle = await test.api.openSurgery({ ward: 'Castle' });
    // Taking bookings next week, so fuzzed booking forms really book (and later cases try to take the same slots).
    const start = new Date(Date.now() + 7 * 86_400_000);
    const market = (
      await test.api.call('POST', '/api/surgeries', {
        ward: 'Market',
        joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_m%40thread.v2/0',
        councillors: ['Cllr Ada Khan'],
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
        mode: 'both',
        freeSlots: 1,
      })
    ).body;
    // One real booking, so the final check of what is stored always has one to check, whatever the seed.
    const sam = new Resident(test);
    await sam.submits({
      action: 'book',
      surgeryId: market.id,
      slot: '1',
      name: 'Sam Lee',
      address: '1 Mill Road',
      postcode: 'SW1A 1AA',
      issue: 'Parking',
      contact: 'sam@example.com',
    });
    if (!JSON.stringify(sam.lastReceived()?.activity).includes('Your time is booked')) throw new Error('The set-up booking was not made');
    targets = {
      serviceUrl: test.connector.url,
      surgeryIds: [abbey.id, castle.id, market.id],
      visitIds: [],
      conversationIds: [jane.conversationId, 'fuzz-a', 'fuzz-b', 'fuzz-c'],
    };
  });

  afterAll(async () => {
    closeRawConnections();
    await test?.stop();
  });

  it(`When ${CASES} odd, broken and hostile activities arrive, then none is answered with a 5xx`, async () => {
    const fuzz = new Fuzz(SEED);
    const failures: string[] = [];
    for (let n = 0; n < CASES && failures.length < 5; n++) {
      const { body, note } = fuzzActivity(fuzz, targets);
      const res = await sendRaw(test.app.url, {
        method: 'POST',
        path: '/api/messages',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      if (res.status >= 500) failures.push(`case ${n} (${note}): ${res.status} ${res.body.slice(0, 300)}\n  body: ${body.slice(0, 500)}`);
      else if (res.status >= 400 && !isApiError(res.body))
        failures.push(`case ${n} (${note}): ${res.status} without a clear reason: ${res.body.slice(0, 200)}`);
    }
    await test.app.settled();
    expect({ seed: SEED, failures }).toEqual({ seed: SEED, failures: [] });
  });

  it('When the fuzzing is over, then the server is healthy, every queue loads and nothing invalid was stored', async () => {
    expect((await test.api.call('GET', '/healthz')).status).toBe(200);
    const { surgeries } = (await test.api.call('GET', '/api/surgeries')).body;
    for (const surgery of surgeries) expect((await test.api.call('GET', `/api/surgeries/${surgery.id}/queue`)).status).toBe(200);
    const storage = await createTableStorage({
      connectionString: test.azurite.connectionString,
      tablePrefix,
      allowInsecureConnection: true,
    });
    expect({ seed: SEED, problems: await storedProblems(storage) }).toEqual({ seed: SEED, problems: [] });
  });

  it.each([
    ['JSON', 'application/json', JSON.stringify({ type: 'message', text: 'x'.repeat(1024 * 1024) }), 413],
    ['text', 'text/plain', 'x'.repeat(1024 * 1024), 415],
  ])('When a 1 MB %s body is posted, then it is refused with %s and the server keeps serving', async (_what, contentType, body, status) => {
    const res = await sendRaw(test.app.url, { method: 'POST', path: '/api/messages', headers: { 'Content-Type': contentType }, body });
    expect(res.status).toBe(status);
    expect(isApiError(res.body)).toBe(true);
    expect((await test.api.call('GET', '/healthz')).status).toBe(200);
  });
});
