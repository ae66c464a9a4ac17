import type { SurgeryStatistics } from '../../bot/api-statistics-types';
import { dumpTables, personalLeft, runSurgeryWithResidents } from '../support/resident-data';
import { Resident, TestApp, startTestApp } from '../support/test-app';

const DAY = 86_400_000;

describe('Retention against Azurite: residents’ details go RETENTION_DAYS after the surgery', () => {
  let test: TestApp;
  let offsetMs = 0;
  // The app's clock: real time, moved on by the test.
  const clock = () => new Date(Date.now() + offsetMs);

  beforeEach(async () => {
    offsetMs = 0;
    test = await startTestApp({ clock, env: { RETENTION_DAYS: '30' } });
  });

  afterEach(async () => {
    await test?.stop();
  });

  const summaryOf = async (surgeryId: string) =>
    (await test.api.call<SurgeryStatistics>('GET', `/api/surgeries/${surgeryId}/summary`)).body;

  it('When the clock passes RETENTION_DAYS and the job runs, then no entity of any table holds anything personal, and the statistics count the same', async () => {
    const ran = await runSurgeryWithResidents(test, test.api);
    await test.app.settled();
    const before = await summaryOf(ran.surgeryId);
    const storedBefore = await dumpTables(test.azurite.connectionString, test.config.storage.tablePrefix);
    // The check below means something only if the details were there to find.
    expect(personalLeft(storedBefore, ran.personal).length).toBeGreaterThan(ran.personal.length);

    offsetMs = 31 * DAY;
    const run = await test.app.retain();

    expect(run).toMatchObject({ visits: 4, statusLinks: 4 });
    expect(run!.chats).toBe(3);
    expect(run!.outboxEntries).toBeGreaterThan(0);
    const storedAfter = await dumpTables(test.azurite.connectionString, test.config.storage.tablePrefix);
    expect(personalLeft(storedAfter, ran.personal)).toEqual([]);
    const tablesLeft = new Set(storedAfter.map((e) => e.table.slice(test.config.storage.tablePrefix.length)));
    // The outbox's work list and the surgery index name surgeries, never residents.
    const aboutSurgeries = new Set(['outboxwork', 'surgeryindex']);
    expect([...tablesLeft].filter((table) => !aboutSurgeries.has(table)).sort()).toEqual(['audit', 'surgeries']);
    // Released: later runs never read the surgery again, however many surgeries pile up behind it.
    const held = (dump: typeof storedAfter) =>
      dump.flatMap(({ table, json }) => {
        const row = JSON.parse(json) as { partitionKey: string; rowKey: string };
        return table.endsWith('surgeryindex') && row.partitionKey === 'held' ? [row.rowKey] : [];
      });
    expect(held(storedBefore)).toContain(ran.surgeryId);
    expect(held(storedAfter)).not.toContain(ran.surgeryId);

    const after = await summaryOf(ran.surgeryId);
    expect({ ...after.figures, listened: undefined }).toEqual({ ...before.figures, listened: undefined });
    expect(after.timeline).toEqual(before.timeline);
    expect(after.figures).toMatchObject({ checkedIn: 4, seen: 2, noShow: 1, notReached: 1 });
  });

  it('When a booked surgery passes RETENTION_DAYS, then the booking names nobody, its reference and manage link lead nowhere, and its slot still counts', async () => {
    const start = new Date(Date.now() + DAY);
    const planned = await test.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abbey%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      mode: 'bookings',
    });
    const personal = ['Peregrine Wolfsbane', '7 Zebra Mews', 'Bollards on Yew Walk', 'peregrine@example.com'];
    const peregrine = new Resident(test);
    await peregrine.submits({
      action: 'book',
      surgeryId: planned.body.id,
      slot: '2',
      name: personal[0],
      address: personal[1],
      postcode: 'SW1A 1AA',
      issue: personal[2],
      contact: personal[3],
      remember: 'true',
    });
    const confirmation = peregrine.lastReceived()!.activity.attachments[0].content;
    const manageUrl: string = confirmation.actions.find((a: { title: string }) => a.title === 'Change or cancel').url;
    await test.app.settled();
    const stored = await dumpTables(test.azurite.connectionString, test.config.storage.tablePrefix);
    expect(personalLeft(stored, personal)).not.toEqual([]);
    expect(stored.some((e) => e.table.endsWith('bookinglinks'))).toBe(true);

    offsetMs = 33 * DAY;
    expect(await test.app.retain()).toMatchObject({ bookings: 1, chats: 1 });

    const left = await dumpTables(test.azurite.connectionString, test.config.storage.tablePrefix);
    expect(personalLeft(left, personal)).toEqual([]);
    expect(left.filter((e) => e.table.endsWith('bookinglinks'))).toEqual([]);
    expect((await fetch(new URL(new URL(manageUrl).pathname, test.app.url))).status).toBe(404);
    expect((await test.api.queue(planned.body.id)).slots![2]!.state).not.toBe('free');
  });

  it('When the job runs before RETENTION_DAYS, or runs twice, then it removes nothing early and nothing more the second time', async () => {
    const ran = await runSurgeryWithResidents(test, test.api);
    await test.app.settled();

    offsetMs = 29 * DAY;
    expect(await test.app.retain()).toMatchObject({ visits: 0, chats: 0, statusLinks: 0, outboxEntries: 0 });
    expect((await test.api.queue(ran.surgeryId)).finished.map((row) => row.name)).toContain('Hermione Quillfeather');

    offsetMs = 31 * DAY;
    expect(await test.app.retain()).toMatchObject({ visits: 4 });
    expect(await test.app.retain()).toMatchObject({ visits: 0, bookings: 0, chats: 0, statusLinks: 0, outboxEntries: 0 });
  });

  it('When a case is still open after RETENTION_DAYS, then that resident is kept, with their chat, until it is closed', async () => {
    const surgery = await test.api.openSurgery();
    const rosa = new Resident(test, 'webchat');
    await rosa.checksIn({ name: 'Rosa Open-Case', postcode: 'SW1A 1AA', issue: 'Damp in the flat' });
    const visitId = (await test.api.queue(surgery.id)).active[0]!.visitId;
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/admit`);
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/seen`, {
      outcome: 'Asked Housing to inspect',
      topic: 'housing',
      followUp: true,
    });
    await test.api.call('POST', `/api/surgeries/${surgery.id}/end`);
    await test.app.settled();

    offsetMs = 40 * DAY;
    expect(await test.app.retain()).toMatchObject({ visits: 0, chats: 0 });
    const update = await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/case-updates`, {
      text: 'Housing fixed the damp',
      closesCase: true,
    });
    expect(update.status).toBe(200);
    await test.app.settled();

    offsetMs = 69 * DAY;
    expect(await test.app.retain()).toMatchObject({ visits: 0 });
    offsetMs = 71 * DAY;
    expect(await test.app.retain()).toMatchObject({ visits: 1, chats: 1 });
    const left = await dumpTables(test.azurite.connectionString, test.config.storage.tablePrefix);
    expect(personalLeft(left, ['Rosa', 'Damp in the flat', 'Housing fixed the damp', 'Asked Housing', rosa.conversationId])).toEqual([]);
  });

  it('When audit entries are older than AUDIT_RETENTION_DAYS, then the job deletes them', async () => {
    const surgery = await test.api.openSurgery();
    await test.api.queue(surgery.id);
    expect((await test.app.retain())!.auditEntries).toBe(0);

    offsetMs = 366 * DAY;
    expect((await test.app.retain())!.auditEntries).toBeGreaterThanOrEqual(2);
    const left = await dumpTables(test.azurite.connectionString, `${test.config.storage.tablePrefix}audit`);
    expect(left).toEqual([]);
  });
});
