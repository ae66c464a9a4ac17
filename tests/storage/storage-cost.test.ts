import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { AuditPage } from '../../bot/api-officer-types';
import { AuditTrail } from '../../bot/services/audit-trail';
import { dataRequestsOver } from '../../bot/services/data-requests';
import { OfficerOverview } from '../../bot/services/officer-overview';
import { UnplacedSurgery, placeSurgeriesInRosterWards } from '../../bot/services/surgery-wards';
import { parseWardCode } from '../../bot/domain/ward';
import { parseRoster } from '../../bot/domain/ward-roster';
import { silentLogger } from '../support/silent-logger';
import { AuditEntry, Storage } from '../../bot/storage/ports';
import { RequestCounter } from '../../bot/storage/tables/request-counter';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { RunningAzurite, startAzurite, uniqueTablePrefix } from '../support/azurite';
import { aSurgery, someVisits } from '../support/builders';
import { aPastSurgery, seedHistory } from '../support/history';
import { queueServiceOver } from '../support/queue-service';

// What each way of finding surgeries costs, in requests and rows the Table service answers. A scan of
// the surgeries table would read every visit ever stored; these bounds would catch one coming back.
const PAST_SURGERIES = 40;
const VISITS_EACH = 15;

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite.stop();
});

async function storageWith(counter: RequestCounter, tablePrefix = uniqueTablePrefix()): Promise<Storage> {
  return createTableStorage({ connectionString: azurite.connectionString, tablePrefix, allowInsecureConnection: true, counter });
}

/** The officers' overview over `storage`, keeping the audit trail 90 days. */
function officerOverviewOver(storage: Storage, clock: () => Date): OfficerOverview {
  const audit = new AuditTrail({ audit: storage.audit, clock, newId: () => randomBytes(6).toString('hex') });
  return new OfficerOverview({ queue: queueServiceOver(storage, clock), outbox: storage.outbox, audit, auditRetentionDays: 90, clock });
}

async function costOf(counter: RequestCounter, read: () => Promise<unknown>): Promise<{ requests: number; rowsRead: number }> {
  counter.reset();
  await read();
  return { requests: counter.requests, rowsRead: counter.rowsRead };
}

test(`When ${PAST_SURGERIES} past surgeries of ${VISITS_EACH} visits each are stored, then finding the current, held and this month's surgeries reads exactly what it did with none`, async () => {
  const costs = [];
  for (const past of [0, PAST_SURGERIES]) {
    const counter = new RequestCounter();
    const storage = await storageWith(counter);
    await seedHistory(storage, past, VISITS_EACH);
    const open = aSurgery({ startsAt: '2026-05-04T10:00:00.000Z', endsAt: '2026-05-04T12:00:00.000Z' });
    const coming = aSurgery({ status: 'scheduled', startsAt: '2026-05-11T10:00:00.000Z', endsAt: '2026-05-11T12:00:00.000Z' });
    await storage.surgeries.create(open);
    await storage.surgeries.create(coming);
    await storage.surgeries.saveQueue(open, someVisits(open, VISITS_EACH), (await storage.surgeries.currentEtag(open.id))!);

    costs.push({
      current: await costOf(counter, () => storage.surgeries.current()),
      held: await costOf(counter, () => storage.surgeries.holdingDetails()),
      month: await costOf(counter, () => storage.surgeries.startingIn(['2026-05'])),
    });
  }

  const [empty, withHistory] = costs;
  expect(withHistory).toEqual(empty);
  expect(empty).toEqual({
    current: { requests: 1, rowsRead: 2 },
    held: { requests: 1, rowsRead: 2 },
    month: { requests: 1, rowsRead: 2 },
  });
});

test('When a change to how a surgery is listed stops before it is saved, then current still tells the truth and repairs the index', async () => {
  const counter = new RequestCounter();
  const storage = await storageWith(counter);
  const surgery = aSurgery();
  await storage.surgeries.create(surgery);
  const etag = (await storage.surgeries.currentEtag(surgery.id))!;
  await storage.surgeries.saveQueue(surgery, [], etag);

  // The stale ETag fails the save after the index rows were marked for the ending.
  const ending = { ...surgery, status: 'ended' as const, endedAt: '2025-03-01T12:00:00.000Z' };
  await expect(storage.surgeries.saveQueue(ending, [], etag, [], {}, surgery)).rejects.toThrow();

  expect(await storage.surgeries.current()).toEqual([surgery]);
  // Repaired: the next read is one request again, with no look at the surgery itself.
  expect(await costOf(counter, () => storage.surgeries.current())).toEqual({ requests: 1, rowsRead: 1 });
});

