import type { AuditEntry } from '../../bot/storage/ports';
import type { ResidentExport } from '../../bot/services/data-requests';
import { ConfigError, loadConfig } from '../../bot/config';
import { COUNCIL_TENANT, EntraUser, OTHER_TENANT } from '../support/fake-entra';
import {
  BARNABY,
  CASE_UPDATE,
  COUNCILLOR_MESSAGE,
  HERMIONE,
  OUTCOME,
  PHONED,
  RanSurgery,
  dumpTables,
  personalLeft,
  runSurgeryWithResidents,
} from '../support/resident-data';
import { SignedInTestApp, UserApi, startSignedInApp } from '../support/signed-in-app';
import { EventStream, TabApi } from '../support/test-app';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const DPO: EntraUser = { oid: '00000d90-0000-4000-8000-000000000009', name: 'Dana Protection', upn: 'Dana.Protection@council.example' };

describe('Subject access and erasure requests over real HTTP, with Teams sign-in', () => {
  let test: SignedInTestApp;
  let ada: UserApi;
  let officer: UserApi;
  let ran: RanSurgery;

  beforeEach(async () => {
    test = await startSignedInApp({
      // Both tenants may sign in, so only the officer's tenant tells her apart from an account elsewhere.
      env: { OFFICER_ACCOUNTS: `${COUNCIL_TENANT}/${DPO.oid}`, ALLOWED_TENANT_IDS: `${COUNCIL_TENANT},${OTHER_TENANT}` },
    });
    [ada, officer] = await Promise.all([test.as(ADA), test.as(DPO)]);
    ran = await runSurgeryWithResidents(test, ada);
    await test.app.settled();
  });

  afterEach(async () => {
    await test?.stop();
  });

  // Each entry as its surgery's partition holds it; the month partitions ("~month-…") hold copies.
  const auditRows = async (): Promise<AuditEntry[]> =>
    (await dumpTables(test.azurite.connectionString, `${test.config.storage.tablePrefix}audit`))
      .map(({ json }) => JSON.parse(json) as { partitionKey: string; data?: string })
      .filter((row) => !row.partitionKey.startsWith('~'))
      .map((row) => JSON.parse(row.data!) as AuditEntry);

  it.each(['search', 'export', 'erase'])(
    'When a councillor who is not an officer asks to %s, then it is 403 and nothing is done',
    async (action) => {
      const res = await ada.call('POST', `/api/data-requests/${action}`, { email: HERMIONE.contact });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'AUTH.OFFICERS_ONLY' });
      expect((await ada.queue(ran.surgeryId)).finished.map((row) => row.name)).toContain(HERMIONE.name);
    },
  );

  it.each<[string, EntraUser]>([
    ['someone in another tenant with the officer’s object id', { ...DPO, tid: OTHER_TENANT, upn: 'dana@partner.example' }],
    ['someone with the officer’s sign-in name but another object id', { ...DPO, oid: '00000d90-0000-4000-8000-0000000000ff' }],
  ])('When %s asks for an export, then it is 403 and nothing is exported', async (_, user) => {
    const impostor = await test.as(user);
    const res = await impostor.call('POST', '/api/data-requests/export', { email: HERMIONE.contact });
    expect(res).toMatchObject({ status: 403, body: { code: 'AUTH.OFFICERS_ONLY' } });
    expect(JSON.stringify(res.body)).not.toContain(HERMIONE.name);
  });

  it('When the officer, by tenant and object id, asks for an export, then it is 200', async () => {
    const res = await officer.call('POST', '/api/data-requests/export', { email: HERMIONE.contact });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain(HERMIONE.name);
  });

  it('When nobody is signed in, then it is 401', async () => {
    const res = await new TabApi(test.app.url).call('POST', '/api/data-requests/export', { email: HERMIONE.contact });
    expect(res.status).toBe(401);
  });

  it.each<[string, unknown, string]>([
    ['no key', {}, 'email'],
    ['two keys', { email: HERMIONE.contact, phone: '07700 900456' }, 'email'],
    ['an email that is not one', { email: 'hermione' }, 'email'],
    ['a number that is not a UK phone', { phone: '12345' }, 'phone'],
    ['a reference that is not text', { reference: ['SQ-1'] }, 'reference'],
    ['a field nobody asked for', { email: HERMIONE.contact, everything: true }, 'everything'],
    ['an array instead of an object', [HERMIONE.contact], 'email'],
    ['a JSON string', '"hermione"', 'email'],
  ])('When an officer sends %s, then it is 400 with the problem named, never 500', async (_, body, field) => {
    for (const action of ['search', 'export', 'erase']) {
      const res = await officer.call('POST', `/api/data-requests/${action}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INPUT.INVALID', problems: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
  });

  it('When an officer sends a body that is not JSON, then it is 400', async () => {
    const res = await officer.call('POST', '/api/data-requests/export', '{"email":', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
  });

  it('When an officer searches by email, phone, landline or case reference, then each finds that resident', async () => {
    const search = async (body: Record<string, string>) => (await officer.call('POST', '/api/data-requests/search', body)).body.matches;
    expect(await search({ email: 'Hermione.Quillfeather@example.com' })).toEqual([
      expect.objectContaining({
        surgeryId: ran.surgeryId,
        visits: [expect.objectContaining({ name: HERMIONE.name, caseReference: ran.caseReference })],
      }),
    ]);
    expect((await search({ mobile: BARNABY.contact }))[0].visits[0].name).toBe(BARNABY.name);
    expect((await search({ phone: PHONED.phone }))[0].visits[0].name).toBe(PHONED.name);
    expect((await search({ reference: ran.caseReference.toLowerCase() }))[0].visits[0].name).toBe(HERMIONE.name);
    expect(await search({ email: 'nobody@example.com' })).toEqual([]);
  });

  it('When an officer exports by email, then the JSON holds everything about that resident and nobody else, with who viewed and changed it', async () => {
    const res = await officer.call<ResidentExport>('POST', '/api/data-requests/export', { email: HERMIONE.contact });

    expect(res.status).toBe(200);
    const [held] = res.body.surgeries;
    expect(res.body.surgeries).toHaveLength(1);
    expect(held!.visits).toEqual([
      expect.objectContaining({
        name: HERMIONE.name,
        postcode: HERMIONE.postcode,
        issue: HERMIONE.issue,
        contact: { kind: 'email', value: HERMIONE.contact },
        accessNeeds: HERMIONE.accessNeeds,
        outcome: OUTCOME,
        messages: [expect.objectContaining({ text: COUNCILLOR_MESSAGE })],
        caseUpdates: [expect.objectContaining({ text: CASE_UPDATE, closesCase: true })],
      }),
    ]);
    expect(held!.chats).toHaveLength(1);
    expect(held!.statusLinks).toEqual([{ token: expect.any(String), surgeryId: ran.surgeryId, visitId: ran.hermioneVisitId }]);
    expect(held!.outboxEntries.length).toBeGreaterThan(0);
    expect(held!.outboxEntries.every((entry) => entry.visitId === undefined || entry.visitId === ran.hermioneVisitId)).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(BARNABY.name);
    const actions = held!.audit.map((entry) => `${entry.who.name}: ${entry.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'Cllr Ada Khan: viewed_queue',
        'Cllr Ada Khan: messaged',
        'Cllr Ada Khan: admitted',
        'Cllr Ada Khan: marked_seen',
        'Cllr Ada Khan: case_updated',
      ]),
    );
    expect(actions).not.toContain('Cllr Ada Khan: no_show');
    expect(res.body.foundBy).toBe('email');
  });

  it('When an officer erases by email, then that resident is anonymised everywhere, an export finds nothing, others are untouched, and every step is audited without their details', async () => {
    const erased = await officer.call('POST', '/api/data-requests/erase', { email: HERMIONE.contact });

    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ erased: expect.objectContaining({ visits: 1, chats: 1, statusLinks: 1 }), unfinishedSurgeryIds: [] });
    expect((await officer.call<ResidentExport>('POST', '/api/data-requests/export', { email: HERMIONE.contact })).body.surgeries).toEqual(
      [],
    );
    const byVisitId = await officer.call<ResidentExport>('POST', '/api/data-requests/export', { reference: ran.hermioneVisitId });
    expect(byVisitId.body.surgeries[0]!.visits[0]).toMatchObject({ name: '', anonymisedAt: expect.any(String), topic: 'waste' });
    expect(byVisitId.body.surgeries[0]!.chats).toEqual([]);
    expect(byVisitId.body.surgeries[0]!.statusLinks).toEqual([]);

    const hers = [
      HERMIONE.name,
      'Quillfeather',
      HERMIONE.postcode,
      HERMIONE.issue,
      HERMIONE.contact,
      HERMIONE.accessNeeds,
      COUNCILLOR_MESSAGE,
      OUTCOME,
      CASE_UPDATE,
      ran.caseReference,
    ];
    const stored = await dumpTables(test.azurite.connectionString, test.config.storage.tablePrefix);
    expect(personalLeft(stored, hers)).toEqual([]);
    expect(personalLeft(stored, [BARNABY.name, PHONED.name]).length).toBeGreaterThan(0);

    const audit = await auditRows();
    const byOfficer = audit.filter((entry) => entry.who.id === DPO.oid).map((entry) => entry.action);
    expect(byOfficer).toEqual(expect.arrayContaining(['erased', 'exported']));
    expect(audit.find((entry) => entry.action === 'erased')).toMatchObject({
      surgeryId: ran.surgeryId,
      visitIds: [ran.hermioneVisitId],
      who: { name: DPO.name },
    });
    expect(audit.find((entry) => entry.action === 'exported' && entry.surgeryId === undefined)).toMatchObject({
      detail: 'by email; nothing found',
    });
  });

  it('When the queue is viewed again within 15 minutes, then one viewing is recorded, and changes each get their own line', async () => {
    const viewsBefore = (await auditRows()).filter((entry) => entry.action === 'viewed_queue').length;
    await ada.queue(ran.surgeryId);
    await ada.queue(ran.surgeryId);
    const audit = await auditRows();
    expect(audit.filter((entry) => entry.action === 'viewed_queue')).toHaveLength(viewsBefore);
    expect(viewsBefore).toBe(1);
    expect(audit.filter((entry) => entry.action === 'admitted')).toHaveLength(3);
    expect(audit.find((entry) => entry.action === 'no_show')).toMatchObject({
      who: { id: ADA.oid, name: ADA.name },
      surgeryId: ran.surgeryId,
      visitIds: [expect.any(String)],
    });
    expect(audit.find((entry) => entry.action === 'added')).toMatchObject({ visitIds: [expect.any(String)] });
    expect(
      personalLeft(
        audit.map((entry) => ({ table: 'audit', json: JSON.stringify(entry) })),
        ran.personal,
      ),
    ).toEqual([]);
  });

  it('When a councillor opens the live queue, then the viewing is recorded under their id before anything is streamed', async () => {
    const other = await ada.openSurgery();
    const { ticket } = (await ada.call('POST', `/api/surgeries/${other.id}/stream-ticket`)).body as { ticket: string };
    const stream = new EventStream(`${test.app.url}/api/surgeries/${other.id}/stream?ticket=${encodeURIComponent(ticket)}`);
    try {
      await stream.waitFor(() => true);
      expect((await auditRows()).filter((entry) => entry.surgeryId === other.id && entry.action === 'viewed_queue')).toEqual([
        expect.objectContaining({ who: { id: ADA.oid, name: '' }, visitIds: [] }),
      ]);
    } finally {
      stream.close();
    }
  });
});

