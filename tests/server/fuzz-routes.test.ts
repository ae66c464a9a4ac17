import { createGzip } from 'node:zlib';
import type { Details, Logger } from '../../bot/logger';
import type { Storage } from '../../bot/storage/ports';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { uniqueTablePrefix } from '../support/azurite';
import { COUNCIL_TENANT, EntraUser, OTHER_TENANT } from '../support/fake-entra';
import { FakeDirectLine } from '../support/fake-direct-line';
import { Fuzz, RouteTargets, closeRawConnections, fuzzRouteRequest, fuzzSeed, isApiError, sendRaw, storedProblems } from '../support/fuzz';
import { startSignedInApp } from '../support/signed-in-app';
import { Resident, TabApi, TestApp, startTestApp } from '../support/test-app';

const SEED = fuzzSeed();
const CASES = Number(process.env.FUZZ_ROUTE_CASES ?? 2000);
/** Far longer than any answer takes on a loaded machine: a case with no answer by then hangs. */
const ANSWER_WITHIN_MS = 60_000;
/** How much the process (server and test together) may grow over the whole run: one inflated bomb would pass it. */
const RSS_GROWTH_LIMIT = 256 * 1024 * 1024;
const DIRECT_LINE_SECRET = 'route-fuzz-direct-line-secret';
const UNLIMITED = {
  RATE_LIMIT_PER_MINUTE: '1000000',
  BOT_RATE_LIMIT_PER_MINUTE: '1000000',
  CHAT_RATE_LIMIT_PER_MINUTE: '1000000',
  DIRECT_LINE_TOKENS_PER_MINUTE: '1000000',
};
const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-00000000f022', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const JANE = { name: 'Jane Smith', address: '12 Mill Lane', postcode: 'RV1 1AA', issue: 'Mould in my flat', contact: 'jane@example.com' };

/** A gzip body of 16 MB of zeros: 16 KB on the wire. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  for (let n = 0; n < 16; n++) gzip.write(Buffer.alloc(1024 * 1024));
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}

/** Logs kept in memory, so the run can show the last line of defence was never needed. */
function recordingLogger(): Logger & { unexpected: Details[] } {
  const unexpected: Details[] = [];
  return {
    unexpected,
    debug: () => undefined,
    info: () => undefined,
    error: (message, details = {}) => {
      if (message === 'unexpected error') unexpected.push(details);
    },
  };
}

const slug = (ward: string) =>
  ward
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

interface Fuzzed {
  test: TestApp;
  storage: Storage;
  log: ReturnType<typeof recordingLogger>;
  /** The councillors' API as someone who runs the surgeries the fuzzer aims at. */
  councillor: TabApi;
  /** Authorization headers to send when a case brings none of its own. */
  credentials: (fuzz: Fuzz) => Record<string, string>;
  stop(): Promise<void>;
}