test('When storage from before the index is opened, then the index is built once from the surgeries, and later starts read only whether it was', async () => {
  const tablePrefix = uniqueTablePrefix();
  const before = await storageWith(new RequestCounter(), tablePrefix);
  const open = aSurgery();
  const past = aPastSurgery(3);
  await before.surgeries.create(open);
  await before.surgeries.create(past);
  await TableClient.fromConnectionString(azurite.connectionString, `${tablePrefix}surgeryindex`, {
    allowInsecureConnection: true,
  }).deleteTable();

  const counter = new RequestCounter();
  const after = await storageWith(counter, tablePrefix);
  expect(await after.surgeries.current()).toEqual([open]);
  expect(await after.surgeries.startingIn(['2025-04'])).toEqual([past]);

  counter.reset();
  await storageWith(counter, tablePrefix);
  expect(counter.byTable.get('surgeries')).toEqual({ requests: 1, rowsRead: 0 });
  expect(counter.byTable.get('surgeryindex')).toEqual({ requests: 2, rowsRead: 1 });
});

test(`When ${PAST_SURGERIES} past surgeries are stored, then an officer's search for a resident reads exactly what it did with none`, async () => {
  const costs = [];
  for (const past of [0, PAST_SURGERIES]) {
    const counter = new RequestCounter();
    const storage = await storageWith(counter);
    await seedHistory(storage, past, VISITS_EACH);
    const open = aSurgery({ startsAt: '2026-05-04T10:00:00.000Z', endsAt: '2026-05-04T12:00:00.000Z' });
    await storage.surgeries.create(open);
    const visits = someVisits(open, VISITS_EACH).map((visit, i) =>
      i === 0 ? { ...visit, contact: { kind: 'email' as const, value: 'jane@example.org' } } : visit,
    );
    await storage.surgeries.saveQueue(open, visits, (await storage.surgeries.currentEtag(open.id))!);
    const clock = () => new Date('2026-05-04T11:00:00.000Z');
    const queue = queueServiceOver(storage, clock);
    const { dataRequests } = dataRequestsOver(storage, queue, clock, () => randomBytes(6).toString('hex'));

    let matches = 0;
    const cost = await costOf(counter, async () => {
      matches = (await dataRequests.search({ kind: 'email', value: 'jane@example.org' }, { id: 'officer', name: 'An Officer' })).length;
    });
    expect(matches).toBe(1);
    costs.push(cost);
  }

  expect(costs[1]).toEqual(costs[0]);
});

test("When 1 or 200 past surgeries set up in roster wards are stored, then matching the roster, as a server does at start and the officers' unmatched surgeries do, reads only the surgeries set up before it", async () => {
  const roster = parseRoster(
    'wards.csv',
    'ward code,ward name,councillor,email,entra object id\nE05099901,Abbey,Cllr Ada Khan,ada.khan@council.example,\n',
  );
  if (!roster.ok) throw new Error(roster.problems.join('; '));
  const costs = [];
  for (const past of [1, 200]) {
    const counter = new RequestCounter();
    const storage = await storageWith(counter);
    await seedHistory(storage, past, 1, parseWardCode('E05099901'));
    const typed = aSurgery({ ward: 'Old Town', status: 'scheduled' });
    await storage.surgeries.create(typed);
    const queue = queueServiceOver(storage, () => new Date('2026-05-04T11:00:00.000Z'));

    let unmatched: UnplacedSurgery[] = [];
    costs.push(
      await costOf(counter, async () => {
        unmatched = await placeSurgeriesInRosterWards(queue, roster.roster, silentLogger);
      }),
    );
    expect(unmatched.map((surgery) => surgery.id)).toEqual([typed.id]);
  }

  expect(costs[1]).toEqual(costs[0]);
  expect(costs[0]).toEqual({ requests: 1, rowsRead: 1 });
});

test(`When ${PAST_SURGERIES} past surgeries with their audit lines are stored, then the officers' audit trail reads exactly what it did with none`, async () => {
  const clock = () => new Date('2026-05-04T11:00:00.000Z');
  const auditLine = (surgeryId: string, at: string): AuditEntry => ({
    id: randomBytes(6).toString('hex'),
    at,
    who: { id: 'ada', name: 'Cllr Ada Khan' },
    action: 'viewed_queue',
    surgeryId,
    visitIds: [],
  });
  const costs = [];
  for (const past of [0, PAST_SURGERIES]) {
    const counter = new RequestCounter();
    const storage = await storageWith(counter);
    await seedHistory(storage, past, 1);
    for (let index = 0; index < past; index++) await storage.audit.append(auditLine(`past-${index}`, aPastSurgery(index).startsAt));
    const open = aSurgery({ ward: 'Abbey', startsAt: '2026-05-04T10:00:00.000Z', endsAt: '2026-05-04T12:00:00.000Z' });
    await storage.surgeries.create(open);
    await storage.audit.append(auditLine(open.id, '2026-05-04T10:30:00.000Z'));
    const overview = officerOverviewOver(storage, clock);

    // A new table has no lines filed before month copies; the first view only finds that out.
    await overview.audit({});
    let page: AuditPage | undefined;
    costs.push(
      await costOf(counter, async () => {
        page = await overview.audit({});
      }),
    );
    expect(page!.lines).toEqual([expect.objectContaining({ surgeryId: open.id, ward: 'Abbey', action: 'viewed_queue' })]);
    expect(page!.surgeries.map((s) => s.id)).toEqual([open.id]);
  }

  expect(costs[1]).toEqual(costs[0]);
});

