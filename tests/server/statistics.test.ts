import type { SurgeryStatistics, WardReport } from '../../bot/api-types';
import { londonMonth } from '../../bot/domain/statistics';
import { EntraUser } from '../support/fake-entra';
import { SignedInTestApp, startSignedInApp } from '../support/signed-in-app';
import { Resident, startTestApp, TestApp } from '../support/test-app';

const thisMonth = (): string => londonMonth(new Date().toISOString());

const RESIDENTS = [
  {
    name: 'Zebedee Quartermaine',
    postcode: 'W1A 0AX',
    issue: 'Sinkhole on Marmalade Lane',
    contact: 'zebedee@example.com',
    accessNeeds: 'BSL interpreter',
  },
  { name: 'Ottoline Fairweather', postcode: 'EC1A 1BB', issue: '=HYPERLINK("http://evil.example") flytipping', contact: '07700 900123' },
  { name: 'Barnaby Ravenscroft', postcode: 'M60 2LA', issue: 'Noisy heron nest behind the library' },
];

describe('surgery and ward figures over HTTP (local mode)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp();
  });

  afterAll(async () => {
    await test?.stop();
  });

  /** An ended surgery in the ward: one resident seen, one left, one not reached. Ended, so the next can open. */
  async function heldSurgery(ward: string): Promise<string> {
    const surgery = await test.api.openSurgery({ ward });
    const residents = RESIDENTS.map(() => new Resident(test, 'webchat'));
    for (const [index, resident] of residents.entries()) await resident.checksIn(RESIDENTS[index]!);
    const first = (await test.api.admitNext(surgery.id)).body.called;
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${first.visitId}/joined`);
    await test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${first.visitId}/seen`, {
      outcome: 'Raised with highways, case HW-4471',
    });
    await residents[1]!.says('leave');
    await test.api.call('POST', `/api/surgeries/${surgery.id}/end`);
    return surgery.id;
  }

  it('When a surgery has run, then its summary counts residents by outcome and channel, with waits and a timeline', async () => {
    const surgeryId = await heldSurgery('Summary Ward');

    const { status, body } = await test.api.call<SurgeryStatistics>('GET', `/api/surgeries/${surgeryId}/summary`);

    expect(status).toBe(200);
    expect(body.figures).toMatchObject({
      checkedIn: 3,
      seen: 1,
      left: 1,
      notReached: 1,
      inProgress: 0,
      channels: [{ label: 'Web chat', count: 3 }],
    });
    expect(body.figures.wait.count).toBe(1);
    expect(body.figures.consultation.count).toBe(1);
    expect(body.figures.ward).toEqual({ recorded: false });
    expect(body.timeline.length).toBeGreaterThan(0);
  });

  it('When the summary of a surgery that does not exist is asked for, then it is 404', async () => {
    expect((await test.api.call('GET', '/api/surgeries/no-such-surgery/summary')).status).toBe(404);
  });

  it("When a ward's month is asked for, then it lists its surgeries and a six-month trend", async () => {
    await heldSurgery('Report Ward');
    await heldSurgery('report ward');

    const { status, body } = await test.api.call<WardReport>(
      'GET',
      `/api/wards/${encodeURIComponent('Report Ward')}/report?month=${thisMonth()}`,
    );

    expect(status).toBe(200);
    expect(body.surgeries).toHaveLength(2);
    expect(body.figures).toMatchObject({ checkedIn: 6, seen: 2 });
    expect(body.trend.map((m) => m.month).at(-1)).toBe(thisMonth());
    expect(body.trend.at(-1)?.surgeries).toBe(2);
  });

  it.each(['2025-13', 'March', '2025-3'])('When the month is %j, then the report is refused as 400', async (month) => {
    expect((await test.api.call('GET', `/api/wards/Abbey/report?month=${encodeURIComponent(month)}`)).status).toBe(400);
  });

  it('When the visits are exported, then the CSV opens in Excel and holds no personal data', async () => {
    const surgeryId = await heldSurgery('Export Ward');
    const view = await test.api.queue(surgeryId);

    const res = await fetch(`${test.app.url}/api/wards/${encodeURIComponent('Export Ward')}/visits.csv?month=${thisMonth()}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="export-ward-visits-${thisMonth()}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'row,surgery,surgery_date,checked_in_time,channel,outcome,wait_minutes,consultation_minutes,topic,ward_check,booked_or_drop_in',
    );
    expect(lines.slice(1, 4).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(['1,1', '2,1', '3,1']);
    expect(lines[4]).toBe('');
    expect(
      lines
        .slice(1, 4)
        .map((line) => line.split(',')[5])
        .sort(),
    ).toEqual(['left', 'not_reached', 'seen']);
    const personal = [
      ...RESIDENTS.flatMap((r) => [r.name, ...r.name.split(' '), r.postcode, r.issue, r.issue.slice(0, 12)]),
      'zebedee@example.com',
      '07700',
      '+447700',
      'BSL',
      'HW-4471',
      'HYPERLINK',
      'Cllr Ada Khan',
      surgeryId,
      ...[...view.active, ...view.finished].flatMap((row) => [row.visitId, row.lobbyTag]),
    ];
    for (const secret of personal) expect(text).not.toContain(secret);
  });

  it('When a ward has no surgeries that month, then the CSV holds just the header', async () => {
    const res = await fetch(`${test.app.url}/api/wards/Nowhere/visits.csv?month=2020-01`);
    expect(res.status).toBe(200);
    // fetch's text() drops the BOM, which the export test above checks byte by byte.
    expect((await res.text()).split('\r\n')).toEqual([
      'row,surgery,surgery_date,checked_in_time,channel,outcome,wait_minutes,consultation_minutes,topic,ward_check,booked_or_drop_in',
      '',
    ]);
  });
});

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-0000000000a1', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const BEN: EntraUser = { oid: '0000be00-0000-4000-8000-0000000000b2', name: 'Cllr Ben Ode', upn: 'ben.ode@council.example' };
const OMAR: EntraUser = { oid: '00000002-0000-4000-8000-0000000000c3', name: 'Cllr Omar Farouk', upn: 'omar.farouk@council.example' };

describe('who sees figures (signed in)', () => {
  let test: SignedInTestApp;
  let surgeryId: string;

  beforeAll(async () => {
    test = await startSignedInApp();
    const ada = await test.as(ADA);
    surgeryId = (await ada.openSurgery({ ward: 'Abbey', councillorAccounts: [BEN.upn] })).id;
  });

  afterAll(async () => {
    await test?.stop();
  });

  const paths = (): string[] => [
    `/api/surgeries/${surgeryId}/summary`,
    `/api/wards/Abbey/report?month=${thisMonth()}`,
    `/api/wards/Abbey/visits.csv?month=${thisMonth()}`,
  ];

  it('When a councillor of the ward asks, then the summary, report and export are theirs to see, the ward named by its code or its name', async () => {
    const ada = await test.as(ADA);
    for (const path of [...paths(), `/api/wards/E05000001/report?month=${thisMonth()}`])
      expect([path, (await ada.call('GET', path)).status]).toEqual([path, 200]);
    expect((await ada.call('GET', `/api/wards/E05000001/report?month=${thisMonth()}`)).body).toMatchObject({
      ward: 'Abbey',
      wardCode: 'E05000001',
      surgeries: [{ surgeryId }],
    });
  });

  it('When a councillor the organiser added asks, then the surgery’s summary is theirs but the ward’s report and export are not', async () => {
    const ben = await test.as(BEN);
    const [summary, report, csv] = paths();
    expect((await ben.call('GET', summary!)).status).toBe(200);
    for (const path of [report!, csv!]) expect([path, (await ben.call('GET', path)).status]).toEqual([path, 403]);
  });

  it('When a councillor of another ward asks, then all three are refused with 403', async () => {
    const omar = await test.as(OMAR);
    for (const path of paths()) {
      const { status, body } = await omar.call('GET', path);
      expect([path, status, body.code]).toEqual([path, 403, 'SURGERY.COUNCILLORS_ONLY']);
    }
  });

  it('When someone asks for a ward not on the roster, then it is 403, so ward names are not given away', async () => {
    const ada = await test.as(ADA);
    expect((await ada.call('GET', `/api/wards/Nowhere/report?month=${thisMonth()}`)).status).toBe(403);
  });

  it('When nobody is signed in, then all three are refused with 401', async () => {
    for (const path of paths()) expect([path, (await test.api.call('GET', path)).status]).toEqual([path, 401]);
  });
});
