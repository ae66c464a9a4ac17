import { readFile } from 'node:fs/promises';
import { FrameLocator, Page } from 'playwright-core';
import { seriousAxeProblems } from '../support/axe';
import { pageInChromium, SIDE_PANEL, tabTo } from '../support/chromium';
import { COUNCIL_TENANT, EntraUser } from '../support/fake-entra';
import { eventually } from '../support/patience';
import { SignedInTestApp, startSignedInApp } from '../support/signed-in-app';
import { openInTeams, TeamsTheme } from '../support/teams-test-host';
import { Resident, TestApp, startTestApp } from '../support/test-app';

const ADA: EntraUser = { oid: '0000ada0-0000-4000-8000-000000000001', name: 'Cllr Ada Khan', upn: 'ada.khan@council.example' };
const DPO: EntraUser = { oid: '00000d90-0000-4000-8000-000000000009', name: 'Dana Protection', upn: 'Dana.Protection@council.example' };
const JANE = { name: 'Jane Smith', postcode: 'AB1 1AA', issue: 'Damp in the Zanzibar flats', contact: 'jane@example.com' };

/** Presses Tab until the text box named `name` has focus, as a keyboard user would reach it. */
async function tabToField(page: Page, name: string): Promise<void> {
  const target = page.getByRole('textbox', { name });
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the "${name}" field`);
}

describe("The officers' page in Chromium", () => {
  const chromium = pageInChromium({ ...SIDE_PANEL, acceptDownloads: true });
  let page: Page;

  beforeEach(() => {
    ({ page } = chromium);
  });

  describe('in local mode, at /officers/', () => {
    let test: TestApp;

    beforeEach(async () => {
      test = await startTestApp();
    });

    afterEach(async () => {
      await test?.stop();
    });

    it("When an officer finds a resident by email with the keyboard, downloads what is held and erases it, then the confirmation names every record and the resident's details are gone", async () => {
      const surgery = await test.api.openSurgery({ ward: 'Abbey' });
      await new Resident(test, 'webchat').checksIn(JANE);
      const lobbyTag = (await test.api.queue(surgery.id)).active[0]!.lobbyTag;

      await page.goto(`${test.app.url}/officers/`);
      await page.getByRole('heading', { level: 1, name: "Officers' page" }).waitFor();
      for (const section of [
        "Find a resident's data",
        'Ward roster and postcode lists',
        'Surgeries not matched to a ward',
        'Messages not delivered in the last 7 days',
        'Audit trail',
      ]) {
        await page.getByRole('heading', { level: 2, name: section }).waitFor();
      }
      await page.getByText('Every message in the last 7 days was delivered.').waitFor();
      expect(await seriousAxeProblems(page)).toEqual([]);

      await tabToField(page, 'Email address');
      await page.keyboard.type(JANE.contact);
      await page.keyboard.press('Enter');
      await page.getByText('Found in 1 surgery.').waitFor();
      expect(await page.getByRole('main').innerText()).toContain(`Visit ${lobbyTag}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

      await tabTo(page, page, 'Download everything held (JSON)');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toMatch(/^resident-data-\d{4}-\d{2}-\d{2}\.json$/);
      const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
      expect(exported.surgeries[0].visits[0]).toMatchObject({
        name: JANE.name,
        issue: JANE.issue,
        contact: { kind: 'email', value: JANE.contact },
      });

      await tabTo(page, page, 'Erase…');
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('alertdialog', { name: "Erase this resident's data?" });
      await dialog.waitFor();
      const confirmation = await dialog.innerText();
      expect(confirmation).toContain('This record will be anonymised now');
      expect(confirmation).toContain(`Visit ${lobbyTag} (${JANE.name}) at the Abbey surgery`);
      expect(confirmation).toContain('their name, address, postcode, email and phone, what they came about');
      expect(await seriousAxeProblems(page)).toEqual([]);
      await tabTo(page, page, 'Erase now');
      await page.keyboard.press('Enter');
      await page.getByText('Erased: 1 visit and 0 bookings anonymised.').waitFor();

      const left = JSON.stringify(await test.api.queue(surgery.id));
      for (const detail of [JANE.name, JANE.issue, JANE.contact]) expect(left).not.toContain(detail);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByText("erased a resident's data").first().waitFor();
    });
  });

  describe('in Teams, signed in with Teams SSO', () => {
    let app: SignedInTestApp;

    beforeEach(async () => {
      app = await startSignedInApp({ env: { OFFICER_ACCOUNTS: `${COUNCIL_TENANT}/${DPO.oid}` } });
    });

    afterEach(async () => {
      await app?.stop();
    });

    const asPersonalTab = async (user: EntraUser, theme: TeamsTheme): Promise<FrameLocator> =>
      openInTeams(page, app.app.url, {
        frameContext: 'content',
        meetingId: '',
        chatId: '',
        userObjectId: user.oid,
        tenantId: COUNCIL_TENANT,
        token: await app.entra.token(user),
        theme,
        tabPath: '/officers/',
      });

    it.each<TeamsTheme>(['default', 'dark', 'contrast'])(
      'When the officer opens the personal tab in the %s theme, then every section shows and axe finds nothing serious',
      async (theme) => {
        await (await app.as(ADA)).openSurgery({ ward: 'Abbey' });
        const tab = await asPersonalTab(DPO, theme);
        await tab.getByRole('heading', { level: 1, name: "Officers' page" }).waitFor();
        await tab.getByText(/entries, newest first|entry, newest first/).waitFor();
        await eventually(
          async () =>
            (await tab
              .locator('.fui-FluentProvider')
              .first()
              .evaluate((el) => getComputedStyle(el).backgroundColor)) !== '',
          'the theme to be painted',
        );
        expect(await tab.locator(':root').evaluate((root) => root.scrollWidth - root.clientWidth)).toBeLessThanOrEqual(0);
        expect(await seriousAxeProblems(page)).toEqual([]);
      },
    );

    it('When a councillor who is not an officer opens the personal tab, then it says the page is for officers and shows nothing else', async () => {
      await (await app.as(ADA)).openSurgery({ ward: 'Abbey' });
      const tab = await asPersonalTab(ADA, 'default');
      await tab.getByText("This page is for the council officers who handle residents' data requests.", { exact: false }).waitFor();
      expect(await tab.getByRole('heading', { name: 'Audit trail' }).count()).toBe(0);
    });
  });
});