test(`When an audit line names a surgery held long before the trail's months, then the view names its ward from that surgery's own row, not its ${VISITS_EACH} residents`, async () => {
  const clock = () => new Date('2026-05-04T11:00:00.000Z');
  const counter = new RequestCounter();
  const storage = await storageWith(counter);
  await seedHistory(storage, 1, VISITS_EACH);
  const [past] = await storage.surgeries.all();
  const overview = officerOverviewOver(storage, clock);
  await overview.audit({});
  const before = await costOf(counter, () => overview.audit({}));
  // A data request a year after the surgery: the line is new, the surgery is not among the trail's months.
  await storage.audit.append({
    id: 'request',
    at: '2026-05-04T10:45:00.000Z',
    who: { id: 'officer', name: 'Officer' },
    action: 'exported',
    surgeryId: past!.id,
    visitIds: [],
  });

  let page: AuditPage | undefined;
  const after = await costOf(counter, async () => {
    page = await overview.audit({});
  });

  expect(page!.lines).toEqual([expect.objectContaining({ surgeryId: past!.id, ward: past!.ward, action: 'exported' })]);
  expect(after).toEqual({ requests: before.requests + 1, rowsRead: before.rowsRead + 2 });
});

test("When audit lines were written before they were filed by month, then the officers' view still shows them, after copying them once", async () => {
  const tablePrefix = uniqueTablePrefix();
  const storage = await storageWith(new RequestCounter(), tablePrefix);
  await storage.audit.append({
    id: 'warm-up',
    at: '2026-04-01T09:00:00.000Z',
    who: { id: 'a', name: 'A' },
    action: 'opened',
    surgeryId: 'abc',
    visitIds: [],
  });
  const table = TableClient.fromConnectionString(azurite.connectionString, `${tablePrefix}audit`, { allowInsecureConnection: true });
  // As a server before month copies wrote it: in its surgery's partition only.
  const older: AuditEntry = {
    id: 'older',
    at: '2026-03-02T09:00:00.000Z',
    who: { id: 'b', name: 'B' },
    action: 'ended',
    surgeryId: 'abc',
    visitIds: [],
  };
  await table.createEntity({ partitionKey: 'abc', rowKey: `${older.at}_${older.id}`, action: older.action, data: JSON.stringify(older) });
  await table.deleteEntity('~meta', 'month-copies').catch(() => undefined);

  const later = await storageWith(new RequestCounter(), tablePrefix);
  const window = { now: '2026-04-05T00:00:00.000Z', since: '2026-01-01T00:00:00.000Z', limit: 10, keep: () => true };
  expect((await later.audit.newest(window)).map((entry) => entry.id)).toEqual(['warm-up', 'older']);
  const counter = new RequestCounter();
  const again = await storageWith(counter, tablePrefix);
  counter.reset();
  await again.audit.newest(window);
  // Whether the copies were made, then the window's four months.
  expect(counter.byTable.get('audit')?.requests).toBe(5);
});

test(`When ${VISITS_EACH} residents wait, then ending their surgery reads its queue once, and the surgery's own row to find the ward's next one`, async () => {
  const counter = new RequestCounter();
  const storage = await storageWith(counter);
  const open = aSurgery({ status: 'open' });
  await storage.surgeries.create(open);
  await storage.surgeries.saveQueue(open, someVisits(open, VISITS_EACH), (await storage.surgeries.currentEtag(open.id))!);
  const queue = queueServiceOver(storage, () => new Date('2025-03-01T11:30:00.000Z'));

  counter.reset();
  await queue.end(open.id);
  const rowsRead = counter.byTable.get('surgeries')?.rowsRead;

  expect((await storage.surgeries.loadQueue(open.id))?.surgery.status).toBe('ended');
  // The queue: the surgery's row and its residents', once; the surgery's row again, alone.
  expect(rowsRead).toBe(VISITS_EACH + 2);
});
