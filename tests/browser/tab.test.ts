import { tabInChromium, tabTo } from '../support/chromium';
import { meetingIdOfChat } from '../support/fake-teams-meetings';
import { Resident } from '../support/test-app';

describe('councillors tab in Chromium', () => {
  const chromium = tabInChromium();

  test('When the app runs in local mode, then the tab says so at the top', async () => {
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/`);

    await chromium.page.getByText('Local mode — not for production').waitFor();
    expect(await chromium.page.title()).toBe('Surgery queue');
  });

  test('When a councillor sets up a surgery and opens it, then its queue is shown open', async () => {
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/`);

    await chromium.page.getByRole('textbox', { name: 'Ward' }).fill('Abbey');
    await chromium.page
      .getByRole('textbox', { name: 'Teams meeting join link' })
      .fill('https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0');
    await chromium.page.getByRole('textbox', { name: 'Councillors' }).fill('Cllr Ada Khan, Cllr Tom Reid');
    await chromium.page.getByRole('button', { name: 'Set up surgery' }).click();

    await chromium.page.getByRole('heading', { level: 1, name: 'Abbey surgery' }).waitFor();
    const surgeryId = new URL(chromium.page.url()).searchParams.get('surgery') ?? '';
    expect(surgeryId).not.toBe('');
    await chromium.page.getByRole('button', { name: 'Open surgery' }).click();
    await chromium.page.getByRole('button', { name: 'Admit next' }).waitFor();
    expect((await chromium.testApp.api.queue(surgeryId)).surgery).toMatchObject({
      status: 'open',
      councillors: ['Cllr Ada Khan', 'Cllr Tom Reid'],
    });
  });

  test('When a resident checks in, then they appear in the open tab without a reload and are announced', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);
    await chromium.page.getByText('Nobody is in the queue.').waitFor();
    await chromium.page.evaluate(() => {
      document.body.dataset.sameLoad = 'yes';
    });

    await new Resident(chromium.testApp, 'webchat').checksIn({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      issue: 'The streetlight outside my house is broken.',
    });

    const card = chromium.page.getByRole('listitem').filter({ has: chromium.page.getByRole('heading', { name: 'Jane S · A1' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Waiting — 1st');
    const { estimatedWindow } = (await chromium.testApp.api.queue(surgery.id)).active[0]!;
    expect(await card.textContent()).toContain(`Estimated ${estimatedWindow!.words}`);
    await chromium.page.getByRole('status').filter({ hasText: 'Jane S · A1 joined the queue' }).waitFor({ state: 'attached' });
    expect(await chromium.page.evaluate(() => document.body.dataset.sameLoad)).toBe('yes');
  });

  test('When live updates come through after the queue is shown, then nothing on the page moves (a press in flight lands where it began)', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    // The queue is shown before its stream opens; hold the stream back to look at the page in between.
    let letStreamOpen = (): void => undefined;
    const streamHeld = new Promise<void>((resolve) => (letStreamOpen = resolve));
    await chromium.page.route('**/stream-ticket', async (route) => {
      await streamHeld;
      await route.continue();
    });
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);
    const admitNext = chromium.page.getByRole('button', { name: 'Admit next' });
    await chromium.page.getByText('Connecting to live updates…').waitFor();
    const before = await admitNext.boundingBox();
    expect(before).not.toBeNull();

    letStreamOpen();
    await chromium.page.getByText('Connecting to live updates…').waitFor({ state: 'detached' });

    expect(await admitNext.boundingBox()).toEqual(before);
  });

  test('When the councillor presses Admit next from the keyboard, then the first waiting resident is called', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    await new Resident(chromium.testApp, 'webchat').checksIn({ name: 'Jane Smith', postcode: 'SW1A 1AA', issue: 'Bins not collected.' });
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);
    await chromium.page.getByRole('heading', { name: 'Jane S · A1' }).waitFor();

    await tabTo(chromium.page, chromium.page, 'Admit next');
    await chromium.page.keyboard.press('Enter');

    await chromium.page.getByText('Jane S · A1 has been called.').waitFor();
    await chromium.page.getByRole('button', { name: 'Joined Jane S · A1' }).waitFor();
    expect((await chromium.testApp.api.queue(surgery.id)).active).toMatchObject([{ lobbyTag: 'Jane S · A1', status: 'called' }]);
  });

  test('When residents are called one after another, then one reminder shows at a time, it goes by itself after a minute, and it can be dismissed', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    for (const name of ['Jane Smith', 'Omar Farouk', 'Priya Shah'])
      await new Resident(chromium.testApp, 'webchat').checksIn({ name, postcode: 'SW1A 1AA', issue: 'Parking' });
    await chromium.page.clock.install();
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);
    const reminders = chromium.page.getByText(/has been called\. Admit them from the Teams lobby/);
    const admitNext = chromium.page.getByRole('button', { name: 'Admit next' });

    await admitNext.click();
    await chromium.page.getByText('Jane S · A1 has been called.').waitFor();
    await admitNext.click();
    await chromium.page.getByText('Omar F · A2 has been called.').waitFor();
    expect(await reminders.count()).toBe(1);

    await chromium.page.clock.fastForward('01:01');
    await reminders.waitFor({ state: 'detached' });

    await admitNext.click();
    await chromium.page.getByText('Priya S · A3 has been called.').waitFor();
    await chromium.page.getByRole('button', { name: 'Dismiss: Priya S · A3 has been called' }).click();
    await reminders.waitFor({ state: 'detached' });
  });

  test('When the Teams meeting starts before the surgery is open, then the tab says so, and the councillor can dismiss it', async () => {
    const chat = '19:meeting_notice@thread.v2';
    const created = await chromium.testApp.api.call('POST', '/api/surgeries', {
      ward: 'Abbey',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_notice%40thread.v2/0',
      councillors: ['Cllr Ada Khan'],
      meetingId: meetingIdOfChat(chat),
    });
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${created.body.id}`);
    await chromium.page.getByRole('button', { name: 'Open surgery' }).waitFor();

    // The meeting's start as Teams posts it to the bot.
    await fetch(`${chromium.testApp.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'event',
        name: 'application/vnd.microsoft.meetingStart',
        id: 'meeting-start',
        channelId: 'msteams',
        serviceUrl: chromium.testApp.connector.url,
        from: { id: '29:organiser', aadObjectId: 'organiser' },
        recipient: { id: '28:bot', name: 'Surgery Queue' },
        conversation: { id: chat, conversationType: 'groupChat', isGroup: true },
        channelData: { meeting: { id: meetingIdOfChat(chat) } },
        value: { MeetingType: 'Scheduled', Id: meetingIdOfChat(chat), StartTime: new Date().toISOString() },
      }),
    });
    const notice = chromium.page.getByText('The Teams meeting has started. Open the surgery so residents can check in.');
    await notice.waitFor();
    await chromium.page.getByRole('button', { name: 'Dismiss the meeting notice' }).click();
    await notice.waitFor({ state: 'detached' });
  });

  test('When the councillor copies the surgery’s public page link, then its address is on the clipboard to share', async () => {
    const surgery = await chromium.testApp.api.openSurgery();
    const { publicPageUrl } = await chromium.testApp.api.queue(surgery.id);
    expect(publicPageUrl).toMatch(new RegExp(`^https?://[^/]+/surgeries/${surgery.id}$`));
    await chromium.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: chromium.testApp.app.url });
    await chromium.page.goto(`${chromium.testApp.app.url}/tab/?surgery=${surgery.id}`);

    expect(await chromium.page.getByRole('link', { name: publicPageUrl }).getAttribute('href')).toBe(publicPageUrl);
    await chromium.page.getByRole('button', { name: 'Copy link' }).click();
    await chromium.page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    expect(await chromium.page.evaluate(() => navigator.clipboard.readText())).toBe(publicPageUrl);
  });
});