describe('OFFICER_ACCOUNTS at start', () => {
  const problemsOf = (accounts: string): string[] => {
    try {
      loadConfig({ LOCAL_MODE: 'true', OFFICER_ACCOUNTS: accounts });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it.each([
    ['a sign-in name alone', 'dana.protection@council.example'],
    ['a bare object id', DPO.oid],
    ['a tenant and a sign-in name', `${COUNCIL_TENANT}/dana.protection@council.example`],
    ['a right pair beside a sign-in name', `${COUNCIL_TENANT}/${DPO.oid}, dana.protection@council.example`],
  ])('When it names an officer by %s, then the server refuses to start and says what to write instead', (_, accounts) => {
    expect(problemsOf(accounts)).toEqual([
      expect.stringMatching(/^OFFICER_ACCOUNTS must be each officer as <tenant id>\/<object id>.*ambiguous/),
    ]);
  });

  it('When it names officers by tenant and object id, then each is read as that pair', () => {
    expect(
      loadConfig({ LOCAL_MODE: 'true', OFFICER_ACCOUNTS: ` ${COUNCIL_TENANT.toUpperCase()}/${DPO.oid} , ` }).auth.officerAccounts,
    ).toEqual([{ tenantId: COUNCIL_TENANT, objectId: DPO.oid }]);
  });
});
