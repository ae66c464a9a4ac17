import { seriousAxeProblems } from '../support/axe';
import { Page } from 'playwright-core';
import { tabInChromium } from '../support/chromium';
import type { TestApp } from '../support/test-app';

describe('adding a resident who rang, in the tab in Chromium (320 px side panel)', () => {
  const chromium = tabInChromium();

  test('When a councillor adds a resident with a landline by keyboard, then errors are listed first, and the resident joins the queue with "Phone them" and a tel: link', async () => {
    const { testApp } = chromium;
    // Its own context, which axe needs to check the page.
    const page = await (await chromium.browser.newContext({ viewport: { width: 320, height: 800 }, locale: 'en-GB' })).newPage();
    try {
      await addsResidentByKeyboard(page, testApp);
    } finally {
      await page.context().close();
    }
  });

  async function addsResidentByKeyboard(page: Page, testApp: TestApp): Promise<void> {
    const surgery = await testApp.api.openSurgery();
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);
    await page.getByText('Nobody is in the queue.').waitFor();

    await page.getByRole('button', { name: 'Add a resident' }).click();
    const form = page.getByRole('form', { name: 'Add a resident' });
    await form.waitFor();
    const name = form.getByRole('textbox', { name: 'Name' });
    expect(await name.evaluate((element) => element === document.activeElement)).toBe(true);

    // Sent empty with the keyboard: every problem is listed, the list takes focus, each links to its field.
    await page.keyboard.press('Enter');
    const summary = form.getByRole('group', { name: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Enter the resident’s name.',
      'Enter the resident’s postcode, like SW1A 1AA.',
      'Enter what they would like to talk about.',
      'Enter a UK phone number, like 01632 960123 or 07700 900123, or tick “They have no phone”.',
    ]);
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(
      await name.evaluate((element) =>
        element
          .getAttribute('aria-describedby')
          ?.split(' ')
          .some((id) => document.getElementById(id)?.textContent === 'Enter the resident’s name.'),
      ),
    ).toBe(true);
    expect(await seriousAxeProblems(page)).toEqual([]);
    await summary.getByRole('link', { name: /phone number/ }).press('Enter');
    expect(await form.getByRole('textbox', { name: 'Phone number' }).evaluate((element) => element === document.activeElement)).toBe(true);

    await name.fill('Mary Jones');
    await form.getByRole('textbox', { name: 'Postcode' }).fill('sw1a 1aa');
    await form.getByRole('textbox', { name: 'What they would like to talk about' }).fill('Bins not collected');
    await form.getByRole('textbox', { name: 'Phone number' }).fill('01632 960123');
    await form.getByRole('textbox', { name: 'Phone number' }).press('Enter');

    await page.getByText('Mary Jones is in the queue as Mary J · A1.').waitFor();
    expect(await page.getByRole('button', { name: 'Add a resident' }).evaluate((element) => element === document.activeElement)).toBe(true);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Mary J · A1' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('via Phone');
    expect(await card.textContent()).toContain(
      'Phone them on 01632 960123, then add them to the meeting by phone, or admit them from the lobby if they join online.',
    );
    expect(await card.getByRole('link', { name: '01632 960123' }).getAttribute('href')).toBe('tel:+441632960123');
    // Residents added by hand have no chat to message.
    expect(await card.getByRole('button', { name: 'Message Mary J · A1' }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await seriousAxeProblems(page)).toEqual([]);

    const [visit] = (await testApp.api.queue(surgery.id)).active;
    expect(visit).toMatchObject({
      name: 'Mary Jones',
      postcode: 'SW1A 1AA',
      channel: 'phone',
      phone: { tel: '+441632960123', mobile: false },
    });
  }

  test('When a resident with a mobile and one with no phone are added, then only the one without a mobile is shown as needing a call, once they are next', async () => {
    const { page, testApp } = chromium;
    const surgery = await testApp.api.openSurgery();
    const add = (body: Record<string, unknown>) =>
      testApp.api.call('POST', `/api/surgeries/${surgery.id}/visits`, { postcode: 'SW1A 1AA', issue: 'Parking', ...body });
    expect((await add({ name: 'Sam Mobile', phone: '07700 900123', noPhone: false })).status).toBe(201);
    expect((await add({ name: 'Nia Nophone', phone: '', noPhone: true })).status).toBe(201);
    await page.goto(`${testApp.app.url}/tab/?surgery=${surgery.id}`);

    const sam = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Sam M · A1' }) });
    await sam.waitFor();
    expect(await sam.textContent()).toContain('Mobile: 07700 900123');
    expect(await sam.textContent()).not.toContain('Phone them');
    const nia = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Nia N · A2' }) });
    expect(await nia.textContent()).toContain('No phone number');
    expect(await nia.textContent()).not.toContain('Admit them from the lobby');

    await page.getByRole('button', { name: 'Admit Sam M · A1' }).click();
    await nia.getByText('No phone number. Admit them from the lobby when they join the meeting.').waitFor();
  });
});
