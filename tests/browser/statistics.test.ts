import { seriousAxeProblems } from '../support/axe';
import { readFile } from 'node:fs/promises';
import { Page } from 'playwright-core';
import { appInChromium, SIDE_PANEL } from '../support/chromium';
import { Resident, startTestApp, TestApp } from '../support/test-app';

describe('surgery summary and ward report in Chromium', () => {
  const chromium = appInChromium(() => startTestApp(), { ...SIDE_PANEL, acceptDownloads: true });
  let testApp: TestApp;
  let page: Page;

  beforeEach(() => {
    ({ app: testApp, page } = chromium);
  });

  async function surgeryWithResidents(): Promise<string> {
    const surgery = await testApp.api.openSurgery({ ward: 'Abbey' });
    await new Resident(testApp, 'webchat').checksIn({
      name: 'Zebedee Quartermaine',
      postcode: 'W1A 0AX',
      issue: 'Sinkhole on Marmalade Lane',
    });
    await new Resident(testApp, 'msteams').checksIn({
      name: 'Ottoline Fairweather',
      postcode: 'EC1A 1BB',
      issue: 'Heron nest behind the library',
    });
    const called = (await testApp.api.admitNext(surgery.id)).body.called;
    await testApp.api.call('POST', `/api/surgeries/${surgery.id}/visits/${called.visitId}/seen`, { outcome: 'Case HW-4471' });
    return surgery.id;
  }

  test('When the councillor opens the summary, then it shows the live figures and an accessible chart, and axe finds nothing serious', async () => {
    const surgeryId = await surgeryWithResidents();
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgeryId}`);

    await page.getByRole('button', { name: 'Summary' }).click();
    const figures = page.getByRole('table', { name: 'This surgery so far' });
    await figures.waitFor();
    expect(await figures.getByRole('row', { name: /^Checked in/ }).textContent()).toContain('2');
    expect(await figures.getByRole('row', { name: /^Seen/ }).textContent()).toContain('1');
    expect(await figures.getByRole('row', { name: /^Inside the ward/ }).textContent()).toContain('Not recorded yet');
    expect(await figures.getByRole('row', { name: /^How residents reached us/ }).textContent()).toMatch(
      /Teams 1, Web chat 1|Web chat 1, Teams 1/,
    );

    // Live: a new resident shows up in the open summary without a reload.
    await new Resident(testApp, 'webchat').checksIn({ name: 'Barnaby Ravenscroft', postcode: 'M60 2LA', issue: 'Bins' });
    await figures.getByRole('row', { name: /^Checked in\s*3/ }).waitFor();

    expect(await seriousAxeProblems(page)).toEqual([]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
  });

  test('When the surgery has run a while, then the chart is an image with a label and its figures are in a table', async () => {
    const start = Date.now() - 30 * 60_000;
    const surgery = await testApp.api.openSurgery({
      ward: 'Abbey',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3_600_000).toISOString(),
    });
    await new Resident(testApp, 'webchat').checksIn({ name: 'Zebedee Quartermaine', postcode: 'W1A 0AX', issue: 'Sinkhole' });
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'Summary' }).click();
    const chart = page.getByRole('img', { name: /^Bar chart of residents waiting/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('Most waiting at once: 1');
    await page.getByRole('img', { name: /^Line chart of the longest wait/ }).waitFor();
    const table = page.getByRole('table', { name: 'The queue every few minutes' });
    expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(7);
    expect(await seriousAxeProblems(page)).toEqual([]);
  });

  test('When the figures arrive after the summary opens, then the ward report link stays where it was, so a press meant for it still lands on it', async () => {
    const surgeryId = await surgeryWithResidents();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/surgeries/*/summary', async (route) => {
      await answered;
      await route.continue();
    });
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgeryId}`);
    await page.getByRole('button', { name: 'Summary' }).click();
    const link = page.getByRole('link', { name: 'Abbey ward report, month by month' });
    await page.getByText('Working out the figures…').waitFor();
    const before = await link.boundingBox();

    answer();
    await page.getByRole('table', { name: 'This surgery so far' }).waitFor();
    expect(await link.boundingBox()).toEqual(before);
  });

  test('When the councillor opens the ward report and downloads the CSV, then it has the anonymous rows only', async () => {
    const surgeryId = await surgeryWithResidents();
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgeryId}`);
    await page.getByRole('button', { name: 'Summary' }).click();
    await page.getByRole('link', { name: 'Abbey ward report, month by month' }).click();

    await page.getByRole('heading', { level: 1, name: 'Abbey ward report' }).waitFor();
    await page.getByRole('table', { name: /^All surgeries in / }).waitFor();
    await page.getByRole('table', { name: 'Six months' }).waitFor();
    expect(await seriousAxeProblems(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download visits (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^abbey-visits-\d{4}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFrow,surgery,')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    for (const secret of ['Zebedee', 'Quartermaine', 'W1A', 'Marmalade', 'Ottoline', 'EC1A', 'Heron', 'HW-4471'])
      expect(csv).not.toContain(secret);
  });
});
