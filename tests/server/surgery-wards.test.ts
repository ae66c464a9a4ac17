import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunningApp, startApp } from '../../bot/index';
import { Details, Logger } from '../../bot/logger';
import { TabApi, TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(60_000);

const ROSTER = [
  'ward code,ward name,councillor,email,entra object id',
  'E05009388,Abbey,Jane Smith,jane.smith@council.gov.uk,',
  'E05009389,St Mary’s,Raj Patel,raj.patel@council.gov.uk,',
].join('\n');

class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'error'; message: string; details: Details }[] = [];
  debug(): void {}
  info(message: string, details: Details = {}): void {
    this.lines.push({ level: 'info', message, details });
  }
  error(message: string, details: Details = {}): void {
    this.lines.push({ level: 'error', message, details });
  }
}

describe('Surgeries in the roster’s wards', () => {
  let root: string;
  let test: TestApp | undefined;
  let second: RunningApp | undefined;
  const rosterFile = () => path.join(root, 'wards.csv');

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'surgery-wards-'));
    writeFileSync(rosterFile(), ROSTER);
  });

  afterEach(async () => {
    await second?.stop();
    await test?.stop();
    second = undefined;
    test = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['its code', 'E05009389'],
    ['its name written another way', 'St. Marys Ward'],
  ])(
    'When a surgery is set up in a roster ward given by %s, then it is that ward, by code and by the roster’s name',
    async (_how, ward) => {
      test = await startTestApp({ env: { WARDS_FILE: rosterFile() } });

      const surgery = await test.api.openSurgery({ ward });

      expect({ ward: surgery.ward, wardCode: surgery.wardCode }).toEqual({ ward: 'St Mary’s', wardCode: 'E05009389' });
    },
  );

  it('When a surgery is set up in a ward the roster does not have, then it is refused with the wards to choose from', async () => {
    test = await startTestApp({ env: { WARDS_FILE: rosterFile() } });

    const refused = await test.api.call('POST', '/api/surgeries', {
      ward: 'Abbey North',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
    });

    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([{ field: 'ward', message: "Choose one of the council's wards: Abbey, St Mary’s." }]);
  });

  it('When a server starts with a roster over surgeries whose wards were typed by hand, then those that match are placed in their wards and the rest are listed in the log', async () => {
    test = await startTestApp();
    const typed = async (ward: string) => (await test!.api.openSurgery({ ward })).id;
    const abbey = await typed('abbey ward');
    const stMarys = await typed('St Marys');
    const hillside = await typed('Hillside');
    const log = new RecordingLogger();

    second = await startApp({ ...test.config, wards: { ...test.config.wards, rosterFile: rosterFile() } }, { logger: log });

    const surgeries = (await new TabApi(second.url).call('GET', '/api/surgeries')).body.surgeries as {
      id: string;
      ward: string;
      wardCode?: string;
    }[];
    expect(surgeries.map(({ id, ward, wardCode }) => ({ id, ward, wardCode }))).toEqual([
      { id: abbey, ward: 'Abbey', wardCode: 'E05009388' },
      { id: stMarys, ward: 'St Mary’s', wardCode: 'E05009389' },
      { id: hillside, ward: 'Hillside', wardCode: undefined },
    ]);
    expect(log.lines.find((l) => l.message === 'surgeries matched to the ward roster')?.details).toEqual({ surgeries: 2 });
    const unplaced = log.lines.find((l) => l.level === 'error' && l.message.startsWith('surgeries whose ward is not on the roster'));
    expect(unplaced?.details).toEqual({ surgeries: [expect.objectContaining({ id: hillside, ward: 'Hillside', status: 'open' })] });
    const forOfficers = await new TabApi(second.url).call('GET', '/api/officers/wards');
    expect(forOfficers.body.unmatchedSurgeries).toEqual([expect.objectContaining({ id: hillside, ward: 'Hillside', status: 'open' })]);
  });

  it('When two roster wards’ names read the same in an address, then public pages and calendars use the roster’s addresses, each with its own ward’s surgeries', async () => {
    writeFileSync(
      rosterFile(),
      ['ward code,ward name,councillor,email', 'E05000010,St Mary’s & Priory,,', 'E05000011,St Marys Priory,,'].join('\n'),
    );
    test = await startTestApp({ env: { WARDS_FILE: rosterFile() } });
    const first = await test.api.openSurgery({ ward: 'E05000010', councillors: ['Cllr First'] });
    await test.api.call('POST', `/api/surgeries/${first.id}/end`);
    const tomorrow = new Date(Date.now() + 86_400_000);
    const plan = { joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0', startsAt: tomorrow.toISOString() };
    await test.api.call('POST', '/api/surgeries', { ...plan, ward: 'E05000010', councillors: ['Cllr Ampersand'] });
    await test.api.call('POST', '/api/surgeries', { ...plan, ward: 'E05000011', councillors: ['Cllr Plain'] });
    const get = async (path: string) => (await fetch(`${test!.app.url}${path}`)).text();

    const listing = await get('/surgeries');
    expect(listing).toContain('href="/surgeries/ward/st-marys-priory-e05000010"');
    expect(listing).toContain('href="/surgeries/ward/st-marys-priory-e05000011"');
    const ampersand = await get('/surgeries/ward/st-marys-priory-e05000010');
    expect(ampersand).toContain('Cllr Ampersand');
    expect(ampersand).not.toContain('Cllr Plain');
    // Residents read names: the code is only in the address, in lower case, where two names read alike.
    for (const text of [listing, ampersand]) expect(text).not.toMatch(/E0500001[01]/);
    expect(ampersand).toContain('St Mary’s &amp; Priory');
    const feed = (await get('/surgeries/ward/st-marys-priory-e05000011.ics')).replace(/\r\n[ \t]/g, '').split('\r\n');
    expect(feed.find((line) => line.startsWith('DESCRIPTION:'))).toContain('Cllr Plain');
    // Calendar software can tell the two wards apart by code; people read the name.
    expect(feed).toContain('X-WARD-CODE:E05000011');
    expect(feed).toContain('CATEGORIES:St Marys Priory ward');
    expect((await fetch(`${test.app.url}/surgeries/ward/st-marys-priory`)).status).toBe(404);
  });
});
