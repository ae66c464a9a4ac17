import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditPage, OfficerWardLists, UndeliveredMessage } from '../../bot/api-types';
import { createTableStorage } from '../../bot/storage/tables/table-storage';
import { aSurgery } from '../support/builders';
import { EntraUser } from '../support/fake-entra';
import { eventually } from '../support/patience';
import { SignedInTestApp, UserApi, startSignedInApp } from '../support/signed-in-app';
import { COUNCIL_TENANT } from '../support/fake-entra';
import { Resident, TabApi } from '../support/test-app';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const DPO: EntraUser = { oid: '00000d90-0000-4000-8000-000000000009', name: 'Dana Protection', upn: 'Dana.Protection@council.example' };
const ROSTER = `ward code,ward name,councillor,email,entra object id
E05000001,Abbey,Cllr Ada Khan,ada.khan@council.example,${ADA.oid}
E05000002,Castle,Sam Okafor,sam.okafor@council.example,
`;
const POSTCODES = 'postcode,ward\nAB1 1AA,Abbey\nAB1 1AB,Abbey\nCA1 5JL,Castle\n';
const JANE = { name: 'Jane Quibblesworth', postcode: 'AB1 1AA', issue: 'Damp in the Zanzibar flats' };

describe("The officers' page API over real HTTP, with Teams sign-in", () => {
  let test: SignedInTestApp;
  let folder: string;
  let ada: UserApi;
  let officer: UserApi;

  beforeEach(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'sq-officers-'));
    writeFileSync(path.join(folder, 'wards.csv'), ROSTER);
    writeFileSync(path.join(folder, 'postcodes.csv'), POSTCODES);
    test = await startSignedInApp({
      env: {
        OFFICER_ACCOUNTS: `${COUNCIL_TENANT}/${DPO.oid}`,
        WARDS_FILE: path.join(folder, 'wards.csv'),
        WARD_POSTCODES_FILE: path.join(folder, 'postcodes.csv'),
        OUTBOX_MAX_ATTEMPTS: '1',
      },
    });
    [ada, officer] = await Promise.all([test.as(ADA), test.as(DPO)]);
  });

  afterEach(async () => {
    await test?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(['/api/officers/wards', '/api/officers/undelivered', '/api/officers/audit'])(
    'When a councillor who is not an officer asks for %s, then it is 403, and 401 for nobody signed in',
    async (route) => {
      expect(await ada.call('GET', route)).toMatchObject({ status: 403, body: { code: 'AUTH.OFFICERS_ONLY' } });
      expect((await new TabApi(test.app.url).call('GET', route)).status).toBe(401);
      expect((await officer.call('GET', route)).status).toBe(200);
    },
  );

  it('When an officer looks at the ward lists, then they see the counts, files and load time, problems after a bad edit, and surgeries the roster has no ward for', async () => {
    const storage = await createTableStorage({
      connectionString: test.config.storage.connectionString,
      tablePrefix: test.config.storage.tablePrefix,
      allowInsecureConnection: true,
    });
    // A surgery set up before the roster named its ward.
    await storage.surgeries.create(aSurgery({ ward: 'Old Town', status: 'scheduled' }));
    await ada.openSurgery({ ward: 'Abbey' });

    const lists = await officer.call<OfficerWardLists>('GET', '/api/officers/wards');
    expect(lists.status).toBe(200);
    expect(lists.body.roster).toMatchObject({ wards: 2, councillors: 2, files: [path.join(folder, 'wards.csv')], problems: [] });
    expect(lists.body.postcodes).toMatchObject({ wards: 2, postcodes: 3, files: [path.join(folder, 'postcodes.csv')], problems: [] });
    expect(Date.parse(lists.body.roster!.loadedAt)).not.toBeNaN();
    expect(lists.body.unmatchedSurgeries.map((s) => s.ward)).toEqual(['Old Town']);

    writeFileSync(path.join(folder, 'postcodes.csv'), 'postcode,ward\nAB1 1AA,Abbey\nNOT A POSTCODE,Castle\n');
    await test.app.reloadWardLists();
    const after = (await officer.call<OfficerWardLists>('GET', '/api/officers/wards')).body;
    expect(after.postcodes).toMatchObject({ wards: 2, postcodes: 3 });
    expect(after.postcodes!.problems.join('\n')).toContain('line 3');
  });

  it('When a message to a resident cannot be delivered, then the officer sees the surgery, lobby tag and what failed, and nothing the resident said', async () => {
    const surgery = await ada.openSurgery({ ward: 'Abbey' });
    const jane = new Resident(test, 'msteams');
    await jane.checksIn(JANE);
    await test.app.settled();
    test.connector.fail(jane.conversationId, 403);
    const lobbyTag = (await ada.queue(surgery.id)).active[0]!.lobbyTag;
    await ada.admitNext(surgery.id);
    await test.app.settled();

    let messages: UndeliveredMessage[] = [];
    await eventually(async () => {
      messages = (await officer.call<{ messages: UndeliveredMessage[] }>('GET', '/api/officers/undelivered')).body.messages;
      return messages.length > 0;
    }, 'the undelivered message to be listed');
    expect(messages[0]).toMatchObject({ surgeryId: surgery.id, ward: 'Abbey', lobbyTag, channel: 'chat', attempts: 1 });
    expect(messages[0]!.error).not.toBe('');
    const said = JSON.stringify(messages);
    for (const secret of [JANE.name, JANE.postcode, JANE.issue, 'Zanzibar', 'Quibblesworth']) expect(said).not.toContain(secret);
  });

  it('When an officer filters the audit trail by surgery or by person, then only those lines come back, newest first', async () => {
    const abbey = await ada.openSurgery({ ward: 'Abbey' });
    await new Resident(test, 'webchat').checksIn(JANE);
    await ada.admitNext(abbey.id);
    await officer.call('POST', '/api/data-requests/search', { email: 'nobody@example.com' });

    const all = (await officer.call<AuditPage>('GET', '/api/officers/audit')).body;
    expect(all.surgeries.map((s) => s.id)).toContain(abbey.id);
    expect(all.lines.map((l) => l.action)).toEqual(expect.arrayContaining(['opened', 'admitted']));
    // The search that matched nobody is about no surgery, and still in the trail, saying how it searched but not for whom.
    const search = all.lines.find((l) => l.action === 'searched');
    expect(search).toMatchObject({ who: { name: DPO.name }, detail: 'by email; nothing found', visits: 0 });
    expect(search!.surgeryId).toBeUndefined();
    expect([...all.lines].sort((a, b) => b.at.localeCompare(a.at))).toEqual(all.lines);

    const byAda = (await officer.call<AuditPage>('GET', `/api/officers/audit?person=ada%20khan&surgery=${abbey.id}`)).body;
    expect(byAda.lines.length).toBeGreaterThan(0);
    expect(byAda.lines.every((l) => l.who.name === ADA.name && l.surgeryId === abbey.id)).toBe(true);
    const ofAbbey = (await officer.call<AuditPage>('GET', `/api/officers/audit?surgery=${abbey.id}`)).body.lines;
    expect(ofAbbey.map((l) => l.action)).not.toContain('searched');
    expect((await officer.call<AuditPage>('GET', '/api/officers/audit?person=nobody-at-all')).body.lines).toEqual([]);
    expect(JSON.stringify(all)).not.toContain(JANE.name);

    for (const bad of ['?person=a&person=b', `?person=${'x'.repeat(201)}`]) {
      expect(await officer.call('GET', `/api/officers/audit${bad}`)).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    }
  });
});
