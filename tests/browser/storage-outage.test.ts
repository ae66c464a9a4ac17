import { ACTION_KEY, ACTION_KEY_HEADER } from '../../bot/api-types';
import { loadConfig } from '../../bot/config';
import { tabInChromium } from '../support/chromium';
import { eventually } from '../support/patience';
import { Resident } from '../support/test-app';

describe('The councillors tab while storage is down', () => {
  // Production's limit on a call to storage, which is what makes a silent storage answer quickly.
  const chromium = tabInChromium({
    storageProxy: true,
    env: { STORAGE_CALL_TIMEOUT_MS: String(loadConfig({ LOCAL_MODE: 'true' }).storage.callTimeoutMs) },
  });

  test.each([
    ['refuses every connection', 'refusing'],
    ['stops answering', 'blackhole'],
  ] as const)(
    'When storage %s, then Admit next says storage is unreachable, and once it is back the same press calls the resident',
    async (_how, line) => {
      const { testApp, page } = chromium;
      const surgery = await testApp.api.openSurgery();
      await new Resident(testApp, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Bins not collected.' });
      await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
      await page.getByRole('heading', { name: 'Jane S · A1' }).waitFor();

      testApp.storage!.set(line);
      await page.getByRole('button', { name: 'Admit next' }).click();
      await page.getByText('Storage is unreachable — try again in a moment.').waitFor();

      testApp.storage!.set('up');
      await page.getByRole('button', { name: 'Admit next' }).click();
      await page.getByText('Jane S · A1 has been called.').waitFor();
      expect((await testApp.api.queue(surgery.id)).active).toMatchObject([{ lobbyTag: 'Jane S · A1', status: 'called' }]);
    },
  );

  test('When the answer to Admit next is lost after it was done, then the second press sends the same key and calls the same resident; the next press after an answer sends a new key', async () => {
    const { testApp, page } = chromium;
    const surgery = await testApp.api.openSurgery();
    for (const name of ['Jane Smith', 'Sam Green', 'Ola Ade'])
      await new Resident(testApp, 'webchat').checksIn({ name, postcode: 'SW1A 1AA', issue: 'Bins not collected.' });
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByRole('heading', { name: 'Jane S · A1' }).waitFor();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/admit-next')) keys.push(request.headers()[ACTION_KEY_HEADER.toLowerCase()] ?? '');
    });

    testApp.storage!.loseAnswerTo(/^POST \S*\$batch/);
    await page.getByRole('button', { name: 'Admit next' }).click();
    await page.getByText('Storage is unreachable — try again in a moment.').waitFor();
    // Storage is known to be down for a moment after a call it did not answer: the councillor presses until it is back.
    await eventually(async () => {
      const answered = page.waitForResponse((response) => response.url().endsWith('/admit-next'));
      await page.getByRole('button', { name: 'Admit next' }).click();
      return (await answered).status() === 200;
    }, 'a later press answered');
    await page.getByText('Jane S · A1 has been called.').waitFor();
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(ACTION_KEY);

    await page.getByRole('button', { name: 'Admit next' }).click();
    await page.getByText('Sam G · A2 has been called.').waitFor();
    expect(new Set(keys).size).toBe(2);
    const called = (await testApp.api.queue(surgery.id)).active.filter((row) => row.status === 'called').map((row) => row.lobbyTag);
    expect(called.sort()).toEqual(['Jane S · A1', 'Sam G · A2']);
  });
});
