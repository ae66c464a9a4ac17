import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appInChromium } from '../support/chromium';
import { PaintedBadge, paintedBadges } from '../support/contrast';
import { changeTheme, openInTeams, TeamsTheme } from '../support/teams-test-host';
import { Resident, TestApp, startTestApp } from '../support/test-app';

// WCAG 2.2 AA for text of a badge's size (https://www.w3.org/TR/WCAG22/#contrast-minimum).
const LEAST_RATIO = 4.5;
const LISTS = 'postcode,ward\nRV1 1AA,Abbey\nRV2 1AA,Castle\n';

// Every badge the queue can show: the surgery's, each ward check's, and each colour of an active resident's
// status (finished residents' statuses are plain text, which axe checks).
const QUEUE_BADGES = ['Open', 'In ward', 'Outside ward (Castle)', 'Address not checked', 'Waiting — 1st', 'Called', 'With a councillor'];
// And the list of surgeries: open and not open yet; and a cancelled surgery's own.
const LIST_BADGES = ['Open', 'Not open yet'];

describe('Badges in the tab, in each of Teams’ themes, in Chromium', () => {
  let lists: string;
  const chromium = appInChromium(async () => {
    lists = mkdtempSync(path.join(tmpdir(), 'badge-contrast-'));
    writeFileSync(path.join(lists, 'ward-postcodes.csv'), LISTS);
    const test = await startTestApp({ env: { WARD_POSTCODES_FILE: path.join(lists, 'ward-postcodes.csv') } });
    return {
      test,
      stop: async () => {
        await test.stop();
        rmSync(lists, { recursive: true, force: true });
      },
    };
  });

  /** A queue with a resident in every status the tab colours, from the tab's own API. */
  async function queueOfEveryKind(test: TestApp): Promise<string> {
    const surgery = await test.api.openSurgery({ ward: 'Abbey' });
    const people = [
      { name: 'Ann Lee', postcode: 'RV1 1AA' },
      { name: 'Bob Ray', postcode: 'RV1 1AA' },
      { name: 'Dan Oak', postcode: 'RV1 1AA' },
      { name: 'Eve Ash', postcode: 'RV1 1AA' },
      { name: 'Fay Elm', postcode: 'RV1 1AA' },
      { name: 'Gus Yew', postcode: 'RV2 1AA' },
      { name: 'Cat Moss', postcode: 'SW1A 1AA' },
    ];
    const residents = [];
    for (const person of people) {
      const resident = new Resident(test, 'webchat');
      await resident.checksIn({ ...person, issue: 'Bins not collected.' });
      residents.push(resident);
    }
    const act = (visitId: string, action: string, body?: unknown) =>
      test.api.call('POST', `/api/surgeries/${surgery.id}/visits/${visitId}/${action}`, body);
    const call = async () => (await test.api.admitNext(surgery.id)).body.called.visitId;
    const seen = await call();
    await act(seen, 'joined');
    await act(seen, 'seen', { outcome: 'Reported to the council' });
    const noShow = await call();
    await act(noShow, 'no-show');
    await residents[3]!.says('leave');
    const withCouncillor = await call();
    await act(withCouncillor, 'joined');
    await call();
    await test.app.settled();
    return surgery.id;
  }

  const below = (badges: PaintedBadge[]) => badges.filter((badge) => badge.ratio < LEAST_RATIO);

  const inTeams = (tabPath: string, theme: TeamsTheme) =>
    openInTeams(chromium.page, chromium.app.test.app.url, {
      frameContext: 'content',
      meetingId: '',
      chatId: '',
      userObjectId: 'local',
      tenantId: 'local',
      token: 'local',
      theme,
      tabPath,
    });

  it.each<TeamsTheme>(['default', 'dark', 'contrast'])(
    'When the theme is %s, then every badge in the queue and the list of surgeries reads at 4.5:1 or more against what is behind it',
    async (theme) => {
      const { test } = chromium.app;
      const surgeryId = await queueOfEveryKind(test);
      const castle = {
        ward: 'Castle',
        joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_castle%40thread.v2/0',
        councillors: ['Cllr Ada Khan'],
      };
      await test.api.call('POST', '/api/surgeries', castle);
      const cancelled = (await test.api.call<{ id: string }>('POST', '/api/surgeries', castle)).body.id;
      expect((await test.api.call('POST', `/api/surgeries/${cancelled}/cancel`, {})).status).toBe(200);

      // Given at start, and again live: a change arriving later paints the same badges.
      const queue = await inTeams(`/tab/?surgery=${surgeryId}`, theme);
      await queue.getByRole('heading', { name: 'Cat M · A7' }).waitFor();
      await changeTheme(chromium.page, theme);
      const inQueue = await paintedBadges(queue);
      expect(inQueue.map((badge) => badge.text)).toEqual(expect.arrayContaining(QUEUE_BADGES));
      expect(below(inQueue)).toEqual([]);

      const list = await inTeams('/tab/', theme);
      await list.getByText('Not open yet').waitFor();
      const listed = await paintedBadges(list);
      expect(listed.map((badge) => badge.text)).toEqual(expect.arrayContaining(LIST_BADGES));
      expect(below(listed)).toEqual([]);

      const header = await inTeams(`/tab/?surgery=${cancelled}`, theme);
      await header.getByText('Cancelled', { exact: true }).waitFor();
      expect(below(await paintedBadges(header))).toEqual([]);
    },
  );
});
