import { writeFileSync } from 'node:fs';
import type { WardChoices } from '../../bot/api-types';
import { londonMonth } from '../../bot/domain/statistics';
import { COUNCIL_TENANT, EntraUser, OTHER_TENANT } from '../support/fake-entra';
import { SignedInTestApp, startSignedInApp, TEST_ROSTER, UserApi } from '../support/signed-in-app';
import { Resident } from '../support/test-app';

// The roster (TEST_ROSTER): Ada represents Abbey and Castle, Omar the neighbouring Riverside, Market has nobody.
const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-0000000000a1', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const BEN: EntraUser = { oid: '0000be00-0000-4000-8000-0000000000b2', name: 'Cllr Ben Ode', upn: 'ben.ode@council.example' };
const OMAR: EntraUser = { oid: '00000002-0000-4000-8000-0000000000c3', name: 'Cllr Omar Farouk', upn: 'omar.farouk@council.example' };
const OFFICER: EntraUser = { oid: '0000cafe-0000-4000-8000-0000000000d4', name: 'Cat Orr', upn: 'cat.orr@council.example' };
// A partner council's tenant, allowed to sign in, whose account carries Ada's work email as its sign-in name.
const PARTNER: EntraUser = {
  oid: '0000f00d-0000-4000-8000-0000000000e5',
  name: 'Ada Khan',
  upn: 'ada.khan@council.example',
  tid: OTHER_TENANT,
};

const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_wards%40thread.v2/0';
const MEETING = 'MCMxOTptZWV0aW5nX3dhcmRzQHRocmVhZC52MiMw';
const month = () => londonMonth(new Date().toISOString());

type Rule =
  /** Nothing about anyone: residents, Teams and the tab's own start-up reach it without signing in. */
  | 'public'
  /** About one surgery: its ward's councillors, officers and councillors added to it only. */
  | 'surgery'
  /** About one ward: its councillors and officers only. */
  | 'ward'
  /** Officers only. */
  | 'officers'
  /** Opened with a stream ticket, which only a surgery's own councillors are given. */
  | 'ticket'
  /** Each caller gets only what is theirs: tested on its own below. */
  | 'their own';

/** Every API route and who may use it. Pages outside /api/ are residents' and the tab's, public by design. */
const RULES: Record<string, Rule> = {
  'GET /api/info': 'public',
  'POST /api/messages': 'public',
  'POST /api/directline/token': 'public',
  'GET /api/surgeries': 'their own',
  'POST /api/surgeries': 'their own',
  'GET /api/wards': 'their own',
  'GET /api/meetings/surgery': 'their own',
  'GET /api/meetings/details': 'their own',
  'GET /api/surgeries/:surgeryId/queue': 'surgery',
  'POST /api/surgeries/:surgeryId/stream-ticket': 'surgery',
  'GET /api/surgeries/:surgeryId/stream': 'ticket',
  'POST /api/surgeries/:surgeryId/open': 'surgery',
  'POST /api/surgeries/:surgeryId/end': 'surgery',
  'POST /api/surgeries/:surgeryId/reopen': 'surgery',
  'POST /api/surgeries/:surgeryId/cancel': 'surgery',
  'PATCH /api/surgeries/:surgeryId': 'surgery',
  'POST /api/surgeries/:surgeryId/pause': 'surgery',
  'POST /api/surgeries/:surgeryId/resume': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/undo': 'surgery',
  'POST /api/surgeries/:surgeryId/admit-next': 'surgery',
  'POST /api/surgeries/:surgeryId/visits': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/admit': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/joined': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/no-show': 'surgery',
  'POST /api/surgeries/:surgeryId/bookings/:bookingId/no-show': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/seen': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/messages': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/case-updates': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/not-reached': 'surgery',
  'POST /api/surgeries/:surgeryId/visits/:visitId/follow-up-done': 'surgery',
  'GET /api/surgeries/:surgeryId/follow-ups': 'surgery',
  'GET /api/surgeries/:surgeryId/summary': 'surgery',
  'GET /api/wards/:ward/report': 'ward',
  'GET /api/wards/:ward/visits.csv': 'ward',
  'POST /api/data-requests/search': 'officers',
  'POST /api/data-requests/export': 'officers',
  'POST /api/data-requests/erase': 'officers',
  'GET /api/officers/wards': 'officers',
  'GET /api/officers/undelivered': 'officers',
  'GET /api/officers/audit': 'officers',
};

