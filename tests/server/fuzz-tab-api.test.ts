import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { EntraUser, OTHER_TENANT } from '../support/fake-entra';
import { Fuzz, FuzzTargets, closeRawConnections, isApiError, fuzzSeed, fuzzTabRequest, sendRaw, storedProblems } from '../support/fuzz';
import { uniqueTablePrefix } from '../support/azurite';
import { startSignedInApp } from '../support/signed-in-app';
import { Resident, TabApi, TestApp, startTestApp } from '../support/test-app';

const SEED = fuzzSeed();
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
// The cases are counted, not timed: on a busy machine all of them still run; this limit only catches a hang.
jest.setTimeout(600_000);
const UNLIMITED = { RATE_LIMIT_PER_MINUTE: '1000000' };

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-00000000f022', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };

interface Fuzzed {
  test: TestApp;
  tablePrefix: string;
  /** The councillors' API as someone who may run the surgeries the fuzzer aims at. */
  councillor: TabApi;
  /** Authorization headers to send when a case brings none of its own. */
  credentials: (fuzz: Fuzz) => Record<string, string>;
}

/** Thousands of requests, then a check that the server is well and stored nothing a valid request could not have. */
function fuzzTheApi(cases: number, start: () => Promise<Fuzzed>): void {
  let fuzzed: Fuzzed;
  const targets: FuzzTargets = { serviceUrl: '', surgeryIds: [], visitIds: [], conversationIds: [] };

  /** Real surgery and visit ids, so cases reach the handlers and not only the 404s. */
  async function refreshTargets(): Promise<void> {
    const { surgeries } = (await fuzzed.councillor.call('GET', '/api/surgeries')).body as { surgeries: { id: string }[] };
    targets.surgeryIds = surgeries.map((s) => s.id);
    targets.visitIds = [];
    for (const { id } of surgeries.slice(-5)) {
      const view = await fuzzed.councillor.queue(id);
      targets.visitIds.push(...[...view.active, ...view.finished].map((row) => row.visitId));
    }
  }

  beforeAll(async () => {
    fuzzed = await start();
    await fuzzed.councillor.openSurgery({ ward: 'Abbey', councillorAccounts: [ADA.upn] });
    for (const name of ['Jane Smith', 'Ali Khan', 'Zoë Ñúñez'])
      await new Resident(fuzzed.test).checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });
    await refreshTargets();
  });

  afterAll(async () => {
    closeRawConnections();
    await fuzzed?.test.stop();
  });

  it(`When ${cases} requests with any method, odd ids, queries and bodies arrive, then none is answered with a 5xx`, async () => {
    const fuzz = new Fuzz(SEED);
    const failures: string[] = [];
    for (let n = 0; n < cases && failures.length < 5; n++) {
      if (n % 100 === 99) await refreshTargets();
      const { note, ...request } = fuzzTabRequest(fuzz, targets);
      request.headers = { ...fuzzed.credentials(fuzz), ...request.headers };
      const res = await sendRaw(fuzzed.test.app.url, request);
      const clear = request.method === 'HEAD' || res.status < 400 || isApiError(res.body);
      if (res.status >= 500 || !clear) {
        failures.push(`case ${n} (${note}): ${res.status} ${res.body.slice(0, 300)}\n  request: ${JSON.stringify(request).slice(0, 600)}`);
      }
    }
    expect({ seed: SEED, failures }).toEqual({ seed: SEED, failures: [] });
  });

  it('When the fuzzing is over, then the server is healthy, every queue loads and nothing invalid was stored', async () => {
    expect((await fuzzed.councillor.call('GET', '/healthz')).status).toBe(200);
    const { surgeries } = (await fuzzed.councillor.call('GET', '/api/surgeries')).body;
    for (const surgery of surgeries) expect((await fuzzed.councillor.call('GET', `/api/surgeries/${surgery.id}/queue`)).status).toBe(200);
    const storage = await createTableStorage({
      connectionString: fuzzed.test.azurite.connectionString,
      tablePrefix: fuzzed.tablePrefix,
      allowInsecureConnection: true,
    });
    expect({ seed: SEED, problems: await storedProblems(storage) }).toEqual({ seed: SEED, problems: [] });
  });
}

describe(`Fuzzing the councillors' API in local mode (FUZZ_SEED=${SEED})`, () => {
  fuzzTheApi(CASES, async () => {
    const tablePrefix = uniqueTablePrefix();
    const test = await startTestApp({ env: { TABLE_PREFIX: tablePrefix, ...UNLIMITED } });
    return { test, tablePrefix, councillor: test.api, credentials: () => ({}) };
  });

  describe('and its body limit', () => {
    let test: TestApp;

    beforeAll(async () => {
      test = await startTestApp();
    });

    afterAll(async () => {
      closeRawConnections();
      await test?.stop();
    });

    it.each([
      ['POST', '/api/surgeries', 'application/json'],
      ['POST', '/api/surgeries/x/visits/y/seen', 'application/json'],
    ])('When a 1 MB body is sent to %s %s as %s, then it is refused with 413', async (method, path, contentType) => {
      const body = JSON.stringify({ ward: 'Abbey', outcome: 'x'.repeat(1024 * 1024) });
      const res = await sendRaw(test.app.url, { method, path, headers: { 'Content-Type': contentType }, body });
      expect(res.status).toBe(413);
      expect(isApiError(res.body)).toBe(true);
    });

    it('When a 1 MB body arrives in chunks with no length given, then it is refused with 413 too', async () => {
      const res = await sendRaw(test.app.url, {
        method: 'POST',
        path: '/api/surgeries',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        body: 'x'.repeat(1024 * 1024),
      });
      expect(res.status).toBe(413);
    });
  });
});

// Signed in, requests also meet token checks and per-surgery access: some carry the councillor's token, some
// another tenant's, an expired or forged one, or none.
describe(`Fuzzing the councillors' API with Teams sign-in (FUZZ_SEED=${SEED})`, () => {
  fuzzTheApi(Math.ceil(CASES / 3), async () => {
    const tablePrefix = uniqueTablePrefix();
    const test = await startSignedInApp({ env: { TABLE_PREFIX: tablePrefix, ...UNLIMITED } });
    const tokens = await Promise.all([
      test.entra.token(ADA),
      test.entra.token(ADA),
      test.entra.token({ ...ADA, tid: OTHER_TENANT }),
      test.entra.token(ADA, { expiresIn: -600 }),
      test.entra.token(ADA, { forgedSignature: true }),
    ]);
    const councillor = await test.as(ADA);
    return {
      test,
      tablePrefix,
      councillor,
      credentials: (fuzz): Record<string, string> => (fuzz.chance(0.2) ? {} : { Authorization: `Bearer ${fuzz.pick(tokens)}` }),
    };
  });
});
