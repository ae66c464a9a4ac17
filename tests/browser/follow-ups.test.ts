import type { FollowUpList } from '../../bot/api-types';
import { tabInChromium } from '../support/chromium';
import { textOf } from '../support/recording-connector';
import { Resident } from '../support/test-app';

describe('following up residents a surgery did not reach, in the tab in Chromium', () => {
  const chromium = tabInChromium();

  test('When the councillor ends a surgery with residents left, then the tab lists each to follow up with their issue and contact, marks a phone resident not reached, and takes an update and a Done', async () => {
    const { api, app, connector } = chromium.testApp;
    const page = chromium.page;
    const surgery = await api.openSurgery();
    const jane = new Resident(chromium.testApp, 'webchat');
    await jane.checksIn({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      issue: 'The streetlight on Mill Lane is out.',
      contact: 'jane@example.com',
    });
    const pat = await api.call('POST', `/api/surgeries/${surgery.id}/visits`, {
      name: 'Pat Lee',
      postcode: 'SW1A 1AA',
      issue: 'Hedge blocking the pavement.',
      phone: '01632 960123',
    });
    await api.call('POST', `/api/surgeries/${surgery.id}/visits/${pat.body.added.visitId}/admit`);
    await page.goto(`${app.url}/tab/?surgery=${surgery.id}`);

    await page.getByRole('button', { name: 'End surgery' }).click();
    await page.getByText('Anyone you called by phone stays for you to mark seen or not reached.').waitFor();
    await page.getByRole('button', { name: 'Yes, end surgery' }).click();

    const followUps = page.getByRole('list', { name: /Follow-ups/ });
    const janeItem = followUps.getByRole('listitem').filter({ hasText: 'Jane S · A1' });
    await janeItem.getByText('Issue: The streetlight on Mill Lane is out.').waitFor();
    await janeItem.getByRole('link', { name: 'jane@example.com' }).waitFor();
    await janeItem.getByText(/Case SQ-\w+ — follow-up needed/).waitFor();
    await connector.waitFor(
      (c) => c.conversationId === jane.conversationId && textOf(c.activity).includes('ended before we could reach you'),
    );

    // Pat may have been on the phone with a councillor: the tab asks rather than closing the visit.
    await page.getByRole('button', { name: 'Not reached Pat L · A2' }).click();
    const patItem = followUps.getByRole('listitem').filter({ hasText: 'Pat L · A2' });
    await patItem.getByRole('link', { name: '01632 960123' }).waitFor();
    await page.getByRole('heading', { name: 'Follow-ups (2 to do)' }).waitFor();

    await janeItem.getByRole('button', { name: 'Post update Jane S · A1' }).click();
    await janeItem.getByRole('textbox', { name: 'Update for the resident' }).fill('Reported to Highways; fix due Friday.');
    await janeItem.getByRole('button', { name: 'Send update' }).click();
    await janeItem
      .getByRole('list', { name: 'Updates sent' })
      .getByText(/fix due Friday\. \(.*, Delivered\)/)
      .waitFor();
    await patItem.getByRole('button', { name: 'Done Pat L · A2' }).click();
    await page.getByRole('heading', { name: 'Follow-ups (1 to do)' }).waitFor();
    await patItem.getByText(/Case SQ-\w+ — closed/).waitFor();

    const listed = (await api.call<FollowUpList>('GET', `/api/surgeries/${surgery.id}/follow-ups`)).body.followUps;
    expect(listed.map((f) => [f.lobbyTag, f.open])).toEqual([
      ['Jane S · A1', true],
      ['Pat L · A2', false],
    ]);
  });
});
