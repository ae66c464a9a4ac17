import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QueueView } from '../../bot/api-types';
import { tabInChromium } from '../support/chromium';
import { Resident } from '../support/test-app';

const folder = mkdtempSync(path.join(tmpdir(), 'council-topics-'));
const topicsFile = path.join(folder, 'topics.txt');
writeFileSync(topicsFile, '# Riverside Council\nTrees and parks\nBins and fly-tipping\nSomething else\n');

describe("the council's own topics (TOPICS_FILE), in the tab in Chromium", () => {
  const chromium = tabInChromium({ env: { TOPICS_FILE: topicsFile } });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test("When the council lists its topics, then Seen offers exactly those, in its order, and the visit and the ward's figures read as chosen", async () => {
    const { testApp, page } = chromium;
    const surgery = await testApp.api.openSurgery();
    await new Resident(testApp, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'A fallen tree.' });
    await testApp.api.admitNext(surgery.id);
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByRole('button', { name: 'Seen Jane S · A1' }).click();

    const topic = page.getByRole('combobox', { name: 'Topic' });
    expect(await topic.locator('option').allTextContents()).toEqual([
      'Choose a topic',
      'Trees and parks',
      'Bins and fly-tipping',
      'Something else',
    ]);
    await topic.selectOption({ label: 'Trees and parks' });
    await page.getByRole('button', { name: 'Confirm seen' }).click();
    await page.getByText('Nobody is in the queue.').waitFor();

    const seen = (await testApp.api.call<QueueView>('GET', `/api/surgeries/${surgery.id}/queue`)).body.finished[0]!;
    expect(seen.topic).toBe('Trees and parks');
    // A topic from the default list is not the council's: refused, whoever sends it.
    const refused = await testApp.api.call('POST', `/api/surgeries/${surgery.id}/visits/${seen.visitId}/seen`, { topic: 'parking' });
    expect(refused).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID' } });
    const summary = await testApp.api.call('GET', `/api/surgeries/${surgery.id}/summary`);
    expect(JSON.stringify(summary.body)).toContain('Trees and parks');
  });
});
