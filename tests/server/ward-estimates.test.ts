import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resident, TestApp, startTestApp } from '../support/test-app';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const ROSTER = [
  'ward code,ward name,councillor,email,entra object id',
  'E05009388,Abbey,Jane Smith,jane.smith@council.gov.uk,',
  'E05009389,St Mary’s,Raj Patel,raj.patel@council.gov.uk,',
].join('\n');

describe("A surgery's first estimates come from its ward's past consultations", () => {
  let root: string;
  let test: TestApp;
  // Real time with an offset the test moves forward, so consultations can take forty minutes.
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'ward-estimates-'));
    writeFileSync(path.join(root, 'wards.csv'), ROSTER);
    test = await startTestApp({ clock, env: { WARDS_FILE: path.join(root, 'wards.csv') } });
  });

  afterAll(async () => {
    await test?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const surgeryIn = (ward: string) =>
    test.api.openSurgery({ ward, startsAt: clock().toISOString(), endsAt: new Date(clock().getTime() + 240 * MINUTE).toISOString() });

  /** Minutes until the second resident is expected to be called, once the first has just been called. */
  async function secondResidentWaits(ward: string): Promise<number> {
    const surgery = await surgeryIn(ward);
    for (const name of ['Ann Lee', 'Bob Marsh']) await new Resident(test).checksIn({ name, postcode: 'SW1A 1AA', issue: 'The park gates' });
    await test.api.admitNext(surgery.id);
    const second = (await test.api.queue(surgery.id)).active.find((r) => r.status === 'waiting')!;
    // Ended, so a resident saying hello next is not asked which surgery they came for.
    await test.api.call('POST', `/api/surgeries/${surgery.id}/end`);
    return (Date.parse(second.estimatedAdmitAt!) - clock().getTime()) / MINUTE;
  }

  it('When a ward’s last surgery had long consultations, then its next surgery’s first estimates are longer than another ward’s', async () => {
    const earlier = await surgeryIn('Abbey');
    for (let i = 0; i < 5; i++) await new Resident(test).checksIn({ name: `Resident ${i}`, postcode: 'SW1A 1AA', issue: 'Planning' });
    for (let i = 0; i < 5; i++) {
      const { called } = (await test.api.admitNext(earlier.id)).body;
      await test.api.call('POST', `/api/surgeries/${earlier.id}/visits/${called.visitId}/joined`);
      offset += 40 * MINUTE;
      await test.api.call('POST', `/api/surgeries/${earlier.id}/visits/${called.visitId}/seen`, { outcome: 'Talked it through.' });
    }
    expect((await test.api.call('POST', `/api/surgeries/${earlier.id}/end`)).status).toBe(200);

    const abbey = await secondResidentWaits('Abbey');
    const stMarys = await secondResidentWaits('St Mary’s');

    expect(stMarys).toBeGreaterThan(5);
    expect(abbey).toBeGreaterThan(1.3 * stMarys);
  });
});
