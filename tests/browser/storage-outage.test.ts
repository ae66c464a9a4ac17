import { loadConfig } from '../../bot/config';
import { tabInChromium } from '../support/chromium';
import { Resident } from '../support/test-app';

describe('The councillors tab while storage is down', () => {
  // Production's limit on a call to storage, which is what makes a silent storage answer quickly.
  const chromium = tabInChromium({
    storageProxy: true,
    env: { STORAGE_CALL_TIMEOUT_MS: String(loadConfig({ LOCAL_MODE: 'true' }).storageCallTimeoutMs) },
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
});