/** Every route the router lists, thousands of hostile requests, then a check that the server is well. */
function fuzzEveryRoute(
  cases: number,
  start: (log: ReturnType<typeof recordingLogger>, env: Record<string, string>) => Promise<Fuzzed>,
): void {
  let fuzzed: Fuzzed;
  let directLine: FakeDirectLine;
  let bomb: Buffer;
  const targets: RouteTargets = {
    serviceUrl: '',
    surgeryIds: [],
    visitIds: [],
    conversationIds: [],
    bookingIds: [],
    tokens: [],
    wards: [],
  };

  /** Real ids and secrets from storage, so cases reach the handlers and not only the 404s. */
  async function refreshTargets(): Promise<void> {
    const surgeries = await fuzzed.storage.surgeries.all();
    targets.surgeryIds = surgeries.map((s) => s.id);
    targets.wards = [...new Set(surgeries.flatMap((s) => [s.ward, slug(s.ward)]))];
    targets.visitIds = [];
    targets.bookingIds = [];
    targets.tokens = [];
    for (const { id } of surgeries.slice(-6)) {
      const stored = await fuzzed.storage.surgeries.loadQueue(id);
      for (const visit of stored?.visits ?? []) {
        targets.visitIds.push(visit.id);
        if (visit.statusToken) targets.tokens.push(visit.statusToken);
      }
      for (const booking of stored?.bookings ?? []) {
        targets.bookingIds.push(booking.id);
        targets.tokens.push(booking.manageToken);
      }
    }
  }

  beforeAll(async () => {
    bomb = await gzipBomb();
    directLine = await new FakeDirectLine(DIRECT_LINE_SECRET).start();
    fuzzed = await start(recordingLogger(), { DIRECT_LINE_SECRET, DIRECT_LINE_BASE_URL: directLine.url, ...UNLIMITED });
    targets.serviceUrl = fuzzed.test.connector.url;
    await fuzzed.councillor.openSurgery({ ward: 'Abbey', councillorAccounts: [ADA.upn] });
    for (const name of ['Jane Smith', 'Ali Khan', 'Zoë Ñúñez'])
      await new Resident(fuzzed.test).checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const bookable = await fuzzed.councillor.call('POST', '/api/surgeries', {
      ward: 'Castle',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      councillorAccounts: [ADA.upn],
      startsAt: tomorrow.toISOString(),
      endsAt: new Date(tomorrow.getTime() + 2 * 3_600_000).toISOString(),
      mode: 'bookings',
      slotMinutes: 10,
    });
    if (bookable.status !== 201) throw new Error(`Could not plan a bookable surgery: ${JSON.stringify(bookable.body)}`);
    await fuzzed.test.app.bookings.book(bookable.body.id, { ...JANE, slot: 1 }, { channel: 'webchat' });
    await refreshTargets();
  });

  afterAll(async () => {
    closeRawConnections();
    await fuzzed?.stop();
    await directLine?.stop();
  });

  it('When the router is asked, then it lists every kind of route: the bot, the API, officers, web chat, pages, forms and the tab', () => {
    const paths = fuzzed.test.app.routes().map((route) => `${route.method.toUpperCase()} ${route.path}`);
    for (const route of [
      'POST /api/messages',
      'POST /api/surgeries',
      'POST /api/data-requests/erase',
      'POST /api/directline/token',
      'POST /status/:token/leave',
      'POST /bookings/:token/move',
      'GET /tab/*',
      'GET /healthz',
    ])
      expect(paths).toContain(route);
  });

  it(`When ${cases} hostile requests reach every route, then none gets a 5xx or hangs, and the last line of defence is never needed`, async () => {
    const routes = fuzzed.test.app.routes();
    const fuzz = new Fuzz(SEED);
    const failures: string[] = [];
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const reached = new Set<string>();
    for (let n = 0; n < cases && failures.length < 5; n++) {
      if (n % 100 === 99) {
        await refreshTargets();
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      const { note, liesAboutLength, ...request } = fuzzRouteRequest(fuzz, routes, targets, bomb);
      request.headers = { ...fuzzed.credentials(fuzz), ...request.headers };
      const where = () =>
        `case ${n} (${note}): request ${JSON.stringify({ ...request, body: String(request.body ?? '').slice(0, 300) }).slice(0, 700)}`;
      let res;
      try {
        res = await sendRaw(fuzzed.test.app.url, { ...request, timeoutMs: ANSWER_WITHIN_MS });
      } catch (error) {
        // A body shorter than its Content-Length says leaves junk the server refuses by dropping the connection.
        if (!liesAboutLength) failures.push(`${where()}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (res.status < 400) reached.add(note.split(',')[0]!);
      // 431: Node itself refuses an address longer than its 16 KB limit on headers, before any route.
      const clear =
        request.method === 'HEAD' ||
        res.status < 400 ||
        res.status === 431 ||
        isApiError(res.body) ||
        res.body.includes('</html>') ||
        liesAboutLength;
      if (res.status >= 500 || !clear) failures.push(`${where()}: ${res.status} ${res.body.slice(0, 300)}`);
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    expect({ seed: SEED, failures, unexpected: fuzzed.log.unexpected }).toEqual({ seed: SEED, failures: [], unexpected: [] });
    expect(rssPeak - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT);
    // Cases got past the refusals on many routes, not only to 4xx answers.
    expect(reached.size).toBeGreaterThan(routes.length / 3);
  });

  it('When the fuzzing is over, then the server is healthy, every queue loads and nothing invalid was stored', async () => {
    expect((await fuzzed.councillor.call('GET', '/healthz')).status).toBe(200);
    for (const surgery of await fuzzed.storage.surgeries.all())
      expect((await fuzzed.councillor.call('GET', `/api/surgeries/${surgery.id}/queue`)).status).toBe(200);
    expect({ seed: SEED, problems: await storedProblems(fuzzed.storage) }).toEqual({ seed: SEED, problems: [] });
  });
}

async function storageOf(test: TestApp, tablePrefix: string): Promise<Storage> {
  return createTableStorage({ connectionString: test.azurite.connectionString, tablePrefix, allowInsecureConnection: true });
}

// Generous: thousands of requests on a machine that may be busy with other work. Cases are counted, never timed.
jest.setTimeout(30 * 60_000);

describe(`Fuzzing every route in local mode (FUZZ_SEED=${SEED})`, () => {
  fuzzEveryRoute(CASES, async (log, env) => {
    const tablePrefix = uniqueTablePrefix();
    const test = await startTestApp({ logger: log, env: { TABLE_PREFIX: tablePrefix, ...env } });
    return {
      test,
      log,
      storage: await storageOf(test, tablePrefix),
      councillor: test.api,
      credentials: () => ({}),
      stop: () => test.stop(),
    };
  });
});

// Signed in, cases also meet token checks, per-surgery access and the officers' check: some carry the
// councillor's (and officer's) token, some another tenant's, an expired or forged one, or none.
describe(`Fuzzing every route with Teams sign-in (FUZZ_SEED=${SEED})`, () => {
  fuzzEveryRoute(Math.ceil(CASES / 2), async (log, env) => {
    const tablePrefix = uniqueTablePrefix();
    const test = await startSignedInApp({
      logger: log,
      env: { TABLE_PREFIX: tablePrefix, OFFICER_ACCOUNTS: `${COUNCIL_TENANT}/${ADA.oid}`, ...env },
    });
    const tokens = await Promise.all([
      test.entra.token(ADA),
      test.entra.token(ADA),
      test.entra.token({ ...ADA, tid: OTHER_TENANT }),
      test.entra.token(ADA, { expiresIn: -600 }),
      test.entra.token(ADA, { forgedSignature: true }),
    ]);
    return {
      test,
      log,
      storage: await storageOf(test, tablePrefix),
      councillor: await test.as(ADA),
      credentials: (fuzz): Record<string, string> => (fuzz.chance(0.2) ? {} : { Authorization: `Bearer ${fuzz.pick(tokens)}` }),
      stop: () => test.stop(),
    };
  });
});