describe('Who may do what follows the ward roster, on every route', () => {
  let test: SignedInTestApp;
  let ada: UserApi;
  let ben: UserApi;
  let omar: UserApi;
  let officer: UserApi;
  let partner: UserApi;
  let surgeryId: string;
  let visitId: string;

  beforeAll(async () => {
    test = await startSignedInApp({
      env: { ALLOWED_TENANT_IDS: `${COUNCIL_TENANT},${OTHER_TENANT}`, OFFICER_ACCOUNTS: `${COUNCIL_TENANT}/${OFFICER.oid}` },
    });
    [ada, ben, omar, officer, partner] = await Promise.all([ADA, BEN, OMAR, OFFICER, PARTNER].map((user) => test.as(user)));
    surgeryId = (await ada.openSurgery({ ward: 'Abbey', meetingId: MEETING, joinUrl: JOIN_URL, councillorAccounts: [BEN.upn] })).id;
    await new Resident(test, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'The streetlight is broken' });
    visitId = (await ada.queue(surgeryId)).active[0]!.visitId;
  });

  afterAll(async () => {
    await test?.stop();
  });

  const apiRoutes = () =>
    test.app
      .routes()
      .map((route) => `${route.method.toUpperCase()} ${route.path}`)
      .filter((route) => route.split(' ')[1]!.startsWith('/api/'));

  it('When the server serves an API route, then this test says who may use it (a new route without a rule fails here)', () => {
    expect(apiRoutes().filter((route) => !(route in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((route) => !apiRoutes().includes(route))).toEqual([]);
  });

  const address = (route: string): [method: string, path: string] => {
    const [method, path] = route.split(' ') as [string, string];
    const filled = path
      .replace(':surgeryId', surgeryId)
      .replace(':visitId', visitId)
      .replace(':bookingId', 'no-such-booking')
      .replace(':ward', 'E05000001');
    return [method, filled.includes('/api/wards/') ? `${filled}?month=${month()}` : filled];
  };

  const guarded = (rule: Rule) => Object.keys(RULES).filter((route) => RULES[route] === rule);

  it.each([
    ['a councillor of the neighbouring ward', () => omar],
    ['a partner tenant’s account with a councillor’s email as its sign-in name', () => partner],
  ])('When %s calls any surgery, ward or officers’ route, then every answer is 403 with nothing about residents', async (_who, api) => {
    for (const route of [...guarded('surgery'), ...guarded('ward'), ...guarded('officers')]) {
      const [method, path] = address(route);
      const res = await api().call(method, path, method === 'POST' ? { email: 'jane@example.com' } : undefined);
      expect([route, res.status]).toEqual([route, 403]);
      expect(JSON.stringify(res.body)).not.toMatch(/Jane|streetlight|SW1A/);
    }
    expect((await ada.queue(surgeryId)).active[0]).toMatchObject({ status: 'waiting', name: 'Jane Smith' });
  });

  it('When someone who may not run the surgery asks for the live stream, then they get no ticket, and no stream without one', async () => {
    for (const api of [omar, partner]) expect((await api.call('POST', `/api/surgeries/${surgeryId}/stream-ticket`)).status).toBe(403);
    expect((await test.api.call('GET', `/api/surgeries/${surgeryId}/stream`)).status).toBe(401);
  });

  it('When the ward’s councillor or an officer calls the surgery and ward routes, then they are let in', async () => {
    for (const api of [ada, officer]) {
      for (const route of ['GET /api/surgeries/:surgeryId/queue', 'GET /api/surgeries/:surgeryId/summary', ...guarded('ward')]) {
        const [method, path] = address(route);
        expect([route, (await api.call(method, path)).status]).toEqual([route, 200]);
      }
    }
  });

  it('When a councillor the organiser added calls, then they run that surgery but not the ward’s other surgeries, report or export', async () => {
    expect((await ben.call('GET', `/api/surgeries/${surgeryId}/queue`)).status).toBe(200);
    const another = await ada.openSurgery({ ward: 'Abbey', startsAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await ben.call('GET', `/api/surgeries/${another.id}/queue`)).status).toBe(403);
    for (const route of guarded('ward')) expect([route, (await ben.call(...address(route))).status]).toEqual([route, 403]);
    expect((await ben.call('GET', '/api/surgeries')).body.surgeries.map((s: { id: string }) => s.id)).toEqual([surgeryId]);
  });

  it('When a councillor of another ward sets up a throwaway surgery, then they cannot place it in Abbey, and their own does not open Abbey’s report', async () => {
    const inAbbey = await omar.call('POST', '/api/surgeries', { ward: 'Abbey', joinUrl: JOIN_URL, councillors: ['Omar'] });
    expect(inAbbey).toMatchObject({ status: 403, body: { code: 'SURGERY.COUNCILLORS_ONLY' } });
    const byCode = await omar.call('POST', '/api/surgeries', { ward: 'E05000001', joinUrl: JOIN_URL, councillors: ['Omar'] });
    expect(byCode.status).toBe(403);
    const own = await omar.call('POST', '/api/surgeries', { ward: 'Riverside', joinUrl: JOIN_URL, councillors: ['Omar'] });
    expect(own).toMatchObject({ status: 201, body: { ward: 'Riverside', wardCode: 'E05000003' } });
    expect((await omar.call('GET', `/api/wards/Abbey/report?month=${month()}`)).status).toBe(403);
    expect((await omar.call('GET', `/api/wards/E05000003/report?month=${month()}`)).status).toBe(200);
  });

  it('When a partner tenant’s account sets up a surgery in any ward, then it is refused', async () => {
    for (const ward of ['Abbey', 'Castle', 'Riverside', 'Market']) {
      const res = await partner.call('POST', '/api/surgeries', { ward, joinUrl: JOIN_URL, councillors: ['Ada'] });
      expect([ward, res.status]).toEqual([ward, 403]);
    }
    expect((await partner.call('GET', '/api/surgeries')).body.surgeries).toEqual([]);
    expect((await partner.call<WardChoices>('GET', '/api/wards')).body).toEqual({ roster: true, wards: [] });
  });

  it('When the set-up form asks which wards to offer, then a councillor gets their own wards and an officer every ward', async () => {
    expect((await ada.call<WardChoices>('GET', '/api/wards')).body).toEqual({
      roster: true,
      wards: [
        { code: 'E05000001', name: 'Abbey' },
        { code: 'E05000002', name: 'Castle' },
      ],
    });
    expect((await omar.call<WardChoices>('GET', '/api/wards')).body.wards).toEqual([{ code: 'E05000003', name: 'Riverside' }]);
    expect((await officer.call<WardChoices>('GET', '/api/wards')).body.wards.map((w) => w.name)).toEqual([
      'Abbey',
      'Castle',
      'Market',
      'Riverside',
    ]);
    const inMarket = await officer.call('POST', '/api/surgeries', { ward: 'Market', joinUrl: JOIN_URL, councillors: ['Cat Orr'] });
    expect(inMarket).toMatchObject({ status: 201, body: { wardCode: 'E05000004' } });
  });

  it('When the meeting’s side panel is opened by someone who may not run its surgery, then it is refused and the meeting’s surgeries are not listed', async () => {
    const meeting = encodeURIComponent(MEETING);
    for (const api of [omar, partner]) {
      expect((await api.call('GET', `/api/meetings/surgery?meetingId=${meeting}`)).status).toBe(403);
      expect((await api.call('GET', `/api/surgeries?meetingId=${meeting}`)).body.surgeries).toEqual([]);
      expect((await api.call('GET', `/api/meetings/details?meetingId=${meeting}`)).status).toBe(404);
    }
    expect((await ada.call('GET', `/api/meetings/surgery?meetingId=${meeting}`)).body).toMatchObject({ id: surgeryId });
  });

  // Last: it changes the roster the other tests rely on.
  it('When Ada is taken off Abbey on the roster, then once it is read again she no longer runs Abbey’s surgeries or reads its report', async () => {
    writeFileSync(
      test.config.wards.rosterFile,
      TEST_ROSTER.replace('E05000001,Abbey,Ada Khan,ada.khan@council.example', 'E05000001,Abbey,,'),
    );
    await test.app.reloadWardLists();
    expect((await ada.call('GET', `/api/surgeries/${surgeryId}/queue`)).status).toBe(403);
    expect((await ada.call('GET', `/api/wards/E05000001/report?month=${month()}`)).status).toBe(403);
    expect((await ada.call('GET', `/api/wards/E05000002/report?month=${month()}`)).status).toBe(200);
    expect((await ben.call('GET', `/api/surgeries/${surgeryId}/queue`)).status).toBe(200);
    expect((await officer.call('GET', `/api/surgeries/${surgeryId}/queue`)).status).toBe(200);
  });
});
